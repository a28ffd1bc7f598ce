import { type Bot, webhookCallback } from 'grammy'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { zh } from '../../prompts/zh.ts'
import type { BotContext } from '../bot/context.ts'
import type { AppEnv } from './app-env.ts'
import { jsonError } from './errors.ts'

/** Largest update accepted; real updates are a few kilobytes. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024

export interface WebhookOptions {
  bot: Bot<BotContext>
  /** Compared (in constant time, by grammY) with X-Telegram-Bot-Api-Secret-Token. */
  secretToken: string
  path: string
  /** Answer Telegram after this long even if handling goes on (Telegram gives up after about 10 s). */
  timeoutMs?: number
}

/**
 * POST <path>: Telegram's webhook. Oversized bodies get 413, bodies that are not an update 400,
 * a wrong or missing secret 401 (grammY); updates are handled by the bot, whose replies go out as
 * Bot API calls (so failures are retried and logged), and Telegram gets an empty 200.
 */
export function createWebhookRoutes(options: WebhookOptions): Hono<AppEnv> {
  const handleUpdate = webhookCallback(options.bot, 'hono', {
    secretToken: options.secretToken,
    timeoutMilliseconds: options.timeoutMs ?? 5_000,
    onTimeout: 'return',
  })
  return new Hono<AppEnv>().post(
    options.path,
    bodyLimit({
      maxSize: MAX_WEBHOOK_BODY_BYTES,
      onError: (c) => jsonError(c, 413, 'payload_too_large', zh.api.tooLarge),
    }),
    async (c, next) => {
      let update: unknown
      try {
        update = JSON.parse(await c.req.text())
      } catch {
        return jsonError(c, 400, 'invalid_json', zh.api.notJson)
      }
      const isUpdate =
        typeof update === 'object' &&
        update !== null &&
        Number.isInteger((update as { update_id?: unknown }).update_id)
      if (!isUpdate) return jsonError(c, 400, 'invalid_update', zh.api.notUpdate)
      await next()
    },
    (c) => handleUpdate(c),
  )
}
