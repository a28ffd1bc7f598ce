import { Composer } from 'grammy'
import { zh } from '../../../prompts/zh.ts'
import { renderAboutHtml, renderHelpHtml, renderStartHtml } from '../../render/help-html.ts'
import { htmlMessage } from '../answer-message.ts'
import { encodeAsk } from '../callback-data.ts'
import type { BotContext } from '../context.ts'

/** /start (a greeting and examples to tap), /help (how to ask) and /about (the documents). */
export const helpFeature = new Composer<BotContext>()

const replyTo = (ctx: BotContext) =>
  ctx.msg ? { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } } : {}

// /start: a short greeting and examples to tap (each answered at once); /help has the details.
helpFeature.command('start', async (ctx) => {
  const buttons = zh.examples.slice(0, 3).flatMap((example) => {
    const data = encodeAsk(example)
    return data ? [[{ text: example, callback_data: data }]] : []
  })
  await ctx.reply(renderStartHtml(ctx.me.username), {
    ...htmlMessage,
    ...(ctx.chat.type === 'private' ? {} : replyTo(ctx)),
    ...(buttons.length > 0 ? { reply_markup: { inline_keyboard: buttons } } : {}),
  })
})

helpFeature.command('help', async (ctx) => {
  await ctx.reply(renderHelpHtml(ctx.deps.searcher.stats(), ctx.me.username), {
    ...htmlMessage,
    ...(ctx.chat.type === 'private' ? {} : replyTo(ctx)),
  })
})

helpFeature.command('about', async (ctx) => {
  await ctx.reply(renderAboutHtml(ctx.deps.searcher.stats()), {
    ...htmlMessage,
    ...(ctx.chat.type === 'private' ? {} : replyTo(ctx)),
  })
})
