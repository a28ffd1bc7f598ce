/**
 * One phase of the scale benchmark (scripts/bench-scale.ts), run in a child process of its own so that its
 * memory figures are its own: `build` and `query` for 湘问's index, `peer-build` and `peer-query` for the peer
 * (SQLite FTS5 over the same jieba words, via better-sqlite3). The result is written as JSON to `--result`.
 *   node --import tsx --expose-gc scripts/bench-scale-phase.ts --phase build --scale 20 --dir DIR --result FILE
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { loadArticles } from '../src/corpus/load-corpus.ts'
import { loadCmrc } from '../src/search/cmrc.ts'
import { createJiebaSegmenter } from '../src/search/jieba-segmenter.ts'
import { createTokenizer } from '../src/search/tokenizer.ts'
import { createPeerIndex, createPeerSearch, optimizePeerIndex } from './fts5-peer.ts'
import { buildScaleCorpus, sampleOf } from './scale-corpus.ts'

export type Phase = 'build' | 'query' | 'peer-build' | 'peer-query'

/** What a build phase measured. */
export interface BuildResult {
  paragraphs: number
  characters: number
  articles: number
  /** Wall time of the build and of writing it to disk. */
  buildMs: number
  writeMs: number
  /** Bytes on disk of everything the build wrote (a file or a directory). */
  indexBytes: number
  /** Peak resident set size of the build process. */
  peakRssMb: number
  /** Heap in use after a full collection once the index is built (the corpus included), and before the build. */
  heapMb: number
  heapBeforeMb: number
}

/** What a query phase measured, in a fresh process that only reads the index. */
export interface QueryResult {
  loadMs: number
  /** Resident set size and heap once the index is loaded (after a full collection). */
  rssMb: number
  heapMb: number
  /** The same before the index was read (tokenizer and questions loaded). */
  rssBeforeMb: number
  heapBeforeMb: number
  questions: number
  p50: number
  p99: number
  /** The process's CPU time per question (leaves out time spent descheduled on a busy machine). */
  cpu50: number
  cpu99: number
  /** Share of the questions whose own context (the original paragraph) is first, or in the first three. */
  hitAt1: number
  hitAt3: number
  /** Share of the questions whose first passage holds an answer text (the context or a variant of it). */
  answerAt1: number
  /**
   * After the questions: one new article of APPEND_PARAGRAPHS paragraphs appended to the loaded index as the
   * server appends a day's pages (appendArticles: segmented, near-duplicates looked up, written), timed.
   */
  append?: { ms: number; paragraphs: number; segments: number }
}

/** Paragraphs of the article the query phase appends. */
export const APPEND_PARAGRAPHS = 30

const { values } = parseArgs({
  options: {
    phase: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string', default: '13' },
    dir: { type: 'string' },
    result: { type: 'string' },
    questions: { type: 'string', default: '500' },
    cmrc: { type: 'string', default: '../shared/benchmarks/cmrc2018/cmrc2018_dev.json' },
    corpus: { type: 'string', default: 'corpus/articles' },
    dict: { type: 'string', default: 'corpus/dict' },
  },
})

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {})
const mb = (bytes: number) => bytes / 2 ** 20

/** Heap in use and resident set size after a full collection, in MB. */
function memory(): { heapMb: number; rssMb: number } {
  collectGarbage()
  const usage = process.memoryUsage()
  return { heapMb: mb(usage.heapUsed), rssMb: mb(usage.rss) }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

/** Bytes of a file, or of every file under a directory. */
async function sizeOnDisk(path: string): Promise<number> {
  const info = await stat(path)
  if (!info.isDirectory()) return info.size
  let total = 0
  for (const entry of await readdir(path)) total += await sizeOnDisk(join(path, entry))
  return total
}

const squeeze = (text: string) => text.replace(/\s+/gu, '')

/** Whether a passage holds one of the answer texts (whitespace removed from both, as `npm run eval` does). */
function holdsAnswer(text: string | undefined, answers: readonly string[]): boolean {
  if (text === undefined) return false
  const squeezed = squeeze(text)
  return answers.some((answer) => squeezed.includes(squeeze(answer)))
}

interface Ranked {
  articleId: string
  paragraph: number
  text: string
}

/** Latency and hit rates over the question sample; `ask` returns the ranked passages (five at most). */
async function askAll(
  questions: readonly { question: string; articleId: string; answers: string[] }[],
  ask: (question: string) => Promise<readonly Ranked[]> | readonly Ranked[],
) {
  // Warm-up (JIT, caches): the first 20 questions are asked once before the measured pass.
  for (const question of questions.slice(0, 20)) await ask(question.question)
  const latencies: number[] = []
  const cpuTimes: number[] = []
  let hit1 = 0
  let hit3 = 0
  let answer1 = 0
  for (const question of questions) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    const ranked = await ask(question.question)
    latencies.push(performance.now() - started)
    const used = process.cpuUsage(cpu)
    cpuTimes.push((used.user + used.system) / 1000)
    const rank = ranked.findIndex((hit) => hit.articleId === question.articleId && hit.paragraph === 0) + 1
    if (rank === 1) hit1++
    if (rank >= 1 && rank <= 3) hit3++
    if (holdsAnswer(ranked[0]?.text, question.answers)) answer1++
  }
  latencies.sort((a, b) => a - b)
  cpuTimes.sort((a, b) => a - b)
  const n = Math.max(1, questions.length)
  return {
    questions: questions.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpu50: percentile(cpuTimes, 50),
    cpu99: percentile(cpuTimes, 99),
    hitAt1: hit1 / n,
    hitAt3: hit3 / n,
    answerAt1: answer1 / n,
  }
}

async function loadCorpus() {
  const scale = Number(values.scale)
  const cmrc = await loadCmrc(values.cmrc as string)
  const kept = await loadArticles(values.corpus)
  return buildScaleCorpus({ contexts: cmrc.articles, kept, scale, seed: Number(values.seed) })
}

async function loadQuestions() {
  const { questions } = await loadCmrc(values.cmrc as string)
  const count = values.questions === 'all' ? questions.length : Number(values.questions)
  return sampleOf(questions, count, Number(values.seed))
}

const indexPath = () => join(values.dir as string, 'index', 'xiangwen')
const peerPath = () => join(values.dir as string, 'peer', 'fts5.sqlite')

/** 湘问's index, imported only by its own phases (it loads CC-CEDICT, which the peer's figures must not hold). */
const search = async () => ({
  ...(await import('../src/search/open-searcher.ts')),
  ...(await import('../src/search/searcher.ts')),
})

async function build(): Promise<BuildResult> {
  const { buildBundle, createNodeTokenizer, writeBundle } = await search()
  const node = await createNodeTokenizer(values.dict)
  const corpus = await loadCorpus()
  const before = memory()
  const started = performance.now()
  const bundle = await buildBundle(corpus.articles, node)
  const built = performance.now()
  await writeBundle(indexPath(), bundle)
  const written = performance.now()
  const after = memory()
  void bundle.version
  return {
    paragraphs: corpus.paragraphs,
    characters: corpus.characters,
    articles: corpus.articles.length,
    buildMs: built - started,
    writeMs: written - built,
    indexBytes: await sizeOnDisk(join(values.dir as string, 'index')),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: after.heapMb,
    heapBeforeMb: before.heapMb,
  }
}

async function query(): Promise<QueryResult> {
  const { createNodeTokenizer, createSearcher, readBundle } = await search()
  const node = await createNodeTokenizer(values.dict)
  const questions = await loadQuestions()
  const before = memory()
  const started = performance.now()
  // As the server holds it: the searcher only, the bundle it was made from left to the collector.
  const searcher = await (async () => {
    const bundle = await readBundle(indexPath())
    if (!bundle) throw new Error(`no index at ${indexPath()}: the build phase did not write one`)
    return createSearcher(bundle, node.tokenizer)
  })()
  const loadMs = performance.now() - started
  const loaded = memory()
  const measured = await askAll(
    questions,
    async (question) => (await searcher.answer(question, { limit: 5 })).results,
  )
  return {
    loadMs,
    rssMb: loaded.rssMb,
    heapMb: loaded.heapMb,
    rssBeforeMb: before.rssMb,
    heapBeforeMb: before.heapMb,
    ...measured,
    append: await appendOne(node),
  }
}

/**
 * Appends one new article to the index (changing it: the benchmark's index directories are its own): the seed
 * paragraphs, each with its sentences in reverse order, so that they are new text on the corpus's topics.
 */
async function appendOne(
  node: Awaited<ReturnType<typeof import('../src/search/open-searcher.ts').createNodeTokenizer>>,
) {
  const { readBundle } = await search()
  const { appendArticles } = await import('../src/search/append-index.ts')
  const { hashCorpus } = await import('../src/search/build-index.ts')
  const bundle = await readBundle(indexPath())
  if (!bundle) throw new Error(`no index at ${indexPath()}`)
  const seed = await loadArticles(values.corpus)
  const paragraphs = seed
    .flatMap((article) => article.paragraphs)
    .filter((text) => text.length >= 40)
    .slice(0, APPEND_PARAGRAPHS)
    .map((text) => (text.match(/[^。！？]+[。！？]?/gu) ?? [text]).reverse().join(''))
  const article = {
    id: 'bench-appended-page',
    title: '新的一天的版面',
    source: '湖南日报',
    authors: [],
    raw: { file: 'raw/bench-appended-page.txt', lines: [1, paragraphs.length] as [number, number] },
    paragraphs,
  }
  // The corpus version is computed when the corpus is read, before an append (as openSearcher does); the
  // server's index worker has read jieba's frame words and CC-CEDICT's cached entries while on standby.
  const version = hashCorpus([...bundle.articles, article], node.dictionaries)
  const { readJiebaFrameWords } = await import('../src/search/jieba-segmenter.ts')
  const { loadCedictEntries } = await import('../src/search/english/cedict-entries.ts')
  readJiebaFrameWords()
  await loadCedictEntries()
  const started = performance.now()
  const appended = await appendArticles(indexPath(), bundle, [article], { node, version })
  return {
    ms: performance.now() - started,
    paragraphs: paragraphs.length,
    segments: appended.postings.length,
  }
}

/**
 * The peer's words: our normalizer (NFKC, lower case, Traditional → Simplified), nodejieba's `cut` with the
 * corpus dictionary and the stopwords dropped, as 湘问 indexes them, but without the character bigrams.
 */
async function peerWords() {
  const dict = values.dict as string
  const stopwords = (await readFile(join(dict, 'stopwords.txt'), 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
  const tokenizer = createTokenizer({
    segment: createJiebaSegmenter({ userDictPath: join(dict, 'user-dict.txt') }),
    stopwords,
    bigrams: false,
  })
  return (text: string) => tokenizer.analyze(text).map((term) => term.token)
}

/** better-sqlite3, or an error saying how to get it (it is a devDependency built from source at install). */
async function loadSqlite(): Promise<typeof import('better-sqlite3')> {
  try {
    return (await import('better-sqlite3')).default
  } catch (cause) {
    throw new Error(
      'better-sqlite3 is not installed or not built: run `npm ci` (it is a devDependency; its install script compiles SQLite with node-gyp, which needs python3, make and g++)',
      { cause },
    )
  }
}

async function peerBuild(): Promise<BuildResult> {
  const Database = await loadSqlite()
  const words = await peerWords()
  const corpus = await loadCorpus()
  const before = memory()
  const path = peerPath()
  await mkdir(join(values.dir as string, 'peer'), { recursive: true })
  const started = performance.now()
  const db = new Database(path)
  // A bulk load: no journal, no fsync per statement; one transaction.
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  const add = createPeerIndex(db)
  db.transaction(() => {
    for (const article of corpus.articles) {
      const title = words([article.kicker, article.title, article.subtitle].filter(Boolean).join(' '))
      article.paragraphs.forEach((text, paragraph) => {
        add(article.id, paragraph, text, words(text), title)
      })
    }
  })()
  optimizePeerIndex(db)
  db.close()
  const buildMs = performance.now() - started
  const after = memory()
  return {
    paragraphs: corpus.paragraphs,
    characters: corpus.characters,
    articles: corpus.articles.length,
    buildMs,
    writeMs: 0,
    indexBytes: await sizeOnDisk(join(values.dir as string, 'peer')),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: after.heapMb,
    heapBeforeMb: before.heapMb,
  }
}

async function peerQuery(): Promise<QueryResult> {
  const Database = await loadSqlite()
  const words = await peerWords()
  const questions = await loadQuestions()
  const before = memory()
  const started = performance.now()
  const db = new Database(peerPath(), { readonly: true, fileMustExist: true })
  const search = createPeerSearch(db)
  const loadMs = performance.now() - started
  const loaded = memory()
  const measured = await askAll(questions, (question) => search(words(question)))
  db.close()
  return {
    loadMs,
    rssMb: loaded.rssMb,
    heapMb: loaded.heapMb,
    rssBeforeMb: before.rssMb,
    heapBeforeMb: before.heapMb,
    ...measured,
  }
}

async function main(): Promise<void> {
  const phases: Record<Phase, () => Promise<BuildResult | QueryResult>> = {
    build,
    query,
    'peer-build': peerBuild,
    'peer-query': peerQuery,
  }
  const run = phases[values.phase as Phase]
  if (!run || !values.result || !values.dir || !values.scale) {
    throw new Error(
      'usage: bench-scale-phase --phase build|query|peer-build|peer-query --scale N --dir DIR --result FILE',
    )
  }
  let outcome: { ok: true; result: BuildResult | QueryResult } | { ok: false; error: string }
  try {
    outcome = { ok: true, result: await run() }
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined
    outcome = {
      ok: false,
      error: `${(error as Error).message}${cause?.message ? ` (${cause.message})` : ''}`,
    }
  }
  await writeFile(values.result, JSON.stringify(outcome))
}

main().catch((error: Error) => {
  console.error(`bench-scale-phase: ${error.message}`)
  process.exit(1)
})
