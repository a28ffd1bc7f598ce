import { autoRetry } from '@grammyjs/auto-retry'
import { Bot, type BotError } from 'grammy'
import { zh } from '../../prompts/zh.ts'
import type { BotConfig } from '../config.ts'
import type { SharedState } from '../shared/shared-state.ts'
import {
  type CallBounds,
  DEFAULT_CALL_BOUNDS,
  holdChatsAfterRateLimit,
  limitAttemptTime,
  logFailedCalls,
  retryNetworkErrors,
  stopCallsAt,
} from './api-calls.ts'
import type { BotContext, BotDeps } from './context.ts'
import { askFeature } from './features/ask.ts'
import { buttonsFeature } from './features/buttons.ts'
import { fallbackFeature } from './features/fallback.ts'
import { helpFeature } from './features/help.ts'
import { inlineFeature } from './features/inline.ts'
import { clipForLog, describeError } from './logger.ts'
import { dropDuplicateUpdates } from './middleware/drop-duplicate-updates.ts'
import { type ChatLimitOptions, limitPerChat } from './middleware/rate-limit.ts'

export interface CreateBotOptions {
  /** Per-chat rate limit (tests make it small). */
  chatLimit?: ChatLimitOptions
  /** Bounds on outgoing Bot API calls (tests make them short). */
  callBounds?: Partial<CallBounds>
  /** The clock of the per-chat retry_after holds (tests move it). */
  now?: () => number
  /** Told once per outage when the Bot API cannot be reached, with the reason. */
  onUnreachable?: (reason: string) => void
  /** Passed to every fetch of the Bot API client (Node: an `agent` for a proxy). */
  baseFetchConfig?: Record<string, unknown>
  /** Replicas: update dedupe and chat limits in a shared store (REDIS_URL); absent: this process's memory. */
  sharedState?: SharedState
}

/** What a failed update looked like, for the log: its type and at most 200 characters of user text. */
function describeUpdate(ctx: BotContext): Record<string, unknown> {
  const kind = Object.keys(ctx.update)
    .find((key) => key !== 'update_id')
    ?.slice(0, 40)
  const text: unknown = ctx.msg?.text ?? ctx.inlineQuery?.query ?? ctx.callbackQuery?.data
  const chat: unknown = ctx.chat?.type
  return {
    update_id: ctx.update.update_id,
    kind,
    // Only strings, cut: a broken update must not put a huge value in the log.
    chat: typeof chat === 'string' ? chat.slice(0, 20) : undefined,
    text: typeof text === 'string' ? clipForLog(text) : undefined,
  }
}

/** Creates the bot with all features; it is not started (polling or webhook is the caller's choice). */
export function createBot(config: BotConfig, deps: BotDeps, options: CreateBotOptions = {}): Bot<BotContext> {
  const secrets = [config.token, config.webhookSecret ?? '']
  const bot = new Bot<BotContext>(config.token, {
    ...(config.botInfo ? { botInfo: config.botInfo } : {}),
    client: {
      ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
      ...(options.baseFetchConfig ? { baseFetchConfig: options.baseFetchConfig } : {}),
    },
  })
  const bounds = { ...DEFAULT_CALL_BOUNDS, ...options.callBounds }
  // Innermost first: each attempt is timed and logged; network failures, rate limits and 5xx are retried,
  // each boundedly; the update's own budget (below) stops whatever is left.
  bot.api.config.use(limitAttemptTime(bounds.attemptMs))
  bot.api.config.use(logFailedCalls(deps.logger, secrets, options.onUnreachable))
  bot.api.config.use(retryNetworkErrors(bounds.networkRetries, bounds.networkRetryDelayMs))
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: bounds.apiRetries,
      maxDelaySeconds: bounds.maxRetryAfterSeconds,
      rethrowHttpErrors: true,
    }),
  )
  bot.api.config.use(holdChatsAfterRateLimit(options.now))

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
  // Outside the boundaries: when the shared store cannot tell whether another replica took the update, the
  // error reaches the webhook route, which answers 503 so that Telegram delivers the update again.
  bot.use(
    dropDuplicateUpdates({
      ...(options.sharedState ? { shared: options.sharedState } : {}),
      whenUnavailable: config.mode === 'webhook' ? 'refuse' : 'memory',
    }),
  )
  // Webhooks bypass bot.catch: this outer boundary keeps any error (even one of the apology) from
  // reaching the webhook route, which would answer 500 and have Telegram deliver the update again.
  const guarded = bot.errorBoundary((error) => {
    deps.logger.error('update failed outside the features', {
      ...describeUpdate(error.ctx),
      error: describeError(error.error, secrets),
    })
  })
  guarded.use((ctx, next) => {
    ctx.deps = deps
    ctx.api.config.use(stopCallsAt(Date.now() + bounds.updateBudgetMs))
    return next()
  })
  const features = guarded.errorBoundary(apologize)
  features.use(
    limitPerChat({
      ...options.chatLimit,
      ...(options.sharedState ? { shared: options.sharedState } : {}),
    }),
  )
  features.use(helpFeature)
  features.use(askFeature)
  features.use(buttonsFeature)
  features.use(inlineFeature)
  features.use(fallbackFeature)
  return bot
}
