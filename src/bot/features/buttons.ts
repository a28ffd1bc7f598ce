import { Composer, GrammyError } from 'grammy'
import type { MaybeInaccessibleMessage, Message } from 'grammy/types'
import { zh } from '../../../prompts/zh.ts'
import { renderContextHtml } from '../../render/context-html.ts'
import { buildAnswerMessage, htmlMessage, surfaceOf } from '../answer-message.ts'
import { decodeButton } from '../callback-data.ts'
import type { BotContext } from '../context.ts'
import { extractQuestion } from '../question.ts'

/** Neighbouring paragraphs shown by 上下文 on each side of the passage. */
const CONTEXT_RADIUS = 1

/** 更多 (next page, editing the same message) and 上下文 (neighbouring paragraphs, as a reply). */
export const buttonsFeature = new Composer<BotContext>()

function accessible(message: MaybeInaccessibleMessage | undefined): Message | undefined {
  return message && message.date !== 0 ? (message as Message) : undefined
}

/** The question an answer message answered: from the button data, else from the message it replies to. */
function recoverQuestion(
  ctx: BotContext,
  message: Message,
  fromData: string | undefined,
): string | undefined {
  if (fromData) return fromData
  const asked = message.reply_to_message
  const text = asked?.text ?? asked?.caption
  if (!asked || text === undefined) return undefined
  const question = extractQuestion(text, asked.entities ?? asked.caption_entities, ctx.me.username)
  return question === '' ? undefined : question
}

buttonsFeature.on('callback_query:data', async (ctx, next) => {
  const action = decodeButton(ctx.callbackQuery.data)
  if (!action) return next()
  const message = accessible(ctx.callbackQuery.message)
  if (!message) {
    await ctx.answerCallbackQuery({ text: zh.questionLost })
    return
  }
  const { searcher } = ctx.deps

  if (action.kind === 'ask') {
    // A tapped example: answered as if the user had sent it.
    const reply = await buildAnswerMessage(searcher, action.question, surfaceOf(message.chat.type), 0)
    await ctx.reply(reply.html, {
      ...htmlMessage,
      ...(reply.keyboard ? { reply_markup: reply.keyboard } : {}),
    })
    await ctx.answerCallbackQuery()
    return
  }

  if (action.kind === 'more' || action.kind === 'closest') {
    const question = recoverQuestion(ctx, message, action.question)
    if (question === undefined) {
      await ctx.answerCallbackQuery({ text: zh.questionLost, show_alert: true })
      return
    }
    const page = await buildAnswerMessage(
      searcher,
      question,
      surfaceOf(message.chat.type),
      action.offset,
      action.kind === 'closest',
    )
    if (page.rendered.shown.length === 0) {
      await ctx.answerCallbackQuery({ text: zh.noMore })
      return
    }
    try {
      await ctx.editMessageText(page.html, {
        ...htmlMessage,
        ...(page.keyboard ? { reply_markup: page.keyboard } : {}),
      })
    } catch (error) {
      // A second press on an old button asks for the page already shown: nothing to change.
      if (!(error instanceof GrammyError && error.description.includes('message is not modified')))
        throw error
    }
    await ctx.answerCallbackQuery()
    return
  }

  let articleId: string
  let paragraph: number
  if (action.kind === 'context') {
    articleId = action.articleId
    paragraph = action.paragraph
  } else {
    const question = recoverQuestion(ctx, message, action.question)
    const passage =
      question === undefined
        ? undefined
        : (await searcher.answer(question, { limit: 1, offset: action.rank })).results[0]
    if (!passage) {
      await ctx.answerCallbackQuery({ text: zh.questionLost, show_alert: true })
      return
    }
    articleId = passage.articleId
    paragraph = passage.paragraph
  }
  const context = searcher.context(articleId, paragraph, CONTEXT_RADIUS)
  if (!context) {
    await ctx.answerCallbackQuery({ text: zh.contextMissing, show_alert: true })
    return
  }
  await ctx.reply(renderContextHtml(context), {
    ...htmlMessage,
    reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
  })
  await ctx.answerCallbackQuery()
})
