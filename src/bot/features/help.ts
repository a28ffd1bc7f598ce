import { Composer } from 'grammy'
import { en } from '../../../prompts/en.ts'
import { zh } from '../../../prompts/zh.ts'
import { renderAboutHtml, renderHelpHtml, renderStartHtml } from '../../render/help-html.ts'
import { htmlMessage } from '../answer-message.ts'
import { encodeAsk } from '../callback-data.ts'
import type { BotContext } from '../context.ts'

/** /start (a greeting and examples to tap), /help (how to ask) and /about (the documents). */
export const helpFeature = new Composer<BotContext>()

const replyTo = (ctx: BotContext) =>
  ctx.msg ? { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } } : {}

// /start: a short greeting and examples to tap (each answered at once); /help has the details. A user whose
// Telegram language is not Chinese gets the English help for both.
helpFeature.command('start', async (ctx) => {
  if (!speaksChinese(ctx)) {
    await ctx.reply(renderHelpHtml(ctx.deps.searcher.stats(), ctx.me.username, en), {
      ...htmlMessage,
      ...(ctx.chat.type === 'private' ? {} : replyTo(ctx)),
    })
    return
  }
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
  const texts = speaksChinese(ctx) ? undefined : en
  await ctx.reply(renderHelpHtml(ctx.deps.searcher.stats(), ctx.me.username, texts), {
    ...htmlMessage,
    ...(ctx.chat.type === 'private' ? {} : replyTo(ctx)),
  })
})

helpFeature.command('about', async (ctx) => {
  await ctx.reply(renderAboutHtml(ctx.deps.searcher.stats(), speaksChinese(ctx) ? undefined : en), {
    ...htmlMessage,
    ...(ctx.chat.type === 'private' ? {} : replyTo(ctx)),
  })
})

/** Help in Chinese unless the user's Telegram language is set and is not Chinese (then English). */
function speaksChinese(ctx: BotContext): boolean {
  const language = ctx.from?.language_code
  return language === undefined || language.toLowerCase().startsWith('zh')
}
