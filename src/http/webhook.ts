import { type Bot, BotError, webhookCallback } from 'grammy'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { zh } from '../../prompts/zh.ts'
import type { BotContext } from '../bot/context.ts'
import { describeError } from '../bot/logger.ts'
import { SharedStateUnavailableError } from '../shared/shared-state.ts'
import type { AppEnv } from './app-env.ts'
import { jsonError } from './errors.ts'
import { secretMatches } from './secret.ts'

/** Largest update accepted; real updates are a few kilobytes. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024

export interface WebhookOptions {
  bot: Bot<BotContext>
  /** Compared in constant time with X-Telegram-Bot-Api-Secret-Token, before the body is read. */
  secretToken: string
  path: string
  /**
   * Answer Telegram after this long even if handling goes on (Telegram and grammY give up after 10 s).
   * The bot stops an update's Bot API calls sooner (its update budget, 4.5 s by default), so handling
   * normally ends before the answer: nothing is left running, on Node or in a Worker.
   */
  timeoutMs?: number
  /** Never logged. */
  secrets?: string[]
}

/**
 * POST <path>: Telegram's webhook. A wrong or missing secret gets 401 before the body is read; then
 * oversized bodies get 413 and bodies that are not an update 400; updates are handled by the bot, whose replies go out as
 * Bot API calls (so failures are retried and logged), and Telegram gets an empty 200, also when handling
 * failed or is still going on after timeoutMs.
 */
export function createWebhookRoutes(options: WebhookOptions): Hono<AppEnv> {
  const handleUpdate = webhookCallback(options.bot, 'hono', {
    secretToken: options.secretToken,
    timeoutMilliseconds: options.timeoutMs ?? 5_000,
    onTimeout: 'return',
  })
  return new Hono<AppEnv>().post(
    options.path,
    // The secret first: nobody without it learns anything from how the body is judged (400, 413).
    async (c, next) => {
      const presented = c.req.header('x-telegram-bot-api-secret-token') ?? ''
      if (!secretMatches(presented, options.secretToken)) {
        return jsonError(c, 401, 'unauthorized', zh.api.unauthorized)
      }
      await next()
    },
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
    async (c) => {
      try {
        return await handleUpdate(c)
      } catch (error) {
        // Replicas: no replica could claim the update (Redis is down). Telegram delivers it again later,
        // so it is neither lost nor answered twice; the outage itself is logged once by the store.
        const cause = error instanceof BotError ? error.error : error
        if (cause instanceof SharedStateUnavailableError) {
          c.header('Retry-After', '5')
          return jsonError(c, 503, 'busy', zh.api.busy)
        }
        // The bot's boundaries catch handler errors; this is the last net. An error answer would make
        // Telegram deliver the update again and again, so the update is logged and acknowledged.
        c.get('logger')?.error('webhook update failed', { error: describeError(error, options.secrets) })
        return c.body(null, 200)
      }
    },
  )
}
