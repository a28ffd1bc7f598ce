import { Composer } from 'grammy'
import { en } from '../../../prompts/en.ts'
import { renderAboutHtml, renderHelpHtml } from '../../render/help-html.ts'
import { htmlMessage } from '../answer-message.ts'
import type { BotContext } from '../context.ts'

/** /start, /help and /about: what the bot answers, from which documents, and how to ask. */
export const helpFeature = new Composer<BotContext>()

const replyTo = (ctx: BotContext) =>
  ctx.msg ? { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } } : {}

helpFeature.command(['start', 'help'], async (ctx) => {
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
