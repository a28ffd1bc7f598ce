import { Api } from 'grammy'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALLOWED_UPDATES } from '../../src/bot/allowed-updates.ts'
import { botCommands, registerCommands } from '../../src/bot/commands.ts'
import { registerWebhook, webhookUrl } from '../../src/bot/webhook-setup.ts'
import { WEBHOOK_PATH } from '../../src/config.ts'
import { BOT_TOKEN, type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.ts'

let fake: FakeBotApi
let api: Api

beforeAll(async () => {
  fake = await startFakeBotApi()
  api = new Api(BOT_TOKEN, { apiRoot: fake.apiRoot })
})
afterAll(() => fake.close())

describe('bot setup calls', () => {
  it('registers the command menu for zh and as the default', async () => {
    await registerCommands(api)
    const calls = fake.callsTo('setMyCommands')
    expect(calls.map((call) => call.params)).toEqual([
      { commands: botCommands, language_code: 'zh' },
      { commands: botCommands },
    ])
    expect(botCommands.map((command) => command.command)).toEqual(['ask', 'help', 'about', 'start'])
  })

  it('webhook:set registers the webhook with the secret and exactly the handled update types', async () => {
    const url = webhookUrl('https://xiangwen.example.org', WEBHOOK_PATH)
    expect(url).toBe('https://xiangwen.example.org/telegram/webhook')
    const info = await registerWebhook(api, url, 'secret_ABC-123')
    const [call] = fake.callsTo('setWebhook')
    expect(call?.params).toMatchObject({
      url,
      secret_token: 'secret_ABC-123',
      allowed_updates: [...ALLOWED_UPDATES],
    })
    expect(info).toMatchObject({ url, allowed_updates: [...ALLOWED_UPDATES] })
  })

  it('keeps an explicit webhook path and refuses plain http', () => {
    expect(webhookUrl('https://a.example/hooks/tg', WEBHOOK_PATH)).toBe('https://a.example/hooks/tg')
    expect(() => webhookUrl('http://a.example', WEBHOOK_PATH)).toThrow(/https/)
  })
})
