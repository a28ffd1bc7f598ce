/**
 * `npm run -s bench:flood [-- --seconds 10] [--connections 20] [--rate-limit N]`: starts `npm start`'s server
 * (tsx src/node.ts, no bot) on a random loopback port, floods the search page and /api/search from this one
 * client with broad questions at deep offsets, and prints /healthz's latency meanwhile. With the default
 * per-client limit (60 requests a minute on each) the flood is refused with 429 at once; --rate-limit
 * 100000 shows what the same flood costs when every request runs a search.
 */
import { spawn } from 'node:child_process'
import { flood } from './flood.ts'

const flag = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name)
  const value = Number(at >= 0 ? process.argv[at + 1] : Number.NaN)
  return Number.isFinite(value) && value > 0 ? value : fallback
}

const seconds = flag('--seconds', 10)
const connections = flag('--connections', 20)
const rateLimit = flag('--rate-limit', 60)

const child = spawn('node_modules/.bin/tsx', ['src/node.ts'], {
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HOST: '127.0.0.1',
    PORT: '0',
    API_RATE_LIMIT: String(rateLimit),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
})
const watchdog = setTimeout(
  () => {
    console.error('bench-flood: took too long, stopping')
    child.kill('SIGTERM')
    process.exit(2)
  },
  (seconds + 120) * 1000,
)
watchdog.unref()

try {
  const url = await new Promise<string>((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += String(chunk)
      const match = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  console.log(
    `bench-flood: server pid ${child.pid} on ${url}; API_RATE_LIMIT=${rateLimit}/min per client (page and API each); ${connections} connections on the page and ${connections} on the API for ${seconds} s, one client`,
  )
  const result = await flood({ url, seconds, connections })
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ')
  console.log(`flood: ${result.floodRequests} requests (${statuses})`)
  console.log(
    `/healthz during the flood: ${result.probes} probes, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`,
  )
} finally {
  child.kill('SIGTERM')
}
