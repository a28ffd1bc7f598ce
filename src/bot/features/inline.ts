import { Composer } from 'grammy'
import { zh } from '../../../prompts/zh.ts'
import { MAX_INLINE_RESULTS, renderInlineResults } from '../../render/inline-results.ts'
import type { BotContext } from '../context.ts'
import { clipQuestion } from '../question.ts'

/** Seconds Telegram may cache inline answers (the corpus changes only on redeploy). */
const INLINE_CACHE_SECONDS = 300
/** Deepest offset served, like the HTTP API. */
const MAX_OFFSET = 1000

/** Inline mode: @bot question lists up to 10 passages; choosing one sends the quote with its attribution. */
export const inlineFeature = new Composer<BotContext>()

inlineFeature.on('inline_query', async (ctx) => {
  const question = clipQuestion(ctx.inlineQuery.query)
  const helpButton = { text: zh.inlineHelpButton, start_parameter: 'help' }
  if (question === '') {
    await ctx.answerInlineQuery([], { cache_time: INLINE_CACHE_SECONDS, button: helpButton })
    return
  }
  const parsed = Number.parseInt(ctx.inlineQuery.offset, 10)
  const offset = Number.isFinite(parsed) && parsed > 0 ? Math.min(parsed, MAX_OFFSET) : 0
  const answer = await ctx.deps.searcher.answer(question, { limit: MAX_INLINE_RESULTS, offset })
  const { results, nextOffset } = renderInlineResults(answer, offset)
  await ctx.answerInlineQuery(results, {
    cache_time: INLINE_CACHE_SECONDS,
    next_offset: nextOffset,
    ...(results.length === 0 && offset === 0 ? { button: helpButton } : {}),
  })
})
