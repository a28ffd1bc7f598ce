import { limit } from '@grammyjs/ratelimiter'
import { Composer } from 'grammy'
import { zh } from '../../../prompts/zh.ts'
import type { BotContext } from '../context.ts'
import { addressedQuestion } from '../question.ts'
import { createExpiringCounters } from './expiring-counters.ts'
import { createSlidingWindowCounters } from './sliding-window-counters.ts'

/** Telegram lets a bot send at most 20 messages a minute to one group. */
export const GROUP_MESSAGES_PER_MINUTE = 20

export interface ChatLimitOptions {
  /** Questions and button presses allowed per chat in the time frame. */
  limit?: number
  timeFrameMs?: number
  /** Questions and button presses answered per group in any minute (the notice takes one more message). */
  groupPerMinute?: number
  now?: () => number
}

/** The chat an update should be counted against, or undefined when it is not a question or press for the bot. */
function chatKey(ctx: BotContext): string | undefined {
  if (ctx.callbackQuery) return `chat:${ctx.chat?.id ?? ctx.from?.id}`
  const message = ctx.message ?? ctx.editedMessage
  if (!message) return undefined
  if (message.chat.type === 'private') return `chat:${message.chat.id}`
  return addressedQuestion(message, ctx.me, ctx.editedMessage !== undefined) === undefined
    ? undefined
    : `chat:${message.chat.id}`
}

function isGroup(ctx: BotContext): boolean {
  const type = ctx.chat?.type
  return type === 'group' || type === 'supergroup'
}

/** Tells the asker once per burst that they are going too fast. */
async function notify(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: zh.rateLimited })
  } else if (ctx.msg) {
    await ctx.reply(zh.rateLimited, {
      reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
    })
  }
}

/**
 * Per-chat rate limit on questions and button presses, with one friendly notice per burst: a short burst
 * limit for every chat, and in groups a sliding minute that keeps the bot under Telegram's 20 messages a
 * minute (each answered question or press sends at most one message; the notice is the twentieth).
 */
export function limitPerChat(options: ChatLimitOptions = {}) {
  const groupPerMinute = options.groupPerMinute ?? GROUP_MESSAGES_PER_MINUTE - 1
  const limits = new Composer<BotContext>()
  // Counted first, so the burst limit's notices in a group are among its messages of the minute.
  limits.use(
    limit<BotContext, ReturnType<typeof createSlidingWindowCounters>>({
      timeFrame: 60_000,
      limit: groupPerMinute,
      storageClient: createSlidingWindowCounters(60_000, groupPerMinute + 2, 10_000, options.now),
      keyGenerator: (ctx) => (isGroup(ctx) ? chatKey(ctx) : undefined),
      keyPrefix: 'group-minute',
      onLimitExceeded: notify,
    }),
  )
  limits.use(
    limit<BotContext, ReturnType<typeof createExpiringCounters>>({
      timeFrame: options.timeFrameMs ?? 10_000,
      limit: options.limit ?? 6,
      storageClient: createExpiringCounters(10_000, options.now),
      keyGenerator: chatKey,
      keyPrefix: 'chat-burst',
      onLimitExceeded: notify,
    }),
  )
  return limits
}
