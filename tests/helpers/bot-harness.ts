import type { Bot } from 'grammy'
import type { Update } from 'grammy/types'
import type { BotContext } from '../../src/bot/context.ts'
import { type CreateBotOptions, createBot } from '../../src/bot/create-bot.ts'
import type { Searcher } from '../../src/search/types.ts'
import { BOT_TOKEN, botInfo, type FakeBotApi, startFakeBotApi } from './fake-bot-api.ts'
import { createMemoryLogger } from './memory-logger.ts'

export interface BotHarness {
  api: FakeBotApi
  bot: Bot<BotContext>
  logger: ReturnType<typeof createMemoryLogger>
  send(update: Update): Promise<void>
  close(): Promise<void>
}

/** The real bot (real grammY) talking to a fake Bot API on loopback. */
export async function startBotHarness(
  searcher: Searcher,
  options: CreateBotOptions = {},
): Promise<BotHarness> {
  const api = await startFakeBotApi()
  const logger = createMemoryLogger()
  const bot = createBot(
    { token: BOT_TOKEN, mode: 'webhook', webhookSecret: 'test-secret_123', apiRoot: api.apiRoot, botInfo },
    { searcher, logger },
    // Tests ask many questions in one chat; the rate limit gets its own test.
    { chatLimit: { limit: 1000, groupPerMinute: 1000, inlineLimit: 1000 }, ...options },
  )
  await bot.init()
  return { api, bot, logger, send: (update) => bot.handleUpdate(update), close: () => api.close() }
}
