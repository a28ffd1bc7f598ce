import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import { isSafeUrl } from '../shared/safe-url.ts'
import { dateFromFileName, isRealDate, readMastheadDate } from './attribution.ts'
import { CorpusError } from './corpus-error.ts'
import { splitFrontMatter } from './front-matter.ts'
import { extractHtmlArticle } from './html-article.ts'
import { type ArticleDraft, type PageDate, segmentArticles } from './pdf-articles.ts'
import { buildUnits, type Unit } from './pdf-units.ts'
import { splitLongParagraph } from './split-paragraph.ts'
import { type Article, UNKNOWN_SOURCE } from './types.ts'

/** Options for turning one raw file into articles. */
export interface ExtractOptions {
  /** Publication to use when the file does not name one (e.g. from `ingest --source`). */
  defaultSource?: string
  /** The page's date (YYYY-MM-DD, from `ingest --date`): the year of its datelines, the date of undated articles. */
  date?: string
}

/** The articles of one raw file and what the reader of the result should check. */
export interface ExtractedPage {
  articles: Article[]
  warnings: string[]
}

/** Longest paragraph kept whole; a longer one is split at sentence ends (a quote that long matches anything). */
export const MAX_PARAGRAPH_CHARS = 2000

/** Turns the decoded text of one raw file into clean, attributed articles (pure: no file access). */
export function extractArticles(text: string, rawFileName: string, options: ExtractOptions = {}): Article[] {
  return extractPage(text, rawFileName, options).articles
}

/**
 * Turns the decoded text of one raw file into articles plus warnings (split paragraphs, dropped links,
 * datelines without a year). Throws a CorpusError saying why when the file yields no article.
 */
export function extractPage(text: string, rawFileName: string, options: ExtractOptions = {}): ExtractedPage {
  const file = basename(rawFileName)
  const warnings: string[] = []
  if (options.date !== undefined && !isRealDate(options.date)) {
    throw new CorpusError({ file }, `--date ${options.date} is not a real date; write it as YYYY-MM-DD`)
  }
  const frontMatter = splitFrontMatter(text, rawFileName)
  let drafts: ArticleDraft[]
  let units: Unit[] = []
  if (frontMatter) {
    const lastLine = text.trimEnd().split('\n').length
    const draft = extractHtmlArticle({
      data: frontMatter.data,
      body: frontMatter.body,
      fileName: rawFileName,
      lines: [frontMatter.startLine, lastLine],
      ...(options.defaultSource ? { defaultSource: options.defaultSource } : {}),
    })
    if (!draft.date && options.date) draft.date = options.date
    drafts = [draft]
  } else {
    // A masthead line dates the page and is not part of any article.
    const masthead = readMastheadDate(text)
    const lines = text.split('\n')
    if (masthead) lines[masthead.line] = ''
    units = buildUnits(lines.join('\n'))
    const date = options.date ?? dateFromFileName(file) ?? masthead?.date
    drafts = segmentArticles(units, pageDateOf(date))
  }
  if (drafts.length === 0) throw new CorpusError({ file }, `no article found: ${whyNothing(text, units)}`)
  const pageSource =
    drafts.find((draft) => draft.printedSource)?.printedSource ?? findIssuer(text) ?? options.defaultSource
  const prefix = articleIdPrefix(file)
  const articles = drafts.map((draft, index) => {
    const id = `${prefix}-${String(index + 1).padStart(2, '0')}`
    const where = `${file}:${draft.lines[0]} (${id} 《${draft.title}》)`
    const paragraphs: string[] = []
    for (const paragraph of draft.paragraphs) {
      const pieces = splitLongParagraph(paragraph, MAX_PARAGRAPH_CHARS)
      if (pieces.length > 1) {
        warnings.push(
          `${where}: a paragraph of ${paragraph.length} characters was split at sentence ends into ${pieces.length} (limit ${MAX_PARAGRAPH_CHARS})`,
        )
      }
      paragraphs.push(...pieces)
    }
    const article: Article = {
      id,
      title: draft.title,
      source: draft.printedSource ?? pageSource ?? UNKNOWN_SOURCE,
      authors: draft.authors,
      raw: { file, lines: draft.lines },
      paragraphs,
    }
    if (draft.subtitle) article.subtitle = draft.subtitle
    if (draft.kicker) article.kicker = draft.kicker
    if (draft.date) article.date = draft.date
    if (draft.url && isSafeUrl(draft.url)) article.url = draft.url
    else if (draft.url)
      warnings.push(`${where}: url "${draft.url}" dropped: only http and https links are kept`)
    if (draft.continuation) article.continuation = draft.continuation
    if (draft.undatedDateline) {
      warnings.push(
        `${where}: dateline ${draft.undatedDateline} left undated: the file does not say the year (pass --date YYYY-MM-DD)`,
      )
    }
    return article
  })
  return { articles, warnings }
}

function pageDateOf(date: string | undefined): PageDate | undefined {
  if (date === undefined) return undefined
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), date }
}

/** Why a page produced no article, in words staff can act on. */
function whyNothing(text: string, units: Unit[]): string {
  if (text.trim() === '') return 'the file has no text'
  const running = units.filter((unit) => unit.kind === 'text' || unit.kind === 'caption').length
  if (running === 0) {
    return `its ${units.length} text blocks are all headings, bylines or credits; an article needs paragraphs of running text (sentences ending in 。！？)`
  }
  return `its ${running} paragraphs could not be grouped into an article`
}

/**
 * The id prefix for a raw file, from its full name so no other file can share it: the name without its
 * extension when that is already a safe id (`000_5aece39b5635e924.txt` -> `000_5aece39b5635e924`), else a
 * slug of it plus a hash of the full name (`湖南日报 第3版.TXT` -> `page-3a5f…`).
 */
export function articleIdPrefix(fileName: string): string {
  const name = basename(fileName)
  const base = name.replace(/\.(?:txt|md|markdown|html?)$/, '')
  if (/^[a-z0-9][a-z0-9_-]{0,63}$/.test(base)) return base
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8)
  return slug ? `${slug}-${hash}` : `doc-${hash}`
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
