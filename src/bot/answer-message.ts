import { InlineKeyboard } from 'grammy'
import type { LinkPreviewOptions, ParseMode } from 'grammy/types'
import { zh } from '../../prompts/zh.ts'
import {
  passagesPerMessage,
  type RenderedAnswer,
  renderAnswerHtml,
  type Surface,
} from '../render/answer-html.ts'
import type { Searcher } from '../search/types.ts'
import { encodeClosest, encodeContext, encodeMore } from './callback-data.ts'

/** Options every HTML message of the bot is sent with. */
export const htmlMessage: { parse_mode: ParseMode; link_preview_options: LinkPreviewOptions } = {
  parse_mode: 'HTML',
  link_preview_options: { is_disabled: true },
}

/** Groups get the short layout; everything else the private one. */
export function surfaceOf(chatType: string | undefined): Surface {
  return chatType === 'group' || chatType === 'supergroup' ? 'group' : 'private'
}

/** The buttons under an answer: 上下文 per shown passage, 更多 when more results exist. */
export function answerKeyboard(
  rendered: RenderedAnswer,
  question: string,
  offset: number,
  closest = false,
): InlineKeyboard | undefined {
  if (rendered.shown.length === 0) {
    // Nothing answers: the closest passages stay one press away, never shown as an answer.
    return rendered.closestAvailable
      ? new InlineKeyboard().text(zh.closestButton, encodeClosest(0, question))
      : undefined
  }
  const keyboard = new InlineKeyboard()
  rendered.shown.forEach((passage, index) => {
    keyboard.text(
      zh.contextButton(index + 1, rendered.shown.length),
      encodeContext(passage.articleId, passage.paragraph, offset + index, question),
    )
  })
  if (rendered.nextOffset !== undefined) {
    const data = closest
      ? encodeClosest(rendered.nextOffset, question)
      : encodeMore(rendered.nextOffset, question)
    keyboard.row().text(zh.moreButton, data)
  }
  return keyboard
}

export interface AnswerMessage {
  html: string
  keyboard?: InlineKeyboard
  rendered: RenderedAnswer
}

/** Asks the searcher and renders the message (text and buttons) for one page of the answer. */
export async function buildAnswerMessage(
  searcher: Searcher,
  question: string,
  surface: Surface,
  offset: number,
  closest = false,
): Promise<AnswerMessage> {
  const answer = await searcher.answer(question, { limit: passagesPerMessage(surface), offset })
  const rendered = renderAnswerHtml(answer, { surface, offset, closest })
  return { html: rendered.html, keyboard: answerKeyboard(rendered, question, offset, closest), rendered }
}
