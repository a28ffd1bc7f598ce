import { limit } from '@grammyjs/ratelimiter'
import { Composer } from 'grammy'
import { zh } from '../../../prompts/zh.ts'
import type { SharedState, WindowCounters } from '../../shared/shared-state.ts'
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
  /** Inline queries answered per user in the time frame (each runs a search; typing sends one per pause). */
  inlineLimit?: number
  now?: () => number
  /** Replicas: the counters live in the shared store, so that the limits hold across every replica. */
  shared?: SharedState
}

/** Commands of the menu that only show a text: tapping them runs no search, so the burst limit skips them. */
const MENU_COMMANDS = new Set(['start', 'help', 'about'])

/** Whether a message is a tap on one of the menu's text-only commands (/help, /help@bot). */
function isMenuCommand(ctx: BotContext): boolean {
  const message = ctx.message
  const entity = message?.entities?.[0]
  if (!message?.text || entity?.type !== 'bot_command' || entity.offset !== 0) return false
  const [name, target] = message.text.slice(1, entity.length).toLowerCase().split('@')
  if (target !== undefined && target !== ctx.me.username.toLowerCase()) return false
  return MENU_COMMANDS.has(name ?? '')
}

/** Inline queries are counted per user: they have no chat. */
function inlineKey(ctx: BotContext): string | undefined {
  return ctx.inlineQuery ? `user:${ctx.inlineQuery.from.id}` : undefined
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
  if (ctx.inlineQuery) {
    // No search: an empty list whose button says why (and opens the help), not cached.
    await ctx.answerInlineQuery([], {
      cache_time: 0,
      button: { text: zh.rateLimited, start_parameter: 'help' },
    })
  } else if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: zh.rateLimited })
  } else if (ctx.msg) {
    await ctx.reply(zh.rateLimited, {
      reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
    })
  }
}

/**
 * Per-chat rate limit on questions and button presses, with one friendly notice per burst: a short burst
 * limit for every chat (taps on the menu's text-only commands are not counted), a burst limit per user on
 * inline queries, and in groups a sliding minute that keeps the bot under Telegram's 20 messages a
 * minute (each answered question or press sends at most one message; the notice is the twentieth).
 */
export function limitPerChat(options: ChatLimitOptions = {}) {
  const groupPerMinute = options.groupPerMinute ?? GROUP_MESSAGES_PER_MINUTE - 1
  const timeFrame = options.timeFrameMs ?? 10_000
  const { shared } = options
  const limits = new Composer<BotContext>()
  // Counted first, so the burst limit's notices in a group are among its messages of the minute.
  limits.use(
    limit<BotContext, WindowCounters>({
      timeFrame: 60_000,
      limit: groupPerMinute,
      storageClient:
        shared?.slidingWindowCounters('group-minute', 60_000, groupPerMinute + 2) ??
        createSlidingWindowCounters(60_000, groupPerMinute + 2, 10_000, options.now),
      keyGenerator: (ctx) => (isGroup(ctx) ? chatKey(ctx) : undefined),
      keyPrefix: 'group-minute',
      onLimitExceeded: notify,
    }),
  )
  limits.use(
    limit<BotContext, WindowCounters>({
      timeFrame,
      limit: options.limit ?? 6,
      storageClient:
        shared?.fixedWindowCounters('chat-burst', timeFrame) ?? createExpiringCounters(10_000, options.now),
      keyGenerator: (ctx) => (isMenuCommand(ctx) ? undefined : chatKey(ctx)),
      keyPrefix: 'chat-burst',
      onLimitExceeded: notify,
    }),
  )
  limits.use(
    limit<BotContext, WindowCounters>({
      timeFrame,
      limit: options.inlineLimit ?? 15,
      storageClient:
        shared?.fixedWindowCounters('inline-user', timeFrame) ?? createExpiringCounters(10_000, options.now),
      keyGenerator: inlineKey,
      keyPrefix: 'inline-user',
      // Every inline query gets an answer (an unanswered one spins in the client); the refusal is cheap.
      alwaysReply: true,
      onLimitExceeded: notify,
    }),
  )
  return limits
}
