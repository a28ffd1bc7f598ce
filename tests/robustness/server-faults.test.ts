/** The real Node server (npm start, webhook mode) while the Bot API hangs: it answers Telegram in time and stays up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WEBHOOK_PATH } from '../../src/config.ts'
import { BOT_TOKEN, type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.ts'
import { realSearcher } from '../helpers/searcher.ts'
import { type ServerProcess, startServerProcess, waitForOutput } from '../helpers/server-process.ts'
import { messageUpdate, privateChat, textMessage } from '../helpers/telegram-updates.ts'

const SECRET = 'server-faults-secret'

let api: FakeBotApi
let server: ServerProcess

beforeAll(async () => {
  await realSearcher()
  api = await startFakeBotApi()
  server = await startServerProcess({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    BOT_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  })
  await waitForOutput(server, 'webhook mode')
})
afterAll(async () => {
  await server.stop()
  await api.close()
})

const post = (text: string) =>
  fetch(`${server.url}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(messageUpdate(textMessage(privateChat, text))),
  })

describe('npm start (webhook) with a hanging Bot API', () => {
  it('answers the webhook before Telegram gives up (10 s), keeps serving, and answers once Telegram is back', async () => {
    api.hangNext('sendMessage', 100)
    const started = Date.now()
    const responses = await Promise.all([
      post('黄花机场 全货运航线 数量'),
      post('湖南前11月进出口总额是多少？'),
    ])
    expect(responses.map((response) => response.status)).toEqual([200, 200])
    expect(Date.now() - started).toBeLessThan(10_000)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect(server.child.exitCode).toBeNull()

    api.reset()
    expect((await post('黄花机场 全货运航线 数量')).status).toBe(200)
    // The hung updates' apologies may still arrive after the reset: wait for the answer itself.
    const sent = await api.waitFor('sendMessage', (call) =>
      String(call.params.text)
        .replace(/<[^>]*>/gu, '')
        .includes('全货运航线10条'),
    )
    expect(sent.params.parse_mode).toBe('HTML')
    expect(server.output()).toContain('update failed')
    expect(server.output()).not.toContain(BOT_TOKEN)
  })
})
