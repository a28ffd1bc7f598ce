import { basename } from 'node:path'
import { splitFrontMatter } from './front-matter.ts'
import { extractHtmlArticle } from './html-article.ts'
import { type ArticleDraft, segmentArticles } from './pdf-articles.ts'
import { buildUnits } from './pdf-units.ts'
import { type Article, UNKNOWN_SOURCE } from './types.ts'

/** Options for turning one raw file into articles. */
export interface ExtractOptions {
  /** Publication to use when the file does not name one (e.g. from `ingest --source`). */
  defaultSource?: string
}

/** Turns the decoded text of one raw file into clean, attributed articles (pure: no file access). */
export function extractArticles(text: string, rawFileName: string, options: ExtractOptions = {}): Article[] {
  const file = basename(rawFileName)
  const frontMatter = splitFrontMatter(text, rawFileName)
  let drafts: ArticleDraft[]
  if (frontMatter) {
    const lastLine = text.trimEnd().split('\n').length
    drafts = [
      extractHtmlArticle({
        data: frontMatter.data,
        body: frontMatter.body,
        fileName: rawFileName,
        lines: [frontMatter.startLine, lastLine],
        ...(options.defaultSource ? { defaultSource: options.defaultSource } : {}),
      }),
    ]
  } else {
    drafts = segmentArticles(buildUnits(text), text)
  }
  const pageSource =
    drafts.find((draft) => draft.printedSource)?.printedSource ?? findIssuer(text) ?? options.defaultSource
  const prefix = articleIdPrefix(file)
  return drafts.map((draft, index) => {
    const article: Article = {
      id: `${prefix}-${String(index + 1).padStart(2, '0')}`,
      title: draft.title,
      source: draft.printedSource ?? pageSource ?? UNKNOWN_SOURCE,
      authors: draft.authors,
      raw: { file, lines: draft.lines },
      paragraphs: draft.paragraphs,
    }
    if (draft.subtitle) article.subtitle = draft.subtitle
    if (draft.kicker) article.kicker = draft.kicker
    if (draft.date) article.date = draft.date
    if (draft.url) article.url = draft.url
    if (draft.continuation) article.continuation = draft.continuation
    return article
  })
}

/** The id prefix for a raw file: its leading number (`000_5aec….txt` -> `000`), else its name as a slug. */
export function articleIdPrefix(fileName: string): string {
  const base = basename(fileName).replace(/\.[^.]+$/, '')
  const numbered = /^(\d+)[_-]/.exec(base)
  if (numbered) return numbered[1]!
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug || 'doc'
}

/** A government body that issues a report (e.g. 湘潭市民政局), when the text names one repeatedly. */
function findIssuer(text: string): string | undefined {
  const counts = new Map<string, number>()
  for (const match of text.matchAll(/\p{Script=Han}{2,3}[省市县]\p{Script=Han}{2,4}?[局厅]/gu)) {
    counts.set(match[0], (counts.get(match[0]) ?? 0) + 1)
  }
  const [best] = [...counts.entries()].filter(([, count]) => count >= 2).sort((a, b) => b[1] - a[1])
  return best?.[0]
}
