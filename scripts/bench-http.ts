/**
 * HTTP load benchmark. Runs the Node server (createApp + createBot + @hono/node-server, as `npm start` does)
 * in a child process on 127.0.0.1, with a fake Bot API on 127.0.0.1, and drives it with autocannon:
 * a trivial route (/healthz), /api/search with the public eval questions (repeated: answers come from the
 * cache), /api/search with a random limit and offset per request (mostly cache misses: the searcher ranks),
 * and the Telegram webhook with fresh updates; then a soak of search + webhook, with the server's memory
 * (after a full GC) before and after it. Stops by itself, within 3 minutes with the default soak.
 *   npm run -s bench:http [-- --soak-seconds 60] [--seconds 10] [--connections 50]
 */
import { type ChildProcess, fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { UserFromGetMe } from 'grammy/types'
import { DEFAULT_ANSWER_CACHE_SIZE } from '../src/http/answer-cache.ts'

const SCRIPT = fileURLToPath(import.meta.url)
const LOOPBACK = '127.0.0.1'
const BENCH_TOKEN = '123456789:AAE-bench-token_0123456789abcdefghijk'
const WEBHOOK_SECRET = 'bench-secret'
/** The API's per-client limit, raised for the bench: all its requests come from one address. */
const BENCH_API_RATE_LIMIT = 1_000_000_000
const QUESTIONS_FILE = '../shared/eval/qa-public.jsonl'
/** The trivial route and cached search are measured in this many alternating rounds. */
const ROUNDS = 3

const botInfo: UserFromGetMe = {
  id: 123456789,
  is_bot: true,
  first_name: '湘问',
  username: 'xiangwen_bench_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
}

interface ServerStats {
  rssMb: number
  heapUsedMb: number
  loggedErrors: number
  loggedWarnings: number
}

type ChildMessage =
  | { type: 'listening'; port: number }
  | ({ type: 'stats' } & ServerStats)
  | { type: 'calls'; calls: number }

const flag = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name)
  const value = Number(at >= 0 ? process.argv[at + 1] : Number.NaN)
  return Number.isFinite(value) && value > 0 ? value : fallback
}

if (process.argv.includes('--serve')) await serve()
else if (process.argv.includes('--fake-bot-api')) await serveFakeBotApi()
else await drive()

/** The child: the app as npm start builds it, reporting its port and, when asked, its memory. */
async function serve(): Promise<void> {
  const [
    { serve: listen },
    { getConnInfo },
    { createBot },
    { createApp },
    { openSearcher },
    { WEBHOOK_PATH },
  ] = await Promise.all([
    import('@hono/node-server'),
    import('@hono/node-server/conninfo'),
    import('../src/bot/create-bot.ts'),
    import('../src/http/create-app.ts'),
    import('../src/search/open-searcher.ts'),
    import('../src/config.ts'),
  ])
  const apiRoot = process.argv[process.argv.indexOf('--api-root') + 1] ?? ''
  let loggedErrors = 0
  let loggedWarnings = 0
  const logger = {
    info: () => {},
    warn: (message: string, fields?: Record<string, unknown>) => {
      loggedWarnings++
      if (loggedWarnings <= 3) console.error(`server warning: ${message} ${JSON.stringify(fields)}`)
    },
    error: (message: string, fields?: Record<string, unknown>) => {
      loggedErrors++
      if (loggedErrors <= 5) console.error(`server error: ${message} ${JSON.stringify(fields)}`)
    },
  }
  const searcher = await openSearcher()
  const bot = createBot(
    { token: BENCH_TOKEN, mode: 'webhook', webhookSecret: WEBHOOK_SECRET, apiRoot, botInfo },
    { searcher, logger },
  )
  const secrets = [BENCH_TOKEN, WEBHOOK_SECRET]
  const app = createApp({
    searcher,
    logger,
    apiRateLimit: BENCH_API_RATE_LIMIT,
    clientAddress: (c) => getConnInfo(c).remote.address,
    webhook: { bot, secretToken: WEBHOOK_SECRET, path: WEBHOOK_PATH },
    secrets,
  })
  const gc = (globalThis as { gc?: () => void }).gc
  process.on('message', (message) => {
    if (message !== 'stats') return
    gc?.()
    const memory = process.memoryUsage()
    const stats: ChildMessage = {
      type: 'stats',
      rssMb: memory.rss / 2 ** 20,
      heapUsedMb: memory.heapUsed / 2 ** 20,
      loggedErrors,
      loggedWarnings,
    }
    process.send?.(stats)
  })
  process.on('disconnect', () => process.exit(0))
  listen({ fetch: app.fetch, hostname: LOOPBACK, port: 0 }, (info) => {
    process.send?.({ type: 'listening', port: info.port } satisfies ChildMessage)
  })
}

/** The fake Bot API process: answers every call at once, like Telegram on a good day, and counts them. */
async function serveFakeBotApi(): Promise<void> {
  let calls = 0
  const server = createServer((request: IncomingMessage, response) => {
    request.resume()
    request.on('end', () => {
      calls++
      const result = request.url?.endsWith('/sendMessage')
        ? {
            message_id: calls,
            date: Math.floor(Date.now() / 1000),
            chat: { id: 1, type: 'private' },
            text: '',
          }
        : true
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ ok: true, result }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve))
  const { port } = server.address() as AddressInfo
  process.on('message', (message) => {
    if (message === 'calls') process.send?.({ type: 'calls', calls } satisfies ChildMessage)
  })
  process.on('disconnect', () => process.exit(0))
  process.send?.({ type: 'listening', port } satisfies ChildMessage)
}

/** Forks this script in a role; resolves once it listens. */
function startChild(role: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(SCRIPT, role, {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${role[0]} exited with ${code} before listening`)))
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'listening') resolve({ child, port: message.port })
    })
  })
}

/** Asks a child for one message of a type. */
function ask<T extends ChildMessage['type']>(
  child: ChildProcess,
  request: string,
  type: T,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type !== type) return
      child.off('message', onMessage)
      resolve(message as Extract<ChildMessage, { type: T }>)
    }
    child.on('message', onMessage)
    child.send(request)
  })
}

interface Row {
  label: string
  rps: number
  p50: number
  p99: number
  errors: number
  requests: number
  seconds: number
}

async function drive(): Promise<void> {
  const { default: autocannon } = await import('autocannon')
  const seconds = flag('--seconds', 12)
  const soakSeconds = flag('--soak-seconds', 60)
  const connections = flag('--connections', 50)
  // Whatever happens, stop: the phases below take about 4 * seconds + soak + start-up.
  const watchdog = setTimeout(
    () => {
      console.error('bench-http: took too long, stopping')
      process.exit(2)
    },
    (4 * seconds + soakSeconds + 90) * 1000,
  )
  watchdog.unref()

  const questions = readFileSync(QUESTIONS_FILE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { q: string }).q)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T

  // Three processes, as in production: the load (this one), the server, and a Bot API elsewhere.
  const fake = await startChild(['--fake-bot-api'])
  const apiRoot = `http://${LOOPBACK}:${fake.port}`
  const { child, port } = await startChild(['--serve', '--api-root', apiRoot])
  const url = `http://${LOOPBACK}:${port}`
  const stop = () => {
    for (const spawned of [child, fake.child]) {
      spawned.disconnect()
      spawned.kill('SIGTERM')
    }
  }

  let updateId = 0
  const searchRequest = (uncached: boolean) => ({
    setupRequest: (request: { path?: string }) => {
      const query = new URLSearchParams({ q: pick(questions) })
      if (uncached) {
        query.set('limit', String(1 + Math.floor(Math.random() * 20)))
        query.set('offset', String(Math.floor(Math.random() * 50)))
      }
      return { ...request, path: `/api/search?${query}` }
    },
  })
  const webhookRequest = {
    method: 'POST',
    path: '/telegram/webhook',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    setupRequest: (request: { body?: string }) => {
      updateId++
      // A different user each time, as in real traffic: the per-chat limit does not apply.
      const chat = { id: 1_000_000 + updateId, type: 'private', first_name: 'Bench' }
      const update = {
        update_id: updateId,
        message: {
          message_id: updateId,
          date: Math.floor(Date.now() / 1000),
          chat,
          from: { ...chat, is_bot: false },
          text: pick(questions),
        },
      }
      return { ...request, body: JSON.stringify(update) }
    },
  }

  const run = async (
    label: string,
    requests: object[],
    duration: number,
    conns = connections,
  ): Promise<Row> => {
    const result = await autocannon({
      url,
      connections: conns,
      duration,
      timeout: 10,
      requests: requests as never,
    })
    return {
      label,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
      requests: result.requests.total,
      seconds: result.duration,
    }
  }

  try {
    console.log(
      `bench-http: server pid ${child.pid} on ${url}, fake Bot API pid ${fake.child.pid} on ${apiRoot} (loopback only)`,
    )
    console.log(
      `API rate limit raised to ${BENCH_API_RATE_LIMIT.toExponential()} requests/min for this run (all load comes from one address; production default 60/min, API_RATE_LIMIT).`,
    )
    console.log(
      `${connections} connections, ${seconds} s per measurement (trivial route and cached search in ${ROUNDS} alternating rounds), ${soakSeconds} s soak, ${questions.length} questions; answers are cached in the server (LRU, ${DEFAULT_ANSWER_CACHE_SIZE}), the random limit/offset row mostly misses the cache\n`,
    )
    await run('warm-up', [searchRequest(false), searchRequest(true), webhookRequest], 3)
    const rows: Row[] = []
    // The trivial route and search take turns, so that other load on the machine weighs on both alike.
    const trivialRounds: Row[] = []
    const searchRounds: Row[] = []
    for (let round = 0; round < ROUNDS; round++) {
      trivialRounds.push(
        await run(
          'GET /healthz (trivial)',
          [{ path: '/healthz' }],
          Math.max(1, Math.round(seconds / ROUNDS)),
        ),
      )
      searchRounds.push(
        await run(
          'GET /api/search (eval questions)',
          [searchRequest(false)],
          Math.max(1, Math.round(seconds / ROUNDS)),
        ),
      )
    }
    rows.push(combine(trivialRounds), combine(searchRounds))
    rows.push(await run('GET /api/search (random limit/offset)', [searchRequest(true)], seconds))
    rows.push(await run('POST /telegram/webhook', [webhookRequest], seconds))

    const before = await ask(child, 'stats', 'stats')
    const soakConnections = Math.max(2, Math.floor(connections / 5))
    const soak = await Promise.all([
      run(
        `soak: search, mixed (${connections - soakConnections} conns)`,
        [searchRequest(false), searchRequest(true)],
        soakSeconds,
        connections - soakConnections,
      ),
      run(`soak: webhook (${soakConnections} conns)`, [webhookRequest], soakSeconds, soakConnections),
    ])
    rows.push(...soak)
    const after = await ask(child, 'stats', 'stats')
    const { calls } = await ask(fake.child, 'calls', 'calls')

    const table = rows.map((row) => ({
      route: row.label,
      'req/s': Math.round(row.rps),
      'p50 ms': row.p50,
      'p99 ms': row.p99,
      errors: row.errors,
      requests: row.requests,
    }))
    console.table(table)
    console.log(
      `server memory (after a full GC): before soak rss ${before.rssMb.toFixed(1)} MB, heap ${before.heapUsedMb.toFixed(1)} MB; after soak rss ${after.rssMb.toFixed(1)} MB, heap ${after.heapUsedMb.toFixed(1)} MB (heap ${signed(after.heapUsedMb - before.heapUsedMb)} MB)`,
    )
    console.log(
      `Bot API calls answered by the fake: ${calls}; errors and warnings logged by the server: ${after.loggedErrors}, ${after.loggedWarnings}`,
    )

    const [trivial, search, , webhook] = rows
    if (!trivial || !search || !webhook) throw new Error('a measurement is missing')
    const checks: [string, boolean][] = [
      [
        `search req/s >= half the trivial route's (${Math.round(search.rps)} vs ${Math.round(trivial.rps)})`,
        search.rps >= trivial.rps / 2,
      ],
      [`search p99 <= 20 ms at ${connections} connections (${search.p99} ms)`, search.p99 <= 20],
      [
        'zero errors in every run',
        rows.every((row) => row.errors === 0) && after.loggedErrors === 0 && after.loggedWarnings === 0,
      ],
      [
        `heap flat over the soak (${signed(after.heapUsedMb - before.heapUsedMb)} MB, limit +10 MB)`,
        after.heapUsedMb - before.heapUsedMb <= 10,
      ],
    ]
    console.log('')
    for (const [label, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}`)
    process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1
  } finally {
    stop()
    clearTimeout(watchdog)
  }
}

/** Rounds of one route as one row: requests/s over all rounds, the median p50, the worst p99. */
function combine(rounds: Row[]): Row {
  const [first] = rounds
  if (!first) throw new Error('no rounds')
  const requests = rounds.reduce((sum, row) => sum + row.requests, 0)
  const seconds = rounds.reduce((sum, row) => sum + row.seconds, 0)
  const p50s = rounds.map((row) => row.p50).sort((a, b) => a - b)
  return {
    label: `${first.label} x${rounds.length}`,
    rps: requests / seconds,
    p50: p50s[Math.floor(p50s.length / 2)] ?? 0,
    p99: Math.max(...rounds.map((row) => row.p99)),
    errors: rounds.reduce((sum, row) => sum + row.errors, 0),
    requests,
    seconds,
  }
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`
}
