import type { InlineQueryResultArticle } from 'grammy/types'
import type { Answer } from '../search/types.ts'
import { layouts, renderPassage, showsQuotes, spotlightExcerpt } from './answer-html.ts'

/** Telegram's limit on results in one answerInlineQuery. */
export const MAX_INLINE_RESULTS = 10
const DESCRIPTION_CHARS = 90

export interface RenderedInlineResults {
  results: InlineQueryResultArticle[]
  /** Offset for Telegram to send back for the next page; empty when there is none. */
  nextOffset: string
}

/** Inline mode: one article result per passage; choosing it sends the quote with its attribution. */
export function renderInlineResults(answer: Answer, offset: number): RenderedInlineResults {
  if (!showsQuotes(answer)) return { results: [], nextOffset: '' }
  const passages = answer.results.slice(0, MAX_INLINE_RESULTS)
  const results = passages.map((passage, index): InlineQueryResultArticle => {
    const message = renderPassage(passage, layouts.private, 40)
    // The answering sentence is what a chooser needs to see; the paragraph's start when there is none.
    const lead = spotlightExcerpt(passage)?.text ?? passage.text
    const description = lead.length > DESCRIPTION_CHARS ? `${lead.slice(0, DESCRIPTION_CHARS)}…` : lead
    return {
      type: 'article',
      id: String(offset + index),
      title: passage.title,
      description,
      input_message_content: {
        message_text: message.html,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      },
    }
  })
  const end = offset + passages.length
  return { results, nextOffset: end < answer.total ? String(end) : '' }
}
