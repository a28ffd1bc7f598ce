/**
 * A flood from one client: the search page and /api/search hammered with broad questions at deep offsets
 * (autocannon), while /healthz is probed on its own connection; returns the probe's latency percentiles
 * and the flood's answers by status. Used by `npm run -s bench:flood` and tests/http/flood.test.ts.
 */
import { spawn } from 'node:child_process'

export interface FloodOptions {
  /** e.g. http://127.0.0.1:8787 */
  url: string
  seconds: number
  /** Connections for the page and for the API, each. */
  connections: number
  /** Pause between two /healthz probes. */
  probeEveryMs?: number
}

export interface FloodResult {
  probes: number
  p50: number
  p99: number
  max: number
  /** Flood responses by status code. */
  statuses: Record<string, number>
  floodRequests: number
}

const QUESTIONS = ['湖南', '湖南 发展', '经济 建设 工作', '长沙 农村 服务', '进出口 增长', '政府 工作 报告']

/**
 * Probes /healthz from a separate process (the flood's own event loop would delay the probe's timing),
 * each probe on a fresh connection, for `seconds`; resolves with the latencies in milliseconds.
 */
function probeFromChild(url: string, seconds: number, everyMs: number): Promise<number[]> {
  const code = `
    const http = require('node:http')
    const latencies = []
    const end = Date.now() + ${Math.round(seconds * 1000)}
    const once = () => new Promise((resolve, reject) => {
      const started = performance.now()
      const req = http.request(${JSON.stringify(`${url}/healthz`)}, { agent: false }, (res) => {
        res.resume()
        res.on('end', () => resolve(performance.now() - started))
      })
      req.on('error', reject)
      req.end()
    })
    ;(async () => {
      while (Date.now() < end) {
        latencies.push(await once())
        await new Promise((resolve) => setTimeout(resolve, ${everyMs}))
      }
      process.stdout.write(JSON.stringify(latencies))
    })()
  `
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += String(chunk)
    })
    child.once('exit', (status) => {
      if (status !== 0) return reject(new Error(`probe exited with ${status}`))
      resolve(JSON.parse(output) as number[])
    })
  })
}

/** The parts of a running autocannon instance used here. */
interface Flooding {
  on(event: 'response', listener: (client: unknown, status: number) => void): void
  on(event: 'done', listener: (result: { requests: { total: number } }) => void): void
}

export async function flood(options: FloodOptions): Promise<FloodResult> {
  const { default: autocannon } = await import('autocannon')
  const pick = () => QUESTIONS[Math.floor(Math.random() * QUESTIONS.length)] as string
  const deep = (path: string) => ({
    setupRequest: (req: { path?: string }) => {
      const query = new URLSearchParams({
        q: `${pick()} ${Math.floor(Math.random() * 1e6)}`,
        limit: '20',
        offset: String(Math.floor(Math.random() * 50) * 20),
      })
      return { ...req, path: `${path}?${query}` }
    },
  })
  const statuses: Record<string, number> = {}
  const count = (status: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1
  }
  const run = (path: string) => {
    const instance = (autocannon as unknown as (options: object, done: () => void) => Flooding)(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        requests: [deep(path)] as never,
      },
      () => undefined,
    )
    instance.on('response', (_client: unknown, status: number) => count(status))
    return new Promise<{ requests: { total: number } }>((resolve) => instance.on('done', resolve))
  }
  // The probe starts a little after the flood and ends a little before it.
  const probing = new Promise<void>((resolve) => setTimeout(resolve, 300)).then(() =>
    probeFromChild(options.url, Math.max(1, options.seconds - 0.8), options.probeEveryMs ?? 20),
  )
  const [latencies, ...results] = await Promise.all([probing, run('/'), run('/api/search')])
  const sorted = [...latencies].sort((a, b) => a - b)
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN
  return {
    probes: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.at(-1) ?? Number.NaN,
    statuses,
    floodRequests: results.reduce((sum, result) => sum + result.requests.total, 0),
  }
}
