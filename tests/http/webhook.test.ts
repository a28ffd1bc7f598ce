import { Bot } from 'grammy'
import type { Update } from 'grammy/types'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { BotContext } from '../../src/bot/context.ts'
import { WEBHOOK_PATH } from '../../src/config.ts'
import { createApp } from '../../src/http/create-app.ts'
import type { Searcher } from '../../src/search/types.ts'
import { type BotHarness, startBotHarness } from '../helpers/bot-harness.ts'
import { BOT_TOKEN, botInfo } from '../helpers/fake-bot-api.ts'
import { createMemoryLogger } from '../helpers/memory-logger.ts'
import { realSearcher } from '../helpers/searcher.ts'
import { assertTelegramHtml } from '../helpers/telegram-html.ts'
import {
  channelPostUpdate,
  messageUpdate,
  nextUpdateId,
  privateChat,
  textMessage,
  user,
} from '../helpers/telegram-updates.ts'

const SECRET = 'test-secret_123'

let searcher: Searcher
let harness: BotHarness
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  searcher = await realSearcher()
  harness = await startBotHarness(searcher)
  app = createApp({
    searcher,
    logger: createMemoryLogger(),
    webhook: { bot: harness.bot, secretToken: SECRET, path: WEBHOOK_PATH },
  })
})
afterAll(() => harness.close())
beforeEach(() => harness.api.reset())

function postUpdate(body: string | Update, secret: string | null = SECRET, target = app) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret
  return target.request(WEBHOOK_PATH, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

describe(`POST ${WEBHOOK_PATH}`, () => {
  it('answers a private question with a Bot API call, and Telegram with an empty 200', async () => {
    const response = await postUpdate(messageUpdate(textMessage(privateChat, '湖南前11月进出口总额是多少？')))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
    const [sent] = harness.api.callsTo('sendMessage')
    expect(sent?.params.chat_id).toBe(user.id)
    expect(assertTelegramHtml(String(sent?.params.text)).blockquotes.length).toBeGreaterThan(0)
  })

  it('refuses a wrong or missing secret with 401 and handles nothing', async () => {
    const update = messageUpdate(textMessage(privateChat, '湖南前11月进出口总额是多少？'))
    expect((await postUpdate(update, 'wrong-secret')).status).toBe(401)
    expect((await postUpdate(update, null)).status).toBe(401)
    expect(harness.api.calls).toEqual([])
  })

  it('ignores channel posts and update types it does not handle (200, no call)', async () => {
    expect((await postUpdate(channelPostUpdate('湖南前11月进出口总额是多少？'))).status).toBe(200)
    const reaction = {
      update_id: nextUpdateId(),
      message_reaction: {
        chat: privateChat,
        message_id: 77,
        user,
        date: Math.floor(Date.now() / 1000),
        old_reaction: [],
        new_reaction: [{ type: 'emoji', emoji: '👍' }],
      },
    }
    expect((await postUpdate(JSON.stringify(reaction))).status).toBe(200)
    expect(harness.api.calls).toEqual([])
  })

  it('handles a redelivered update_id once', async () => {
    const update = messageUpdate(textMessage(privateChat, '黄花机场 全货运航线 数量'))
    expect((await postUpdate(update)).status).toBe(200)
    expect((await postUpdate(update)).status).toBe(200)
    expect(harness.api.callsTo('sendMessage')).toHaveLength(1)
  })

  it('refuses a body over 64 KB with 413 and a body that is not JSON with 400', async () => {
    const huge = JSON.stringify({ update_id: nextUpdateId(), message: { text: '湖'.repeat(30_000) } })
    const tooLarge = await postUpdate(huge)
    expect(tooLarge.status).toBe(413)
    expect(await tooLarge.json()).toMatchObject({ error: { code: 'payload_too_large' } })
    const notJson = await postUpdate('update_id=1')
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toMatchObject({ error: { code: 'invalid_json' } })
    expect((await postUpdate('{"hello":"world"}')).status).toBe(400)
    expect(harness.api.calls).toEqual([])
  })

  it('acknowledges an update whose handling failed past every boundary (no redelivery), and logs it', async () => {
    const bare = new Bot<BotContext>(BOT_TOKEN, { botInfo })
    bare.use(() => {
      throw new Error(`handler exploded with ${BOT_TOKEN}`)
    })
    const log = createMemoryLogger()
    const bareApp = createApp({
      searcher,
      logger: log,
      webhook: { bot: bare, secretToken: SECRET, path: WEBHOOK_PATH },
      secrets: [BOT_TOKEN],
    })
    const response = await postUpdate(messageUpdate(textMessage(privateChat, '黄花机场')), SECRET, bareApp)
    expect(response.status).toBe(200)
    expect(log.lines.find((line) => line.message === 'webhook update failed')?.fields?.error).toContain(
      'handler exploded',
    )
    expect(log.text()).not.toContain(BOT_TOKEN)
  })

  it('answers Telegram in time even when handling is slow, and still sends the reply', async () => {
    const slow: Searcher = {
      ...searcher,
      answer: async (question, options) => {
        await new Promise((resolve) => setTimeout(resolve, 800))
        return searcher.answer(question, options)
      },
    }
    const slowHarness = await startBotHarness(slow)
    try {
      const slowApp = createApp({
        searcher: slow,
        logger: createMemoryLogger(),
        webhook: { bot: slowHarness.bot, secretToken: SECRET, path: WEBHOOK_PATH, timeoutMs: 100 },
      })
      const started = Date.now()
      const response = await postUpdate(messageUpdate(textMessage(privateChat, '黄花机场')), SECRET, slowApp)
      expect(response.status).toBe(200)
      expect(Date.now() - started).toBeLessThan(700)
      await slowHarness.api.waitFor('sendMessage')
    } finally {
      await slowHarness.close()
    }
  })
})
