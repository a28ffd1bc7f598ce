import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { readArticleFile, serializeArticle } from './article-file.ts'
import { CorpusError } from './corpus-error.ts'
import { decodeRawBytes } from './decode-raw.ts'
import { articleIdPrefix, extractPage } from './extract-articles.ts'
import { type CorpusChange, commitCorpusChange, recoverCorpus } from './ingest-journal.ts'
import { renderCorpusIndex } from './render-index.ts'
import { type Article, UNKNOWN_SOURCE } from './types.ts'

/** Where ingest reads and writes, and how. */
export interface IngestOptions {
  articlesDir: string
  rawDir: string
  /** corpus/index.md; rewritten after every ingest. */
  indexPath: string
  /** Overwrite hand-corrected articles, and a different raw file of the same name. */
  force?: boolean
  /** Publication to use when the raw file does not name one. */
  defaultSource?: string
  /** The pages' date (YYYY-MM-DD): the year of their datelines, the date of articles without one. */
  date?: string
  /** Work out and report everything, write nothing. */
  dryRun?: boolean
  /** Called once per file, in order, as soon as it is read and split. */
  onFile?: (report: IngestReport, index: number, total: number) => void
}

/** What ingest did (or, in a dry run, would do) with one raw file. */
export interface IngestReport {
  rawFile: string
  encoding: string
  copiedRaw: boolean
  /** Articles the file yields, and their paragraphs. */
  articles: number
  paragraphs: number
  written: string[]
  unchanged: string[]
  kept: string[]
  removed: string[]
  warnings: string[]
  /** Set when the file was not ingested: the same bytes are already in the corpus under this name. */
  duplicateOf?: string
}

/** What a batch did: one report per file, in order. */
export interface BatchReport {
  files: IngestReport[]
  dryRun: boolean
}

/** Ingests one raw file (see ingestBatch); returns its report. */
export async function ingestRawFile(path: string, options: IngestOptions): Promise<IngestReport> {
  const { files } = await ingestBatch([path], options)
  return files[0]!
}

/**
 * Ingests raw files and folders of them as one transaction: every file is read and split first (any bad
 * file stops the batch before anything is written), then the raw copies, article files and corpus/index.md
 * are staged and committed together through a journal, so a crash leaves the old corpus or the new one.
 * Re-ingesting a file already in the corpus changes nothing.
 */
export async function ingestBatch(inputs: string[], options: IngestOptions): Promise<BatchReport> {
  if (!options.dryRun) await recoverCorpus(options)
  const paths = await expandInputs(inputs)
  const existing = await readExistingArticles(options.articlesDir)
  const rawHashes = await hashRawDir(options.rawDir)
  const finalArticles = new Map<string, Article>()
  for (const [id, current] of existing) finalArticles.set(id, current.article)
  const change: CorpusChange = { writes: [], removals: [] }
  const reports: IngestReport[] = []
  const prefixes = new Map<string, string>()
  for (const current of existing.values())
    prefixes.set(prefixOfId(current.article.id), current.article.raw.file)
  const batchNames = new Map<string, string>()

  for (const [index, path] of paths.entries()) {
    const report = await planFile(path, options, {
      existing,
      rawHashes,
      finalArticles,
      change,
      prefixes,
      batchNames,
    })
    reports.push(report)
    options.onFile?.(report, index, paths.length)
  }
  if (!options.dryRun && (change.writes.length > 0 || change.removals.length > 0)) {
    const index = [...finalArticles.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    change.writes.push({ path: options.indexPath, content: renderCorpusIndex(index) })
    await commitCorpusChange(change, options)
  }
  return { files: reports, dryRun: options.dryRun ?? false }
}

interface BatchState {
  existing: Map<string, ExistingArticle>
  rawHashes: Map<string, string>
  finalArticles: Map<string, Article>
  change: CorpusChange
  /** Id prefix -> the raw file that owns it. */
  prefixes: Map<string, string>
  /** Raw file name -> the path it comes from in this batch. */
  batchNames: Map<string, string>
}

async function planFile(path: string, options: IngestOptions, state: BatchState): Promise<IngestReport> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw new CorpusError({ file: path }, 'cannot read the raw file', { cause: error })
  }
  const { text, encoding } = decodeRawBytes(bytes, path)
  const name = basename(path)
  const report: IngestReport = {
    rawFile: name,
    encoding,
    copiedRaw: false,
    articles: 0,
    paragraphs: 0,
    written: [],
    unchanged: [],
    kept: [],
    removed: [],
    warnings: [],
  }
  const otherPath = state.batchNames.get(name)
  if (otherPath !== undefined) {
    throw new CorpusError(
      { file: path },
      `has the same name as ${otherPath} in this batch; rename one of them`,
    )
  }
  state.batchNames.set(name, path)
  const hash = hashBytes(bytes)
  const sameBytes = [...state.rawHashes.entries()].find(([, other]) => other === hash)?.[0]
  if (sameBytes !== undefined && sameBytes !== name) {
    report.duplicateOf = sameBytes
    report.warnings.push(`${path}: the same file is already in the corpus as ${sameBytes}; skipped`)
    return report
  }

  const { articles, warnings } = extractPage(text, name, {
    ...(options.defaultSource ? { defaultSource: options.defaultSource } : {}),
    ...(options.date ? { date: options.date } : {}),
  })
  report.warnings.push(...warnings)
  report.articles = articles.length
  report.paragraphs = articles.reduce((sum, article) => sum + article.paragraphs.length, 0)
  const prefix = articleIdPrefix(name)
  const owner = state.prefixes.get(prefix)
  if (owner !== undefined && owner !== name) {
    throw new CorpusError(
      { file: path },
      `its article ids would start with "${prefix}-", already used by ${owner}; rename the file`,
    )
  }
  state.prefixes.set(prefix, name)
  // Validate everything before writing anything: each article must survive a round trip through its file format.
  const files = articles.map((article) => {
    const content = serializeArticle(article)
    readArticleFile(content, `${article.id}.md`)
    return { id: article.id, content }
  })
  if (articles.some((article) => article.source === UNKNOWN_SOURCE)) {
    report.warnings.push(
      `${path}: names no publication; its articles say "${UNKNOWN_SOURCE}" (pass --source to set one)`,
    )
  }
  const rawTarget = join(options.rawDir, name)
  const rawBefore = state.rawHashes.get(name)
  if (rawBefore !== undefined && rawBefore !== hash && !options.force) {
    throw new CorpusError(
      { file: rawTarget },
      'a different raw file with this name exists; rename yours or use --force',
    )
  }
  if (rawBefore !== hash && resolve(rawTarget) !== resolve(path)) {
    state.change.writes.push({ path: rawTarget, content: bytes })
    state.rawHashes.set(name, hash)
    report.copiedRaw = true
  }

  const newIds = new Set(files.map((file) => file.id))
  for (const [index, file] of files.entries()) {
    const current = state.existing.get(file.id)
    if (current?.content === file.content) {
      report.unchanged.push(file.id)
      state.finalArticles.set(file.id, articles[index]!)
    } else if (current?.edited && !options.force) {
      report.kept.push(file.id)
      report.warnings.push(`${current.path}: corrected by hand, kept as is (use --force to overwrite)`)
    } else {
      state.change.writes.push({ path: join(options.articlesDir, `${file.id}.md`), content: file.content })
      report.written.push(file.id)
      state.finalArticles.set(file.id, articles[index]!)
    }
  }
  for (const [id, current] of state.existing) {
    if (current.article.raw.file !== name || newIds.has(id)) continue
    if (current.edited && !options.force) {
      report.kept.push(id)
      report.warnings.push(`${current.path}: no longer produced from ${name} but corrected by hand, kept`)
    } else {
      state.change.removals.push(current.path)
      state.finalArticles.delete(id)
      report.removed.push(id)
    }
  }
  return report
}

/** Files named on the command line, and the files (not dot files) directly inside folders named there. */
async function expandInputs(inputs: string[]): Promise<string[]> {
  const paths: string[] = []
  for (const input of inputs) {
    const info = await stat(input).catch((error: unknown) => {
      throw new CorpusError({ file: input }, 'no such file or folder', { cause: error })
    })
    if (!info.isDirectory()) {
      paths.push(input)
      continue
    }
    const entries = await readdir(input, { withFileTypes: true })
    const files = entries
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => join(input, entry.name))
      .sort()
    if (files.length === 0) throw new CorpusError({ file: input }, 'the folder holds no files to ingest')
    paths.push(...files)
  }
  return paths
}

/** The id prefix of an article id (`000_5aece39b5635e924-03` -> `000_5aece39b5635e924`). */
function prefixOfId(id: string): string {
  return id.replace(/-\d+$/, '')
}

function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

async function hashRawDir(dir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>()
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue
    hashes.set(entry.name, hashBytes(await readFile(join(dir, entry.name))))
  }
  return hashes
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
