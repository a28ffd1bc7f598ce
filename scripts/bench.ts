/**
 * Search benchmark: index build time, index size, memory and query latency (p50/p95/p99, in-process)
 * on the seed corpus, on the CMRC 2018 contexts, and on the seed corpus replicated 10x and 50x.
 *   npm run -s bench [-- --corpus DIR] [--questions FILE.jsonl] [--cmrc FILE.json]
 */
import { readFile } from 'node:fs/promises'
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
}

const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name)
  return (at >= 0 ? process.argv[at + 1] : undefined) ?? fallback
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

const heapMb = () => {
  globalThis.gc?.()
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
  for (const question of questions) await searcher.answer(question)
  const latencies: number[] = []
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      const t = performance.now()
      await searcher.answer(question)
      latencies.push(performance.now() - t)
    }
  }
  latencies.sort((a, b) => a - b)
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
    `${m.label.padEnd(12)} ${String(m.paragraphs).padStart(7)} paragraphs  build ${m.buildMs.toFixed(0).padStart(6)} ms${growth(m.buildMs, base?.buildMs ?? 1)}  index ${m.sizeMb.toFixed(1)} MB  heap +${m.heapMb.toFixed(0)} MB${growth(m.heapMb, base?.heapMb ?? 1)}  latency p50 ${m.p50.toFixed(3)} ms${growth(m.p50, base?.p50 ?? 1)}  p95 ${m.p95.toFixed(3)}  p99 ${m.p99.toFixed(3)} ms${growth(m.p99, base?.p99 ?? 1)}`,
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
  const cmrc = await loadCmrc(flag('--cmrc', '../shared/benchmarks/cmrc2018/cmrc2018_dev.json'))

  const seed = await measure('seed', seeds, questions, node, 30)
  print(seed)
  const cmrcQuestions = cmrc.questions.slice(0, 1000).map((question) => question.question)
  print(await measure('cmrc', cmrc.articles, cmrcQuestions, node, 2))
  print(await measure('seed x10', replicate(seeds, 10), questions, node, 5), seed)
  print(await measure('seed x50', replicate(seeds, 50), questions, node, 2), seed)
  console.log(
    `SUMMARY seed: build ${seed.buildMs.toFixed(0)} ms, index ${seed.sizeMb.toFixed(1)} MB, p50 ${seed.p50.toFixed(3)} ms, p99 ${seed.p99.toFixed(3)} ms`,
  )
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`)
  process.exit(1)
})
