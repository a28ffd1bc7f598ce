import { Composer } from 'grammy'
import { zh } from '../../../prompts/zh.ts'
import { escapeHtml } from '../../render/telegram-html.ts'
import { buildAnswerMessage, htmlMessage, surfaceOf } from '../answer-message.ts'
import type { BotContext } from '../context.ts'
import { clipForLog } from '../logger.ts'
import { addressedQuestion } from '../question.ts'

/**
 * Questions: any text in a private chat (edited messages too, answered as new questions);
 * in groups /ask[@bot] question, a mention of the bot, or a reply to the bot. One reply per question,
 * replying to the asker's message.
 */
export const askFeature = new Composer<BotContext>()

askFeature.on(['message:text', 'edited_message:text'], async (ctx, next) => {
  const message = ctx.msg
  const question = addressedQuestion(message, ctx.me, ctx.editedMessage !== undefined)
  if (question === undefined) return next()
  const replyParameters = {
    reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
  }
  if (question === '') {
    await ctx.reply(zh.askUsage(escapeHtml(ctx.me.username)), { ...htmlMessage, ...replyParameters })
    return
  }
  const surface = surfaceOf(message.chat.type)
  const started = Date.now()
  const reply = await buildAnswerMessage(ctx.deps.searcher, question, surface, 0)
  await ctx.reply(reply.html, {
    ...htmlMessage,
    ...replyParameters,
    ...(reply.keyboard ? { reply_markup: reply.keyboard } : {}),
  })
  ctx.deps.logger.info('answered', {
    chat: message.chat.type,
    question: clipForLog(question),
    shown: reply.rendered.shown.length,
    ms: Date.now() - started,
  })
})
