/**
 * Search benchmark: index build time, index size, memory and query latency (p50/p95/p99, in-process)
 * on the seed corpus, on the CMRC 2018 contexts, and on the seed corpus replicated 10x and 50x.
 *   npm run -s bench [-- --corpus DIR] [--questions FILE.jsonl] [--cmrc FILE.json] [--english FILE.jsonl] [--english-only]
 * With `--scale 1,20,150,1000` it runs the scale benchmark instead (scripts/bench-scale.ts).
 */
import { readFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { loadArticles } from '../src/corpus/load-corpus.ts'
import type { Article } from '../src/corpus/types.ts'
import { loadCmrc } from '../src/search/cmrc.ts'
import { buildBundle, createNodeTokenizer, type NodeTokenizer } from '../src/search/open-searcher.ts'
import { createSearcher } from '../src/search/searcher.ts'

interface Measure {
  label: string
  paragraphs: number
  buildMs: number
  sizeMb: number
  heapMb: number
  p50: number
  p95: number
  p99: number
  cpu50: number
  cpu99: number
}

const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name)
  return (at >= 0 ? process.argv[at + 1] : undefined) ?? fallback
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

// A real heap figure needs a full collection before reading it.
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

const heapMb = () => {
  collectGarbage()
  return process.memoryUsage().heapUsed / 2 ** 20
}

async function measure(
  label: string,
  articles: Article[],
  questions: readonly string[],
  node: NodeTokenizer,
  rounds: number,
): Promise<Measure> {
  const heapBefore = heapMb()
  const started = performance.now()
  const bundle = await buildBundle(articles, node)
  const buildMs = performance.now() - started
  const sizeMb = Buffer.byteLength(JSON.stringify(bundle)) / 2 ** 20
  const searcher = createSearcher(bundle, node.tokenizer)
  const heap = heapMb() - heapBefore
  // Keep the bundle alive until here so that the heap figure includes the loaded index, not the build only.
  void bundle.version
  for (const question of questions) await searcher.answer(question)
  // Wall time, and the process's CPU time (which leaves out time spent descheduled on a busy machine).
  const latencies: number[] = []
  const cpuTimes: number[] = []
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      const cpu = process.cpuUsage()
      const t = performance.now()
      await searcher.answer(question)
      latencies.push(performance.now() - t)
      const used = process.cpuUsage(cpu)
      cpuTimes.push((used.user + used.system) / 1000)
    }
  }
  latencies.sort((a, b) => a - b)
  cpuTimes.sort((a, b) => a - b)
  const paragraphs = articles.reduce((sum, article) => sum + article.paragraphs.length, 0)
  return {
    label,
    paragraphs,
    buildMs,
    sizeMb,
    heapMb: heap,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    cpu50: percentile(cpuTimes, 50),
    cpu99: percentile(cpuTimes, 99),
  }
}

/** The corpus copied `times` times, each copy with distinct article ids. */
function replicate(articles: readonly Article[], times: number): Article[] {
  return Array.from({ length: times }, (_, copy) =>
    articles.map((article) => ({ ...article, id: `${article.id}-copy${copy}` })),
  ).flat()
}

function print(m: Measure, base?: Measure) {
  const growth = (value: number, of: number) => (base ? ` (x${(value / of).toFixed(1)})` : '')
  console.log(
    `${m.label.padEnd(12)} ${String(m.paragraphs).padStart(7)} paragraphs  build ${m.buildMs.toFixed(0).padStart(6)} ms${growth(m.buildMs, base?.buildMs ?? 1)}  index ${m.sizeMb.toFixed(1)} MB  heap +${m.heapMb.toFixed(0)} MB${growth(m.heapMb, base?.heapMb ?? 1)}  latency p50 ${m.p50.toFixed(3)} ms${growth(m.p50, base?.p50 ?? 1)}  p95 ${m.p95.toFixed(3)}  p99 ${m.p99.toFixed(3)} ms${growth(m.p99, base?.p99 ?? 1)}  (CPU time p50 ${m.cpu50.toFixed(3)} p99 ${m.cpu99.toFixed(3)} ms)`,
  )
}

async function main(): Promise<void> {
  const node = await createNodeTokenizer(flag('--dict', 'corpus/dict'))
  const seeds = await loadArticles(flag('--corpus', 'corpus/articles'))
  if (seeds.length === 0) throw new Error('the corpus is empty: run `npm run ingest` first')
  const questions = (await readFile(flag('--questions', '../shared/eval/qa-public.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { q: string }).q)
  // Issue 12: English questions are translated to Chinese terms first; their latency is printed on its own line.
  const englishQuestions = (
    await readFile(flag('--english', '../shared/eval/qa-english-public.jsonl'), 'utf8')
  )
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { q: string }).q)
  const english = await measure('seed en', seeds, englishQuestions, node, 30)
  print(english)
  console.log(
    `ENGLISH answer() p50 ${english.p50.toFixed(3)} ms, p99 ${english.p99.toFixed(3)} ms (n=${englishQuestions.length})`,
  )
  if (process.argv.includes('--english-only')) return
  const cmrc = await loadCmrc(flag('--cmrc', '../shared/benchmarks/cmrc2018/cmrc2018_dev.json'))

  const seed = await measure('seed', seeds, questions, node, 30)
  print(seed)
  const cmrcQuestions = cmrc.questions.slice(0, 1000).map((question) => question.question)
  print(await measure('cmrc', cmrc.articles, cmrcQuestions, node, 2))
  print(await measure('seed x10', replicate(seeds, 10), questions, node, 5), seed)
  print(await measure('seed x50', replicate(seeds, 50), questions, node, 2), seed)
  console.log(
    `SUMMARY seed: build ${seed.buildMs.toFixed(0)} ms, index ${seed.sizeMb.toFixed(1)} MB, p50 ${seed.p50.toFixed(3)} ms, p99 ${seed.p99.toFixed(3)} ms (CPU time p50 ${seed.cpu50.toFixed(3)}, p99 ${seed.cpu99.toFixed(3)} ms), load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs`,
  )
}

const run = process.argv.includes('--scale')
  ? import('./bench-scale.ts').then(({ runScaleBench }) => runScaleBench(process.argv.slice(2)))
  : main()
run.catch((error: Error) => {
  console.error(`bench: ${error.message}`)
  process.exit(1)
})
