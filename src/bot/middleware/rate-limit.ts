import { limit } from '@grammyjs/ratelimiter'
import { zh } from '../../../prompts/zh.ts'
import type { BotContext } from '../context.ts'
import { addressedQuestion } from '../question.ts'
import { createExpiringCounters } from './expiring-counters.ts'

export interface ChatLimitOptions {
  /** Questions and button presses allowed per chat in the time frame. */
  limit?: number
  timeFrameMs?: number
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

/** Per-chat rate limit on questions and button presses, with one friendly notice per burst. */
export function limitPerChat(options: ChatLimitOptions = {}) {
  return limit<BotContext, ReturnType<typeof createExpiringCounters>>({
    timeFrame: options.timeFrameMs ?? 10_000,
    limit: options.limit ?? 6,
    storageClient: createExpiringCounters(10_000, options.now),
    keyGenerator: chatKey,
    onLimitExceeded: async (ctx) => {
      if (ctx.callbackQuery) {
        await ctx.answerCallbackQuery({ text: zh.rateLimited })
      } else if (ctx.msg) {
        await ctx.reply(zh.rateLimited, {
          reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
        })
      }
    },
  })
}
