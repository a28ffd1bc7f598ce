import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { readArticleFile, serializeArticle } from './article-file.ts'
import { CorpusError } from './corpus-error.ts'
import { decodeRawBytes } from './decode-raw.ts'
import { extractArticles } from './extract-articles.ts'
import { renderCorpusIndex } from './render-index.ts'
import { type Article, UNKNOWN_SOURCE } from './types.ts'

/** Where ingest reads and writes, and how. */
export interface IngestOptions {
  articlesDir: string
  rawDir: string
  /** corpus/index.md; rewritten after every ingest. */
  indexPath: string
  /** Overwrite hand-corrected articles too. */
  force?: boolean
  /** Publication to use when the raw file does not name one. */
  defaultSource?: string
}

/** What one ingest did. */
export interface IngestReport {
  rawFile: string
  encoding: string
  copiedRaw: boolean
  written: string[]
  unchanged: string[]
  kept: string[]
  removed: string[]
  warnings: string[]
}

/** Ingests one raw file: copies it into the raw dir, writes its articles (keeping hand corrections) and the index. */
export async function ingestRawFile(path: string, options: IngestOptions): Promise<IngestReport> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw new CorpusError({ file: path }, 'cannot read the raw file', { cause: error })
  }
  const { text, encoding } = decodeRawBytes(bytes, path)
  const name = basename(path)
  const articles = extractArticles(
    text,
    name,
    options.defaultSource ? { defaultSource: options.defaultSource } : {},
  )
  if (articles.length === 0) throw new CorpusError({ file: path }, 'no article found in the file')
  // Validate everything before writing anything: each article must survive a round trip through its file format.
  const files = articles.map((article) => {
    const content = serializeArticle(article)
    readArticleFile(content, `${article.id}.md`)
    return { id: article.id, content }
  })

  // Existing article files are read (and must parse) before anything is written.
  const existing = await readExistingArticles(options.articlesDir)
  const report: IngestReport = {
    rawFile: name,
    encoding,
    copiedRaw: false,
    written: [],
    unchanged: [],
    kept: [],
    removed: [],
    warnings: [],
  }
  if (articles.some((article) => article.source === UNKNOWN_SOURCE)) {
    report.warnings.push(
      `${path}: names no publication; its articles say "${UNKNOWN_SOURCE}" (pass --source to set one)`,
    )
  }
  const rawTarget = join(options.rawDir, name)
  const rawBefore =
    resolve(rawTarget) === resolve(path) ? bytes : await readFile(rawTarget).catch(() => undefined)
  if (rawBefore && !Buffer.from(rawBefore).equals(Buffer.from(bytes)) && !options.force) {
    throw new CorpusError(
      { file: rawTarget },
      'a different raw file with this name exists; rename yours or use --force',
    )
  }

  const writes: { id: string; content: string }[] = []
  const finalArticles = new Map<string, Article>()
  for (const [id, current] of existing) {
    if (current.article.raw.file !== name) finalArticles.set(id, current.article)
  }
  const newIds = new Set(files.map((file) => file.id))
  for (const [index, file] of files.entries()) {
    const current = existing.get(file.id)
    if (current?.content === file.content) {
      report.unchanged.push(file.id)
      finalArticles.set(file.id, articles[index]!)
    } else if (current?.edited && !options.force) {
      report.kept.push(file.id)
      report.warnings.push(`${current.path}: corrected by hand, kept as is (use --force to overwrite)`)
      finalArticles.set(file.id, current.article)
    } else {
      writes.push(file)
      report.written.push(file.id)
      finalArticles.set(file.id, articles[index]!)
    }
  }
  const removals: string[] = []
  for (const [id, current] of existing) {
    if (current.article.raw.file !== name || newIds.has(id)) continue
    if (current.edited && !options.force) {
      report.kept.push(id)
      report.warnings.push(`${current.path}: no longer produced from ${name} but corrected by hand, kept`)
      finalArticles.set(id, current.article)
    } else {
      removals.push(current.path)
      report.removed.push(id)
    }
  }

  await mkdir(options.articlesDir, { recursive: true })
  await mkdir(options.rawDir, { recursive: true })
  if (!rawBefore || !Buffer.from(rawBefore).equals(Buffer.from(bytes))) {
    await writeAtomically(rawTarget, bytes)
    report.copiedRaw = true
  }
  for (const file of writes) await writeAtomically(join(options.articlesDir, `${file.id}.md`), file.content)
  for (const removal of removals) await rm(removal)
  const index = [...finalArticles.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  await mkdir(dirname(options.indexPath), { recursive: true })
  await writeAtomically(options.indexPath, renderCorpusIndex(index))
  return report
}

interface ExistingArticle {
  path: string
  content: string
  article: Article
  edited: boolean
}

async function readExistingArticles(dir: string): Promise<Map<string, ExistingArticle>> {
  const result = new Map<string, ExistingArticle>()
  const entries = await readdir(dir).catch(() => [] as string[])
  for (const entry of entries.filter((name) => name.endsWith('.md')).sort()) {
    const path = join(dir, entry)
    const content = await readFile(path, 'utf8')
    const { article, edited } = readArticleFile(content, path)
    result.set(article.id, { path, content, article, edited })
  }
  return result
}

async function writeAtomically(path: string, content: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temp, content)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw new CorpusError({ file: path }, 'cannot write the file', { cause: error })
  }
}
