import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALLOWED_UPDATES } from '../../src/bot/allowed-updates.ts'
import { BOT_TOKEN, botInfo, type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.ts'
import { realSearcher } from '../helpers/searcher.ts'
import {
  runServerToExit,
  type ServerProcess,
  startServerProcess,
  waitForOutput,
} from '../helpers/server-process.ts'
import { assertTelegramHtml } from '../helpers/telegram-html.ts'
import { messageUpdate, privateChat, textMessage, user } from '../helpers/telegram-updates.ts'

beforeAll(async () => {
  // Builds the index once, so the servers below start from a fresh one.
  await realSearcher()
})

describe('npm start without a bot token', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await startServerProcess()
  })
  afterAll(() => server.stop())

  it('serves the API and the search page and says the bot is off and how to turn it on', async () => {
    expect(server.output()).toContain('Telegram bot is off: TELEGRAM_BOT_TOKEN is not set')
    expect(server.output()).toContain('@BotFather')
    const health = await fetch(`${server.url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok', index: 'loaded' })
    const page = await fetch(`${server.url}/?q=${encodeURIComponent('黄花机场 全货运航线 数量')}`)
    expect(page.status).toBe(200)
    expect((await page.text()).replace(/<[^>]+>/g, '')).toContain('全货运航线10条')
  })
})

describe('npm start with a token (long polling)', () => {
  let api: FakeBotApi
  let server: ServerProcess
  beforeAll(async () => {
    api = await startFakeBotApi()
    server = await startServerProcess({
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      BOT_INFO: JSON.stringify(botInfo),
    })
  })
  afterAll(async () => {
    await server.stop()
    await api.close()
  })

  it('registers the command menu, deletes any webhook, polls for exactly the handled updates and answers', async () => {
    const poll = await api.waitFor('getUpdates')
    expect(poll.token).toBe(BOT_TOKEN)
    expect(poll.params.allowed_updates).toEqual([...ALLOWED_UPDATES])
    expect(api.callsTo('getMe')).toEqual([])
    expect(api.callsTo('deleteWebhook')).toHaveLength(1)
    const menus = api.callsTo('setMyCommands')
    expect(menus.map((call) => call.params.language_code)).toEqual(['zh', undefined])
    expect(((menus[0]?.params.commands ?? []) as { command: string }[]).map((c) => c.command)).toContain(
      'ask',
    )

    api.queueUpdates(messageUpdate(textMessage(privateChat, '湖南前11月进出口总额是多少？')))
    const sent = await api.waitFor('sendMessage')
    expect(sent.params.chat_id).toBe(user.id)
    expect(assertTelegramHtml(String(sent.params.text)).bold).toContain('6417.6亿元')
    await waitForOutput(server, 'long polling')
    expect(server.output()).not.toContain(BOT_TOKEN)
  })
})

describe('npm start with a bad configuration', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT: expected a port number'],
    [{ BOT_MODE: 'push' }, 'BOT_MODE: expected "polling" (the default) or "webhook"'],
    [
      { TELEGRAM_BOT_TOKEN: BOT_TOKEN, BOT_MODE: 'webhook' },
      'TELEGRAM_WEBHOOK_SECRET: required when BOT_MODE=webhook',
    ],
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token' }, 'TELEGRAM_BOT_TOKEN: expected a bot token from @BotFather'],
    [{ BOT_INFO: '{"id":1}' }, 'BOT_INFO: expected the JSON that getMe returns'],
  ])('%j exits 1 with a message naming the variable, no stack trace', async (env, message) => {
    const { code, output } = await runServerToExit(env)
    expect(code).toBe(1)
    expect(output).toContain(message)
    expect(output).not.toMatch(/\n\s+at /)
    expect(output).not.toContain('not-a-token')
  })
})

describe('npm start with BOT_MODE=webhook', () => {
  let api: FakeBotApi
  let server: ServerProcess
  const secret = 'wh-secret_42'
  beforeAll(async () => {
    api = await startFakeBotApi()
    server = await startServerProcess({
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      BOT_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: secret,
    })
  })
  afterAll(async () => {
    await server.stop()
    await api.close()
  })

  it('serves the webhook route behind the secret and does not poll', async () => {
    await waitForOutput(server, 'webhook mode')
    expect(api.callsTo('getMe')).toHaveLength(1)
    expect(api.callsTo('getUpdates')).toEqual([])
    const post = (secretHeader: string) =>
      fetch(`${server.url}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secretHeader },
        body: JSON.stringify(messageUpdate(textMessage(privateChat, '黄花机场 全货运航线 数量'))),
      })
    expect((await post('wrong')).status).toBe(401)
    expect(api.callsTo('sendMessage')).toEqual([])
    expect((await post(secret)).status).toBe(200)
    const sent = await api.waitFor('sendMessage')
    expect(assertTelegramHtml(String(sent.params.text)).text).toContain('全货运航线10条')
  })
})
