/**
 * `npm run -s bench:worker [-- --scale 1,10,50]`: what the Worker costs.
 *   1. In Node (a CPU proxy for workerd's V8): parse the bundled index, create the searcher, first and warm answer().
 *   2. In workerd (wrangler's unstable_startWorker, local): startup, first request (index load), warm requests.
 *   3. Scaling: the corpus replicated k times: artefact size, load time, heap, answer time.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { loadArticles } from '../src/corpus/load-corpus.ts'
import type { Article } from '../src/corpus/types.ts'
import { createNodeTokenizer } from '../src/search/open-searcher.ts'
import { createWorkerSearcher, parseWorkerIndex, stringifyWorkerIndex } from '../src/worker/worker-index.ts'
import { buildWorkerIndex, WORKER_INDEX_PATH, writeWorkerIndex } from '../src/worker/write-worker-index.ts'

const PUBLIC_SET = '../shared/eval/qa-public.jsonl'
const gc = (globalThis as { gc?: () => void }).gc

/** CPU milliseconds (user + system) and wall milliseconds of a call. */
async function measure<T>(run: () => T | Promise<T>): Promise<{ value: T; cpu: number; wall: number }> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  const value = await run()
  const used = process.cpuUsage(cpu)
  return { value, cpu: (used.user + used.system) / 1000, wall: performance.now() - started }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0
}

const ms = (n: number) => `${n.toFixed(1)} ms`
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`

function heapUsed(): number {
  gc?.()
  return process.memoryUsage().heapUsed
}

async function questions(): Promise<string[]> {
  const text = await readFile(PUBLIC_SET, 'utf8')
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { q: string }).q)
}

/** Loads an artefact as the Worker does and times each step; then warm answers over the questions, `rounds` times. */
async function benchInNode(text: string, asked: readonly string[], rounds = 3) {
  const before = heapUsed()
  const parsed = await measure(() => parseWorkerIndex(text))
  const created = await measure(() => createWorkerSearcher(parsed.value))
  const first = await measure(() => created.value.answer(asked[0] as string))
  const heap = heapUsed() - before
  const warm: number[] = []
  // Round 0 warms the JIT up and is not counted.
  for (let round = 0; round <= rounds; round++) {
    for (const question of asked) {
      const { cpu } = await measure(() => created.value.answer(question))
      if (round > 0) warm.push(cpu)
    }
  }
  return { parse: parsed.cpu, create: created.cpu, first: first.cpu, heap, warm }
}

async function benchInWorkerd(asked: readonly string[]): Promise<void> {
  process.env.WRANGLER_SEND_METRICS = 'false'
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false'
  const { unstable_startWorker } = await import('wrangler')
  const started = performance.now()
  const worker = await unstable_startWorker({
    config: 'wrangler.toml',
    bindings: { API_RATE_LIMIT: { type: 'plain_text', value: '100000' } },
    dev: { server: { port: 0 }, inspector: false, remote: false, watch: false, logLevel: 'warn' },
  })
  try {
    await worker.ready
    const ready = performance.now() - started
    let at = performance.now()
    await (await worker.fetch('http://bench.test/healthz')).text()
    const first = performance.now() - at
    const wall: number[] = []
    // Round 0 warms the JIT up and is not counted.
    for (let round = 0; round <= 3; round++) {
      for (const question of asked) {
        at = performance.now()
        const response = await worker.fetch(`http://bench.test/api/search?q=${encodeURIComponent(question)}`)
        await response.json()
        if (round > 0) wall.push(performance.now() - at)
      }
    }
    const baseline = await firstResponse("export default { fetch: () => new Response('ok') }\n")
    const inside = await indexLoadInWorkerd()
    console.log('workerd (local, wall clock):')
    console.log(`  startWorker ready            ${ms(ready)}`)
    console.log(
      `  first request (/healthz)     ${ms(first)} (an empty Worker's first request: ${ms(baseline.wall)}; the difference is script startup + index load)`,
    )
    console.log(`  index load inside workerd    ${ms(inside.load)}, then first answer() ${ms(inside.first)}`)
    console.log(
      `  warm /api/search             median ${ms(percentile(wall, 0.5))}, p95 ${ms(percentile(wall, 0.95))}, max ${ms(Math.max(...wall))} (round trip through wrangler's proxy, ${wall.length} requests)`,
    )
  } finally {
    await worker.dispose()
  }
}

/** Starts a throwaway Worker from `source` (an entry module in a temporary directory) and returns its first response. */
async function firstResponse(source: string): Promise<{ body: string; wall: number }> {
  const { unstable_startWorker } = await import('wrangler')
  const directory = await mkdtemp(join(tmpdir(), 'xiangwen-bench-worker-'))
  await writeFile(join(directory, 'index.ts'), source)
  const worker = await unstable_startWorker({
    entrypoint: join(directory, 'index.ts'),
    compatibilityDate: '2026-04-01',
    dev: { server: { port: 0 }, inspector: false, remote: false, watch: false, logLevel: 'warn' },
  })
  try {
    await worker.ready
    const at = performance.now()
    const body = await (await worker.fetch('http://bench.test/')).text()
    return { body, wall: performance.now() - at }
  } finally {
    await worker.dispose()
    await rm(directory, { recursive: true, force: true })
  }
}

/**
 * Inside workerd: parse + createWorkerSearcher, then the first answer(), timed with Date.now (which advances
 * in local workerd; on Cloudflare it stands still while the CPU runs).
 */
async function indexLoadInWorkerd(): Promise<{ load: number; first: number }> {
  const root = process.cwd()
  const { body } = await firstResponse(`import indexText from '${join(root, WORKER_INDEX_PATH)}'
import { createWorkerSearcher, parseWorkerIndex } from '${join(root, 'src/worker/worker-index.ts')}'
export default {
  async fetch() {
    const started = Date.now()
    const searcher = createWorkerSearcher(parseWorkerIndex(indexText))
    const loaded = Date.now()
    await searcher.answer('黄花机场 全货运航线 数量')
    return Response.json({ load: loaded - started, first: Date.now() - loaded })
  },
}
`)
  return JSON.parse(body) as { load: number; first: number }
}

/** The corpus k times over, with distinct article ids. */
function replicate(articles: readonly Article[], times: number): Article[] {
  return Array.from({ length: times }, (_, copy) =>
    articles.map((article) => (copy === 0 ? article : { ...article, id: `${article.id}-r${copy}` })),
  ).flat()
}

async function main(args: string[]): Promise<void> {
  const asked = await questions()
  const scaleFlag = args[args.indexOf('--scale') + 1]
  const scales = args.includes('--scale') && scaleFlag ? scaleFlag.split(',').map(Number) : []

  await writeWorkerIndex()
  const text = await readFile(WORKER_INDEX_PATH, 'utf8')
  const bytes = Buffer.byteLength(text)
  console.log(`${WORKER_INDEX_PATH}: ${mb(bytes)} (${mb(gzipSync(text).length)} gzipped)`)
  const node = await benchInNode(text, asked)
  console.log('Node (CPU time, a proxy for workerd):')
  console.log(`  parse the index (JSON)       ${ms(node.parse)}`)
  console.log(`  createWorkerSearcher         ${ms(node.create)}`)
  console.log(`  first answer()               ${ms(node.first)}`)
  console.log(`  cold total                   ${ms(node.parse + node.create + node.first)}`)
  console.log(
    `  warm answer()                median ${ms(percentile(node.warm, 0.5))}, p95 ${ms(percentile(node.warm, 0.95))}, max ${ms(Math.max(...node.warm))} (${node.warm.length} calls)`,
  )
  console.log(
    `  heap held by the searcher    ${mb(node.heap)}${gc ? '' : ' (run with --expose-gc for a clean figure)'}`,
  )
  if (!args.includes('--no-workerd')) await benchInWorkerd(asked)

  if (scales.length === 0) return
  const tokenizer = await createNodeTokenizer()
  const articles = await loadArticles()
  console.log('\nScaling (Node; corpus replicated k times):')
  console.log('  k   paragraphs  artefact   gzipped   parse     create    first     warm p50  warm p95  heap')
  for (const k of scales) {
    const index = await buildWorkerIndex(replicate(articles, k), tokenizer)
    const scaled = stringifyWorkerIndex(index)
    const paragraphs = index.bundle.articles.reduce((sum, article) => sum + article.paragraphs.length, 0)
    const result = await benchInNode(scaled, asked, 1)
    console.log(
      `  ${String(k).padEnd(3)} ${String(paragraphs).padStart(10)}  ${mb(Buffer.byteLength(scaled)).padStart(8)}  ${mb(gzipSync(scaled).length).padStart(8)}  ${ms(result.parse).padStart(8)}  ${ms(result.create).padStart(8)}  ${ms(result.first).padStart(8)}  ${ms(percentile(result.warm, 0.5)).padStart(8)}  ${ms(percentile(result.warm, 0.95)).padStart(8)}  ${mb(result.heap).padStart(8)}`,
    )
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`bench:worker: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
