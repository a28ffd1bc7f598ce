import { autoRetry } from '@grammyjs/auto-retry'
import { Bot, type BotError, HttpError, type Transformer } from 'grammy'
import { zh } from '../../prompts/zh.ts'
import type { BotConfig } from '../config.ts'
import type { BotContext, BotDeps } from './context.ts'
import { askFeature } from './features/ask.ts'
import { buttonsFeature } from './features/buttons.ts'
import { fallbackFeature } from './features/fallback.ts'
import { helpFeature } from './features/help.ts'
import { inlineFeature } from './features/inline.ts'
import { clipForLog, describeError, type Logger } from './logger.ts'
import { dropDuplicateUpdates } from './middleware/drop-duplicate-updates.ts'
import { type ChatLimitOptions, limitPerChat } from './middleware/rate-limit.ts'

export interface CreateBotOptions {
  /** Per-chat rate limit (tests make it small). */
  chatLimit?: ChatLimitOptions
}

/** Logs every failed Bot API call (each attempt, inside the retries), without the token. */
function logFailedCalls(logger: Logger, secrets: string[]): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal)
      if (!result.ok) {
        logger.warn('Bot API call failed', {
          method,
          code: result.error_code,
          description: result.description,
        })
      }
      return result
    } catch (error) {
      logger.warn('Bot API call failed', { method, error: describeError(error, secrets) })
      throw error
    }
  }
}

/**
 * Retries a call that failed on the network (no answer from Telegram) a few times, briefly.
 * (auto-retry would retry those forever with backoff up to an hour; replies must fail in bounded time.)
 */
function retryNetworkErrors(attempts: number, delayMs: number): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await prev(method, payload, signal)
      } catch (error) {
        if (!(error instanceof HttpError) || attempt > attempts || signal?.aborted) throw error
        await new Promise((resolve) => setTimeout(resolve, delayMs * attempt))
      }
    }
  }
}

/** What a failed update looked like, for the log: its type and at most 200 characters of user text. */
function describeUpdate(ctx: BotContext): Record<string, unknown> {
  const kind = Object.keys(ctx.update).find((key) => key !== 'update_id')
  const text = ctx.msg?.text ?? ctx.inlineQuery?.query ?? ctx.callbackQuery?.data
  return { update_id: ctx.update.update_id, kind, chat: ctx.chat?.type, text: clipForLog(text) }
}

/** Creates the bot with all features; it is not started (polling or webhook is the caller's choice). */
export function createBot(config: BotConfig, deps: BotDeps, options: CreateBotOptions = {}): Bot<BotContext> {
  const secrets = [config.token, config.webhookSecret ?? '']
  const bot = new Bot<BotContext>(config.token, {
    ...(config.botInfo ? { botInfo: config.botInfo } : {}),
    client: config.apiRoot ? { apiRoot: config.apiRoot } : {},
  })
  // Innermost first: every attempt is logged; network failures and rate limits / 5xx are retried, boundedly.
  bot.api.config.use(logFailedCalls(deps.logger, secrets))
  bot.api.config.use(retryNetworkErrors(2, 300))
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 5, rethrowHttpErrors: true }))

  const apologize = async (error: BotError<BotContext>) => {
    const { ctx } = error
    deps.logger.error('update failed', { ...describeUpdate(ctx), error: describeError(error.error, secrets) })
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: zh.failure })
      else if (ctx.msg && ctx.chat?.type !== 'channel') {
        await ctx.reply(zh.failure, {
          reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
        })
      }
    } catch (apologyError) {
      deps.logger.error('apology failed', { error: describeError(apologyError, secrets) })
    }
  }
  bot.catch((error) => {
    deps.logger.error('update failed outside the features', {
      ...describeUpdate(error.ctx),
      error: describeError(error.error, secrets),
    })
  })

  bot.use(dropDuplicateUpdates())
  bot.use((ctx, next) => {
    ctx.deps = deps
    return next()
  })
  const features = bot.errorBoundary(apologize)
  features.use(limitPerChat(options.chatLimit))
  features.use(helpFeature)
  features.use(askFeature)
  features.use(buttonsFeature)
  features.use(inlineFeature)
  features.use(fallbackFeature)
  return bot
}
