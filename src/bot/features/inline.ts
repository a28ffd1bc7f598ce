import { Composer } from 'grammy'
import { zh } from '../../../prompts/zh.ts'
import { MAX_INLINE_RESULTS, renderInlineResults } from '../../render/inline-results.ts'
import type { BotContext } from '../context.ts'
import { clipQuestion } from '../question.ts'

/** Seconds Telegram may cache inline answers (the corpus changes only on redeploy). */
const INLINE_CACHE_SECONDS = 300
/**
 * Deepest offset served: five pages of results. The offset comes back from the client, which may send
 * anything ("990"); past this an inline query gets an empty list and no search runs.
 */
export const MAX_INLINE_OFFSET = 40

/** Inline mode: @bot question lists up to 10 passages; choosing one sends the quote with its attribution. */
export const inlineFeature = new Composer<BotContext>()

inlineFeature.on('inline_query', async (ctx) => {
  const question = clipQuestion(ctx.inlineQuery.query)
  const helpButton = { text: zh.inlineHelpButton, start_parameter: 'help' }
  if (question === '') {
    await ctx.answerInlineQuery([], { cache_time: INLINE_CACHE_SECONDS, button: helpButton })
    return
  }
  const parsed = /^\d{1,4}$/.test(ctx.inlineQuery.offset) ? Number(ctx.inlineQuery.offset) : 0
  if (parsed > MAX_INLINE_OFFSET) {
    await ctx.answerInlineQuery([], { cache_time: INLINE_CACHE_SECONDS, next_offset: '' })
    return
  }
  const offset = parsed
  const answer = await ctx.deps.searcher.answer(question, { limit: MAX_INLINE_RESULTS, offset })
  const { results, nextOffset } = renderInlineResults(answer, offset)
  await ctx.answerInlineQuery(results, {
    cache_time: INLINE_CACHE_SECONDS,
    next_offset: Number(nextOffset) > MAX_INLINE_OFFSET ? '' : nextOffset,
    ...(results.length === 0 && offset === 0 ? { button: helpButton } : {}),
  })
})
