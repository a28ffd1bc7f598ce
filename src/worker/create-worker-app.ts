import type { OpenAPIHono } from '@hono/zod-openapi'
import { createBot } from '../bot/create-bot.ts'
import { createConsoleLogger, type Logger } from '../bot/logger.ts'
import { parseConfig, WEBHOOK_PATH } from '../config.ts'
import type { AppEnv } from '../http/app-env.ts'
import { createApp } from '../http/create-app.ts'
import type { Searcher } from '../search/types.ts'

/** The Worker's bindings (wrangler.toml [vars] and `wrangler secret put`), all strings. */
export interface WorkerBindings {
  /** Secret: the bot's token from @BotFather. Without it the bot is off and only the API and page are served. */
  TELEGRAM_BOT_TOKEN?: string
  /** Secret: Telegram sends it in X-Telegram-Bot-Api-Secret-Token (required with a token). */
  TELEGRAM_WEBHOOK_SECRET?: string
  /** Var: the JSON getMe returns, so that no isolate has to call getMe before its first update. */
  BOT_INFO?: string
  /** Var: another Bot API server (tests point it at a fake one); default https://api.telegram.org. */
  TELEGRAM_API_ROOT?: string
  /** Var: requests per minute per client on /api/* (default 60; counted per isolate). */
  API_RATE_LIMIT?: string
  /** Var: header naming the client address (default cf-connecting-ip). */
  CLIENT_IP_HEADER?: string
}

/** Hono environment of the Worker's entry point. */
export interface WorkerEnv {
  Bindings: WorkerBindings
}

/**
 * The app Node serves, configured from the Worker's bindings: the bot always answers on the webhook route
 * (a Worker cannot long-poll). Throws ConfigError naming the bad bindings.
 */
export function createWorkerApp(
  bindings: WorkerBindings,
  searcher: Searcher,
  logger?: Logger,
): OpenAPIHono<AppEnv> {
  const strings = Object.fromEntries(
    Object.entries(bindings).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
  const config = parseConfig({
    CLIENT_IP_HEADER: 'cf-connecting-ip',
    ...strings,
    BOT_MODE: 'webhook',
  })
  const secrets = [config.bot?.token ?? '', config.bot?.webhookSecret ?? '']
  const log = logger ?? createConsoleLogger(secrets)
  const bot = config.bot ? createBot(config.bot, { searcher, logger: log }) : undefined
  return createApp({
    searcher,
    logger: log,
    apiRateLimit: config.apiRateLimit,
    clientIpHeader: config.clientIpHeader,
    trustedProxyHops: config.trustedProxyHops,
    // parseConfig requires the secret with a token in webhook mode.
    webhook: bot ? { bot, secretToken: config.bot?.webhookSecret as string, path: WEBHOOK_PATH } : undefined,
    secrets,
  })
}
