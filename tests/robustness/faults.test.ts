/**
 * Faults of the Bot API (429 with retry_after, 500, a hang, a reset connection) while updates arrive through
 * the real webhook route: the bot retries within its bounds, never crashes, never answers an update twice,
 * and Telegram always gets its 200 in time.
 */
import type { Update } from 'grammy/types'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CALL_BOUNDS } from '../../src/bot/api-calls.ts'
import { WEBHOOK_PATH } from '../../src/config.ts'
import { createApp } from '../../src/http/create-app.ts'
import type { Searcher } from '../../src/search/types.ts'
import { type BotHarness, startBotHarness } from '../helpers/bot-harness.ts'
import { BOT_TOKEN, type RecordedCall } from '../helpers/fake-bot-api.ts'
import { realSearcher } from '../helpers/searcher.ts'
import { assertTelegramHtml } from '../helpers/telegram-html.ts'
import { messageUpdate, privateChat, textMessage } from '../helpers/telegram-updates.ts'

const SECRET = 'faults-secret'
/** grammY's and Telegram's webhook timeout: the answer must come well before it. */
const TELEGRAM_TIMEOUT_MS = 10_000
/** The webhook's own limit (createWebhookRoutes' default). */
const WEBHOOK_TIMEOUT_MS = 5_000
const QUESTION = '黄花机场 全货运航线 数量'

let searcher: Searcher
let harness: BotHarness
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  searcher = await realSearcher()
  // The production bounds: these tests are about them.
  harness = await startBotHarness(searcher)
  app = createApp({
    searcher,
    logger: harness.logger,
    webhook: { bot: harness.bot, secretToken: SECRET, path: WEBHOOK_PATH },
  })
})
afterAll(() => harness.close())
afterEach(() => {
  harness.api.reset()
  harness.logger.lines.length = 0
})

/** Posts an update to the webhook; resolves with the status and how long Telegram waited. */
async function deliver(update: Update): Promise<{ status: number; ms: number }> {
  const started = Date.now()
  const response = await app.request(WEBHOOK_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  })
  await response.arrayBuffer()
  return { status: response.status, ms: Date.now() - started }
}

/** sendMessage calls replying to one message, by outcome. */
function repliesTo(update: Update): RecordedCall[] {
  const messageId = update.message?.message_id
  return harness.api
    .callsTo('sendMessage')
    .filter(
      (call) =>
        (call.params.reply_parameters as { message_id?: number } | undefined)?.message_id === messageId,
    )
}
const delivered = (calls: RecordedCall[]) => calls.filter((call) => call.outcome === 'ok')

/** A moment for any call that would still be going on to show up. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('Bot API faults under the webhook', () => {
  it('429 with a short retry_after: waits, retries, answers once', async () => {
    harness.api.failNext(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
      2,
    )
    const update = messageUpdate(textMessage(privateChat, QUESTION))
    const { status, ms } = await deliver(update)
    expect(status).toBe(200)
    expect(ms).toBeLessThan(WEBHOOK_TIMEOUT_MS + 500)
    const replies = repliesTo(update)
    expect(replies.map((call) => call.outcome)).toEqual(['failed', 'failed', 'ok'])
    expect(assertTelegramHtml(String(replies[2]?.params.text)).text).toContain('全货运航线10条')
  })

  it('429 with a retry_after beyond the bounds: gives up at once and holds the whole chat until then', async () => {
    let now = 1_000_000
    const held = await startBotHarness(searcher, { now: () => now })
    const heldApp = createApp({
      searcher,
      logger: held.logger,
      webhook: { bot: held.bot, secretToken: SECRET, path: WEBHOOK_PATH },
    })
    const post = async (update: Update) => {
      const started = Date.now()
      const response = await heldApp.request(WEBHOOK_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update),
      })
      await response.arrayBuffer()
      return { status: response.status, ms: Date.now() - started }
    }
    try {
      held.api.failNext('sendMessage', {
        error_code: 429,
        description: 'Too Many Requests: retry after 30',
        parameters: { retry_after: 30 },
      })
      const { status, ms } = await post(messageUpdate(textMessage(privateChat, QUESTION)))
      expect(status).toBe(200)
      expect(ms).toBeLessThan(2_000)
      // One call only: the apology is not sent into the same 429.
      expect(held.api.callsTo('sendMessage')).toHaveLength(1)
      expect(held.logger.text()).toContain('held back')
      // Another question from that chat within the 30 s: nothing goes to Telegram; another chat is answered.
      now += 20_000
      await post(messageUpdate(textMessage(privateChat, QUESTION)))
      expect(held.api.callsTo('sendMessage')).toHaveLength(1)
      await post(messageUpdate(textMessage({ ...privateChat, id: privateChat.id + 1 }, QUESTION)))
      expect(held.api.callsTo('sendMessage')).toHaveLength(2)
      // Once the 30 s are over, the chat is answered again.
      now += 11_000
      await post(messageUpdate(textMessage(privateChat, QUESTION)))
      const calls = held.api.callsTo('sendMessage')
      expect(calls).toHaveLength(3)
      expect(calls[2]?.params.chat_id).toBe(privateChat.id)
      expect(calls[2]?.outcome).toBe('ok')
    } finally {
      await held.close()
    }
  })

  it('500 once: retried after a backoff, answered once', async () => {
    harness.api.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' })
    const update = messageUpdate(textMessage(privateChat, QUESTION))
    const { status, ms } = await deliver(update)
    expect(status).toBe(200)
    expect(ms).toBeLessThan(WEBHOOK_TIMEOUT_MS + 500)
    expect(repliesTo(update).map((call) => call.outcome)).toEqual(['failed', 'ok'])
  })

  it('500 every time: a bounded number of attempts, Telegram answered in time, logged without the token', async () => {
    harness.api.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' }, 100)
    const update = messageUpdate(textMessage(privateChat, `${QUESTION} ${'啊'.repeat(5_000)}`))
    const { status, ms } = await deliver(update)
    expect(status).toBe(200)
    expect(ms).toBeLessThan(TELEGRAM_TIMEOUT_MS / 2 + 500)
    // The update's budget ran out before the webhook answered: nothing goes on after it.
    await pause(500)
    const replies = repliesTo(update)
    expect(replies.length).toBeGreaterThanOrEqual(2)
    expect(replies.length).toBeLessThanOrEqual(1 + DEFAULT_CALL_BOUNDS.apiRetries + 1)
    expect(delivered(replies)).toEqual([])
    expect(harness.logger.lines.some((line) => line.message === 'update failed')).toBe(true)
    expect(harness.logger.text()).not.toContain(BOT_TOKEN)
    // The asker's text appears in the log cut to 200 characters at most.
    expect(harness.logger.text()).toContain('啊'.repeat(100))
    expect(harness.logger.text()).not.toContain('啊'.repeat(200))
  })

  it('a reset connection: retried twice, then the answer goes through once', async () => {
    harness.api.dropNext('sendMessage', 2)
    const update = messageUpdate(textMessage(privateChat, QUESTION))
    expect((await deliver(update)).status).toBe(200)
    expect(repliesTo(update).map((call) => call.outcome)).toEqual(['dropped', 'dropped', 'ok'])
  })

  it('a hanging Bot API: Telegram still gets its 200 before the timeout, the calls stop, the bot goes on', async () => {
    harness.api.hangNext('sendMessage', 100)
    const update = messageUpdate(textMessage(privateChat, QUESTION))
    const { status, ms } = await deliver(update)
    expect(status).toBe(200)
    expect(ms).toBeLessThan(WEBHOOK_TIMEOUT_MS + 500)
    await pause(500)
    const attempts = repliesTo(update).length
    expect(attempts).toBeGreaterThanOrEqual(1)
    expect(attempts).toBeLessThanOrEqual(1 + DEFAULT_CALL_BOUNDS.networkRetries + 1)
    expect(harness.logger.lines.some((line) => line.message === 'update failed')).toBe(true)
    expect(harness.logger.text()).not.toContain(BOT_TOKEN)

    // Telegram is back: the next question is answered as usual.
    harness.api.reset()
    const next = messageUpdate(textMessage(privateChat, QUESTION))
    expect((await deliver(next)).status).toBe(200)
    expect(delivered(repliesTo(next))).toHaveLength(1)
  })

  it('an update redelivered while the first delivery is still stuck is handled once', async () => {
    harness.api.hangNext('sendMessage', 1)
    const update = messageUpdate(textMessage(privateChat, QUESTION))
    const results = await Promise.all([deliver(update), deliver(update), deliver(update)])
    expect(results.map((result) => result.status)).toEqual([200, 200, 200])
    await deliver(update)
    // One handling: a hung attempt, then its retry delivered; the redeliveries sent nothing.
    expect(repliesTo(update).map((call) => call.outcome)).toEqual(['hung', 'ok'])
  })

  it('a burst of updates amid mixed faults: every webhook call answered in time, no update answered twice', async () => {
    harness.api.failNext(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
      4,
    )
    harness.api.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' }, 3)
    harness.api.dropNext('sendMessage', 3)
    const updates = Array.from({ length: 30 }, (_, index) =>
      messageUpdate(textMessage(privateChat, index % 2 === 0 ? QUESTION : '湖南前11月进出口总额是多少？')),
    )
    const results = await Promise.all(updates.flatMap((update) => [deliver(update), deliver(update)]))
    expect(results.every((result) => result.status === 200)).toBe(true)
    expect(Math.max(...results.map((result) => result.ms))).toBeLessThan(WEBHOOK_TIMEOUT_MS + 500)
    for (const update of updates) expect(delivered(repliesTo(update))).toHaveLength(1)
  })
})
