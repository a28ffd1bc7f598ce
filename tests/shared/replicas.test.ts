// Two `npm start` replicas (separate processes) sharing one real redis-server act as one bot: an update
// delivered to both is answered once, a client's API limit and a chat's limits hold across both, and both
// replicas' unanswered questions are read by one `cli misses`. Then Redis goes away and comes back.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Context } from 'grammy'
import type { Chat, Update } from 'grammy/types'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { zh } from '../../prompts/zh.ts'
import { dropDuplicateUpdates } from '../../src/bot/middleware/drop-duplicate-updates.ts'
import { ConfigError, parseConfig, WEBHOOK_PATH } from '../../src/config.ts'
import { runMisses } from '../../src/search/cli-misses.ts'
import { connectRedisSharedState } from '../../src/shared/redis-shared-state.ts'
import { SharedStateUnavailableError } from '../../src/shared/shared-state.ts'
import { BOT_TOKEN, botInfo, type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.ts'
import { type RedisServer, startRedisServer } from '../helpers/redis-server.ts'
import { realSearcher } from '../helpers/searcher.ts'
import {
  runServerToExit,
  type ServerProcess,
  startServerProcess,
  waitForOutput,
} from '../helpers/server-process.ts'
import { messageUpdate, textMessage } from '../helpers/telegram-updates.ts'

const SECRET = 'replica-secret_7'
const API_LIMIT = 4
const QUESTION = '湖南前11月进出口总额是多少？'

let redis: RedisServer
let api: FakeBotApi
let replicas: [ServerProcess, ServerProcess]
let missesFile: string

const privateChat = (id: number): Chat.PrivateChat => ({ id, type: 'private', first_name: '测试' })

/**
 * Posts an update as Telegram does, delivering it again once when the connection breaks (a kept-alive socket
 * the server closed meanwhile, on a loaded machine): like Telegram's own redelivery, the dedupe makes that safe.
 */
async function deliver(replica: ServerProcess, update: Update): Promise<Response> {
  const post = () =>
    fetch(`${replica.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    })
  try {
    return await post()
  } catch {
    return post()
  }
}

const sentTo = (chatId: number) => api.callsTo('sendMessage').filter((call) => call.params.chat_id === chatId)

beforeAll(async () => {
  await realSearcher()
  ;[redis, api] = await Promise.all([startRedisServer(), startFakeBotApi()])
  missesFile = join(mkdtempSync(join(tmpdir(), 'xiangwen-replicas-')), 'misses.jsonl')
  const env = {
    REDIS_URL: redis.url,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    BOT_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: api.apiRoot,
    BOT_INFO: JSON.stringify(botInfo),
    API_RATE_LIMIT: String(API_LIMIT),
    MISSES_LOG: missesFile,
  }
  // Generous: on a loaded 2-core machine one start (index load in a worker thread) can take a minute.
  const started = await Promise.allSettled([
    startServerProcess(env, 150_000),
    startServerProcess(env, 150_000),
  ])
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
  if (running.length < 2) {
    await Promise.all(running.map((replica) => replica.stop()))
    throw (started.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason
  }
  replicas = running as [ServerProcess, ServerProcess]
  await Promise.all(replicas.map((replica) => waitForOutput(replica, 'webhook mode')))
}, 180_000)

afterAll(async () => {
  await Promise.all((replicas ?? []).map((replica) => replica.stop()))
  await api?.close()
  await redis?.stop()
})

describe('two replicas sharing Redis', () => {
  it('say at start that they share their state, and where', () => {
    for (const replica of replicas) {
      expect(replica.output()).toContain(`Sharing the update dedupe, the rate limits and the flood counters`)
      expect(replica.output()).toContain(`Redis at ${redis.url}`)
    }
  })

  it('answer an update delivered to both exactly once', async () => {
    const chat = privateChat(610_000_001)
    const update = messageUpdate(textMessage(chat, QUESTION))
    const responses = await Promise.all(replicas.map((replica) => deliver(replica, update)))
    expect(responses.map((response) => response.status)).toEqual([200, 200])
    // Each replica has finished the update before it answered Telegram: the count is final.
    expect(sentTo(chat.id)).toHaveLength(1)
    // Redelivered later, to either replica, it is still not answered again.
    expect((await deliver(replicas[1], update)).status).toBe(200)
    expect(sentTo(chat.id)).toHaveLength(1)
  })

  it("hold a client's API limit across both: it trips at the same total as on one replica", async () => {
    const statuses: number[] = []
    for (let i = 0; i <= API_LIMIT; i++) {
      const replica = replicas[i % 2] as ServerProcess
      const response = await fetch(`${replica.url}/api/search?q=${encodeURIComponent('外贸')}`)
      statuses.push(response.status)
      if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
    }
    expect(statuses).toEqual([...Array(API_LIMIT).fill(200), 429])
  })

  it("hold a chat's burst limit and a group's flood counter across both", async () => {
    // A private chat: 6 questions in 10 s, then one notice (alternating replicas, 3 + 3 would pass each).
    const chat = privateChat(610_000_002)
    for (let i = 0; i < 8; i++)
      await deliver(replicas[i % 2] as ServerProcess, messageUpdate(textMessage(chat, QUESTION)))
    const texts = sentTo(chat.id).map((call) => String(call.params.text))
    expect(texts.filter((text) => text === zh.rateLimited)).toHaveLength(1)
    expect(texts.filter((text) => text !== zh.rateLimited)).toHaveLength(6)

    // A group: every /ask counts against its 19 a minute, refused or not; the 20th gets the group's notice.
    const group: Chat.SupergroupChat = { id: -1_006_100_000_003, type: 'supergroup', title: '编辑部' }
    const asks = Array.from({ length: 20 }, () => textMessage(group, `/ask ${QUESTION}`))
    for (const [i, ask] of asks.entries()) await deliver(replicas[i % 2] as ServerProcess, messageUpdate(ask))
    const notices = sentTo(group.id).filter((call) => call.params.text === zh.rateLimited)
    const repliedTo = notices.map(
      (call) => (call.params.reply_parameters as { message_id: number }).message_id,
    )
    // The burst notice on the 7th ask, the minute's notice on the 20th (on one replica it is the same).
    expect(repliedTo).toEqual([asks[6]?.message_id, asks[19]?.message_id])
    expect(sentTo(group.id)).toHaveLength(8)
  })

  it("write both replicas' unanswered questions to Redis, where `cli misses` reads them", async () => {
    const unanswered = ['火星基地有多少名宇航员？', '长沙地铁十号线什么时候开通']
    // One through the API of the first replica (a client the limit above has not met), one through the bot on the second.
    const asked = await fetch(`${replicas[0].url}/?q=${encodeURIComponent(unanswered[0] as string)}`)
    expect(asked.status).toBe(200)
    await deliver(replicas[1], messageUpdate(textMessage(privateChat(610_000_004), unanswered[1] as string)))
    const started = Date.now()
    while (Number(redis.cli('LLEN', 'xiangwen:misses')) < 2 && Date.now() - started < 5_000)
      await new Promise((resolve) => setTimeout(resolve, 20))
    // What `npm run -s cli -- misses --json` runs (tests/search/miss-log.test.ts spawns the CLI itself).
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    vi.stubEnv('REDIS_URL', redis.url)
    vi.stubEnv('MISSES_LOG', '')
    let printed = ''
    try {
      expect(await runMisses(['--json'])).toBe(0)
      printed = stdout.mock.calls.map((call) => String(call[0])).join('')
    } finally {
      vi.unstubAllEnvs()
      stdout.mockRestore()
    }
    const listed = (JSON.parse(printed) as { questions: { question: string; count: number }[] }).questions
    // The same question typed in another width counts once: the list shows it NFKC-folded (？ → ?).
    expect(listed.map((entry) => entry.question).sort()).toEqual(
      unanswered.map((q) => q.normalize('NFKC')).sort(),
    )
    // Not also in each replica's file: one place for the questions citizens typed.
    expect(existsSync(missesFile)).toBe(false)
  }, 20_000)

  it('keep serving when Redis is lost (limits fail open, updates wait for it) and pick it up again', async () => {
    await redis.stop()
    // The client that used up its API budget above is served: a user is never refused because Redis is down.
    const served = await Promise.all(
      [0, 1].map(() => fetch(`${replicas[0].url}/api/search?q=${encodeURIComponent('外贸')}`)),
    )
    expect(served.map((response) => response.status)).toEqual([200, 200])
    // An update nobody can claim is refused, so that Telegram delivers it again; nothing is sent.
    const chat = privateChat(610_000_005)
    const update = messageUpdate(textMessage(chat, QUESTION))
    expect((await deliver(replicas[0], update)).status).toBe(503)
    expect(sentTo(chat.id)).toHaveLength(0)
    const outages = replicas[0].output().match(/is unreachable or failing/g) ?? []
    expect(outages).toHaveLength(1)
    expect(replicas[0].output()).not.toMatch(/\n\s+at /)

    await redis.start()
    await waitForOutput(replicas[0], `${redis.url} is back`, 10_000)
    expect((await deliver(replicas[0], update)).status).toBe(200)
    expect((await deliver(replicas[1], update)).status).toBe(200)
    expect(sentTo(chat.id)).toHaveLength(1)
  }, 20_000)
})

describe('a REDIS_URL that does not work', () => {
  it.each([
    [
      'localhost:6379',
      'REDIS_URL: expected a Redis URL like redis://127.0.0.1:6379 (or redis://:password@host:6379/0, rediss:// for TLS) (got "localhost:6379")',
    ],
    ['http://127.0.0.1:6379', 'REDIS_URL: expected a Redis URL'],
    ['redis://', 'REDIS_URL: expected a Redis URL'],
    [
      'redis://:secret-pass@/x',
      'REDIS_URL: expected a Redis URL like redis://127.0.0.1:6379 (or redis://:password@host:6379/0, rediss:// for TLS)\n',
    ],
  ])('%s is refused with a message naming REDIS_URL (and never its password)', (url, message) => {
    expect(() => parseConfig({ REDIS_URL: url })).toThrow(ConfigError)
    const error = (() => {
      try {
        parseConfig({ REDIS_URL: url })
      } catch (thrown) {
        return `${(thrown as Error).message}\n`
      }
    })()
    expect(error).toContain(message)
    expect(error).not.toContain('secret-pass')
  })

  it('stops `npm start` with exit 1 when Redis is down at start: where, what to do, no password, no stack', async () => {
    const closed = await startRedisServer()
    await closed.stop()
    const { code, output } = await runServerToExit({
      REDIS_URL: `redis://:hunter2-pass@127.0.0.1:${closed.port}`,
    })
    expect(code).toBe(1)
    expect(output).toContain(`Cannot connect to Redis at redis://127.0.0.1:${closed.port} (REDIS_URL)`)
    expect(output).toContain('unset REDIS_URL')
    expect(output).not.toContain('hunter2')
    expect(output).not.toMatch(/\n\s+at /)
    // The check comes first: no index is built or loaded for a start that cannot serve as a replica.
    expect(output).not.toContain('Index loaded')
  }, 60_000)

  it('makes `cli misses` say that it cannot read Redis (exit 1)', async () => {
    const closed = await startRedisServer()
    await closed.stop()
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    vi.stubEnv('REDIS_URL', closed.url)
    try {
      expect(await runMisses([])).toBe(1)
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain(
        `error: Cannot connect to Redis at ${closed.url} (REDIS_URL)`,
      )
    } finally {
      vi.unstubAllEnvs()
      stderr.mockRestore()
    }
  })
})

describe('the shared counters, from two connections', () => {
  it('count a sliding minute across both, capped', async () => {
    const quiet = { onOutage: () => {}, onRecovered: () => {} }
    const [one, two] = await Promise.all([
      connectRedisSharedState({ url: redis.url, ...quiet }),
      connectRedisSharedState({ url: redis.url, ...quiet }),
    ])
    const counters = [
      one.slidingWindowCounters('test', 60_000, 5),
      two.slidingWindowCounters('test', 60_000, 5),
    ]
    const counts: number[] = []
    for (let i = 0; i < 7; i++) counts.push(await (counters[i % 2] as (typeof counters)[0]).incr('chat'))
    expect(counts).toEqual([1, 2, 3, 4, 5, 5, 5])
    await Promise.all([one.close(), two.close()])
  })

  it('keep the update dedupe safe when Redis is lost: refused on webhooks, in memory for long polling', async () => {
    const own = await startRedisServer()
    const outages: string[] = []
    const state = await connectRedisSharedState({
      url: own.url,
      onOutage: (message) => outages.push(message),
      onRecovered: () => {},
    })
    await own.stop()
    const update = (id: number) => ({ update: { update_id: id }, me: botInfo }) as unknown as Context
    const polling = dropDuplicateUpdates({ shared: state, whenUnavailable: 'memory' })
    const handled: number[] = []
    for (const id of [1, 1, 2]) await polling(update(id), async () => void handled.push(id))
    expect(handled).toEqual([1, 2])
    const webhook = dropDuplicateUpdates({ shared: state, whenUnavailable: 'refuse' })
    await expect(webhook(update(3), async () => {})).rejects.toBeInstanceOf(SharedStateUnavailableError)
    expect(outages).toHaveLength(1)
    await state.close()
  })
})
