/**
 * What Redis mode (REDIS_URL, replicas) costs a request: the same app in-process, once with its state in
 * memory and once in Redis, serving the same cached /api/search (so the difference is the shared rate
 * limit), plus each shared operation alone. Starts a throwaway redis-server on a free loopback port
 * (Debian's /usr/bin/redis-server) unless REDIS_URL is given; stops it at the end.
 *   npm run -s bench:redis [-- --requests 2000]
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { createApp } from '../src/http/create-app.ts'
import { openSearcher } from '../src/search/open-searcher.ts'
import { connectRedisSharedState } from '../src/shared/redis-shared-state.ts'
import { createMemoryLogger } from '../tests/helpers/memory-logger.ts'

const at = process.argv.indexOf('--requests')
const REQUESTS = Number(at >= 0 ? process.argv[at + 1] : 2000) || 2000

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

async function time(label: string, run: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await run(-i - 1)
  const samples: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now()
    await run(i)
    samples.push(performance.now() - started)
  }
  samples.sort((a, b) => a - b)
  const p50 = percentile(samples, 50)
  console.log(
    `${label.padEnd(46)} p50 ${p50.toFixed(3)} ms, p99 ${percentile(samples, 99).toFixed(3)} ms (n=${REQUESTS})`,
  )
  return p50
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

let url = process.env.REDIS_URL
let stopRedis = () => {}
if (!url) {
  const port = await freePort()
  const server = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  )
  server.once('error', (error) => {
    console.error(
      `cannot start /usr/bin/redis-server (apt-get install redis-server, or set REDIS_URL): ${error.message}`,
    )
    process.exit(1)
  })
  stopRedis = () => server.kill()
  url = `redis://127.0.0.1:${port}`
  await new Promise((resolve) => setTimeout(resolve, 300))
}

const quiet = { onOutage: (message: string) => console.error(message), onRecovered: () => {} }
const shared = await connectRedisSharedState({ url, ...quiet })
const searcher = await openSearcher({})
const logger = createMemoryLogger()
const limits = { apiRateLimit: 1_000_000_000, clientAddress: () => '127.0.0.1' }
const memoryApp = createApp({ searcher, logger, ...limits })
const redisApp = createApp({ searcher, logger, ...limits, sharedState: shared })
const path = `/api/search?q=${encodeURIComponent('湖南前11月进出口总额是多少？')}`

console.log(`Redis mode overhead (${url}, cached /api/search in-process, sequential)`)
const memory = await time('GET /api/search, state in memory', async () => memoryApp.request(path))
const redis = await time('GET /api/search, state in Redis', async () => redisApp.request(path))
console.log(`added by Redis: ${(redis - memory).toFixed(3)} ms a request at p50`)
await time('claimUpdate (SET NX PX)', (i) => shared.claimUpdate(1, 1_000_000 + i, 60_000))
await time('takeToken (token bucket script)', () => shared.takeToken('bench', 'client', 1_000_000))
const fixed = shared.fixedWindowCounters('bench', 10_000)
await time('fixed window incr (chat burst script)', () => fixed.incr('chat'))
const sliding = shared.slidingWindowCounters('bench', 60_000, 21)
await time('sliding window incr (group flood script)', () => sliding.incr('group'))
await shared.close()
stopRedis()
process.exit(0)
