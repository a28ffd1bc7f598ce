/**
 * A local stand-in for the Telegram Bot API: a node:http server on 127.0.0.1 (random port) that records
 * every call (method + JSON or multipart params) and answers like Telegram ({ ok: true, result }).
 * Point grammY at it with client.apiRoot / TELEGRAM_API_ROOT.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Update, UserFromGetMe } from 'grammy/types'

export interface RecordedCall {
  method: string
  token: string
  params: Record<string, unknown>
  /** What the fake did with it: answered ok, answered with an error, cut the connection, or never answered. */
  outcome?: 'ok' | 'failed' | 'dropped' | 'hung'
}

type Failure = { error_code: number; description: string; parameters?: { retry_after?: number } }

export const BOT_TOKEN = '123456789:AAE-fake-token-for-tests_0123456789abc'

export const botInfo: UserFromGetMe = {
  id: 123456789,
  is_bot: true,
  first_name: '湘问',
  username: 'xiangwen_test_bot',
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

export interface FakeBotApi {
  /** e.g. http://127.0.0.1:43121 (give it to grammY as apiRoot). */
  apiRoot: string
  calls: RecordedCall[]
  /** Calls of one method. */
  callsTo(method: string): RecordedCall[]
  /** The next `times` calls to `method` fail like Telegram would. */
  failNext(method: string, failure: Failure, times?: number): void
  /** The next `times` calls to `method` get no answer: the connection is cut (a network failure). */
  dropNext(method: string, times?: number): void
  /** The next `times` calls to `method` are never answered (Telegram hangs); the connection stays open. */
  hangNext(method: string, times?: number): void
  /** Updates handed out by getUpdates (long polling). */
  queueUpdates(...updates: Update[]): void
  /** Resolves once a call to `method` has been recorded (optionally matching). */
  waitFor(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>
  reset(): void
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

async function parseParams(request: IncomingMessage, body: Buffer): Promise<Record<string, unknown>> {
  const type = request.headers['content-type'] ?? ''
  if (body.length === 0) return {}
  if (type.includes('application/json')) return JSON.parse(body.toString('utf8')) as Record<string, unknown>
  if (type.includes('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': type } }).formData()
    const params: Record<string, unknown> = {}
    for (const [key, value] of form.entries()) {
      if (typeof value !== 'string') {
        params[key] = { file: value.name }
        continue
      }
      try {
        params[key] = JSON.parse(value)
      } catch {
        params[key] = value
      }
    }
    return params
  }
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')))
}

/** Starts the fake Bot API. */
export async function startFakeBotApi(options: { botInfo?: UserFromGetMe } = {}): Promise<FakeBotApi> {
  const me = options.botInfo ?? botInfo
  const calls: RecordedCall[] = []
  const failures = new Map<string, Failure[]>()
  const drops = new Map<string, number>()
  const hangs = new Map<string, number>()
  const updates: Update[] = []
  const waiters: {
    method: string
    predicate: (call: RecordedCall) => boolean
    resolve: (call: RecordedCall) => void
  }[] = []
  let nextMessageId = 1000
  let webhook = { url: '', allowed_updates: [] as string[] }

  const message = (params: Record<string, unknown>) => {
    const chatId = Number(params.chat_id)
    return {
      message_id: typeof params.message_id === 'number' ? params.message_id : nextMessageId++,
      from: { id: me.id, is_bot: true, first_name: me.first_name, username: me.username },
      chat:
        chatId > 0
          ? { id: chatId, type: 'private', first_name: 'Tester' }
          : { id: chatId, type: 'supergroup', title: 'Group' },
      date: Math.floor(Date.now() / 1000),
      text: String(params.text ?? ''),
    }
  }

  const results: Record<string, (params: Record<string, unknown>) => unknown> = {
    getMe: () => me,
    sendMessage: message,
    editMessageText: message,
    getUpdates: () => updates.splice(0, updates.length),
    setWebhook: (params) => {
      webhook = { url: String(params.url), allowed_updates: (params.allowed_updates as string[]) ?? [] }
      return true
    },
    deleteWebhook: () => {
      webhook = { url: '', allowed_updates: [] }
      return true
    },
    getWebhookInfo: () => ({
      ...webhook,
      has_custom_certificate: false,
      pending_update_count: 0,
      max_connections: 40,
    }),
  }

  const server: Server = createServer(async (request, response) => {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url ?? '')
    const body = await readBody(request)
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(payload))
    }
    if (!match) return send(404, { ok: false, error_code: 404, description: 'Not Found' })
    const [, token = '', method = ''] = match
    const params = await parseParams(request, body)
    const call: RecordedCall = { method, token, params }
    calls.push(call)
    for (const waiter of [...waiters]) {
      if (waiter.method === method && waiter.predicate(call)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(call)
      }
    }
    const dropping = drops.get(method) ?? 0
    if (dropping > 0) {
      drops.set(method, dropping - 1)
      call.outcome = 'dropped'
      request.socket.destroy()
      return
    }
    const hanging = hangs.get(method) ?? 0
    if (hanging > 0) {
      hangs.set(method, hanging - 1)
      call.outcome = 'hung'
      return
    }
    const failure = failures.get(method)?.shift()
    if (failure) {
      call.outcome = 'failed'
      return send(failure.error_code, { ok: false, ...failure })
    }
    if (method === 'getUpdates' && updates.length === 0) {
      // Long polling: hold the request a little, like Telegram holds it until updates arrive.
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const result = results[method]?.(params) ?? true
    call.outcome = 'ok'
    send(200, { ok: true, result })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    failNext(method, failure, times = 1) {
      failures.set(method, [...(failures.get(method) ?? []), ...Array.from({ length: times }, () => failure)])
    },
    dropNext(method, times = 1) {
      drops.set(method, (drops.get(method) ?? 0) + times)
    },
    hangNext(method, times = 1) {
      hangs.set(method, (hangs.get(method) ?? 0) + times)
    },
    queueUpdates: (...queued) => {
      updates.push(...queued)
    },
    waitFor(method, predicate = () => true, timeoutMs = 15_000) {
      const done = calls.find((call) => call.method === method && predicate(call))
      if (done) return Promise.resolve(done)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${method} call within ${timeoutMs} ms`)),
          timeoutMs,
        )
        waiters.push({
          method,
          predicate,
          resolve: (call) => {
            clearTimeout(timer)
            resolve(call)
          },
        })
      })
    },
    reset() {
      calls.length = 0
      failures.clear()
      drops.clear()
      hangs.clear()
      updates.length = 0
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
