import { createHash } from 'node:crypto'
import YAML, { type YAMLSeq } from 'yaml'
import { articleMetaSchema } from './article-schema.ts'
import { CorpusError } from './corpus-error.ts'
import type { Article } from './types.ts'

/** An article file's content plus the hash ingest stamped on it, if any. */
export interface ArticleFile {
  article: Article
  /** Hash written by `serializeArticle`; absent in files written by hand. */
  contentHash?: string
  /** True when the content no longer matches the stamped hash, i.e. someone corrected the file by hand. */
  edited: boolean
}

const FENCE = '---'

/** Stable hash of an article's content (metadata and paragraphs), used to notice hand corrections. */
export function hashArticle(article: Article): string {
  const canonical = JSON.stringify([
    article.id,
    article.title,
    article.subtitle ?? null,
    article.kicker ?? null,
    article.source,
    article.date ?? null,
    article.authors,
    article.url ?? null,
    article.continuation ?? null,
    article.raw.file,
    article.raw.lines,
    article.paragraphs,
  ])
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16)
}

/** Renders an article as Markdown with YAML front matter, stamped with the hash of its content. */
export function serializeArticle(article: Article): string {
  const meta: Record<string, unknown> = { id: article.id, title: article.title }
  if (article.subtitle !== undefined) meta.subtitle = article.subtitle
  if (article.kicker !== undefined) meta.kicker = article.kicker
  meta.source = article.source
  if (article.date !== undefined) meta.date = article.date
  meta.authors = article.authors
  if (article.url !== undefined) meta.url = article.url
  if (article.continuation !== undefined) meta.continuation = article.continuation
  meta.raw = { file: article.raw.file, lines: [...article.raw.lines] }
  meta.contentHash = hashArticle(article)
  const doc = new YAML.Document(meta)
  const lines = doc.getIn(['raw', 'lines'], true) as YAMLSeq
  lines.flow = true
  doc.commentBefore =
    ' Written by `npm run ingest`. Correct anything by hand: ingest keeps edited files (contentHash no longer matches).'
  const frontMatter = doc.toString({ lineWidth: 0 })
  return `${FENCE}\n${frontMatter}${FENCE}\n\n${article.paragraphs.join('\n\n')}\n`
}

/** Parses an article file (YAML front matter + one paragraph per line), reporting whether it was hand-edited. */
export function readArticleFile(text: string, fileName: string): ArticleFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  if (lines[0]?.trim() !== FENCE) {
    throw new CorpusError({ file: fileName, line: 1 }, `expected front matter starting with "${FENCE}"`)
  }
  const closing = lines.findIndex((line, index) => index > 0 && line.trim() === FENCE)
  if (closing < 0) {
    throw new CorpusError({ file: fileName, line: 1 }, `front matter is not closed by a "${FENCE}" line`)
  }
  const frontMatterLines = lines.slice(1, closing)
  const doc = YAML.parseDocument(frontMatterLines.join('\n'))
  const yamlError = doc.errors[0]
  if (yamlError) {
    const line = (yamlError.linePos?.[0]?.line ?? 0) + 1
    throw new CorpusError(
      { file: fileName, line },
      `broken front matter: ${yamlError.message.split('\n')[0]}`,
      { cause: yamlError },
    )
  }
  const parsed = articleMetaSchema.safeParse(doc.toJS())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const key = String(issue.path[0] ?? '')
    const keyLine = frontMatterLines.findIndex((line) => line.startsWith(`${key}:`))
    const field = issue.path.join('.') || 'front matter'
    throw new CorpusError(
      { file: fileName, line: keyLine >= 0 ? keyLine + 2 : 1 },
      `invalid front matter field "${field}": ${issue.message}`,
      { cause: parsed.error },
    )
  }
  const paragraphs = readParagraphs(lines, closing + 1, fileName)
  if (paragraphs.length === 0) {
    throw new CorpusError({ file: fileName, line: closing + 2 }, 'article has no paragraphs')
  }
  const { contentHash, ...meta } = parsed.data
  const article: Article = { ...stripUndefined(meta), paragraphs }
  const result: ArticleFile = { article, edited: contentHash !== hashArticle(article) }
  if (contentHash !== undefined) result.contentHash = contentHash
  return result
}

/** Parses an article file into an Article; throws a CorpusError naming the file and line on bad input. */
export function parseArticleFile(text: string, fileName: string): Article {
  return readArticleFile(text, fileName).article
}

function readParagraphs(lines: string[], start: number, fileName: string): string[] {
  const paragraphs: string[] = []
  let previousBlank = true
  for (let index = start; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim()
    if (line === '') {
      previousBlank = true
      continue
    }
    if (!previousBlank) {
      throw new CorpusError(
        { file: fileName, line: index + 1 },
        'paragraph continues on a second line; write each paragraph on one line, separated by a blank line',
      )
    }
    paragraphs.push(line)
    previousBlank = false
  }
  return paragraphs
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T
}
