/**
 * Bot API limits on what the bot sends besides message HTML (checked with telegram-html.ts):
 * inline query results and inline keyboards.
 */
import type { InlineKeyboardMarkup, InlineQueryResultArticle } from 'grammy/types'
import { parseTelegramHtml } from './telegram-html.ts'

const encoder = new TextEncoder()
const byteLength = (value: string) => encoder.encode(value).length
/** A UTF-16 string Telegram can carry: no lone surrogate (it is sent as UTF-8). */
const wellFormed = (value: string) => !/[\ud800-\udfff]/u.test(value)

/** answerInlineQuery: at most 50 results, ids of 1-64 bytes and unique, a title, a valid message text. */
export function inlineAnswerProblems(results: InlineQueryResultArticle[], nextOffset: string): string[] {
  const problems: string[] = []
  if (results.length > 50) problems.push(`${results.length} results (max 50)`)
  if (byteLength(nextOffset) > 64) problems.push(`next_offset is ${byteLength(nextOffset)} bytes (max 64)`)
  const ids = new Set<string>()
  for (const result of results) {
    const where = `result ${JSON.stringify(result.id)}`
    if (result.type !== 'article') problems.push(`${where}: type ${result.type}`)
    if (byteLength(result.id) < 1 || byteLength(result.id) > 64) problems.push(`${where}: id not 1-64 bytes`)
    if (ids.has(result.id)) problems.push(`${where}: duplicate id`)
    ids.add(result.id)
    if (result.title.trim() === '') problems.push(`${where}: empty title`)
    for (const [field, value] of [
      ['title', result.title],
      ['description', result.description ?? ''],
    ] as const) {
      if (!wellFormed(value)) problems.push(`${where}: ${field} has a lone surrogate`)
    }
    const content = result.input_message_content
    if (!('message_text' in content)) {
      problems.push(`${where}: no message_text`)
      continue
    }
    if (content.parse_mode !== 'HTML') problems.push(`${where}: parse_mode ${content.parse_mode}`)
    const parsed = parseTelegramHtml(content.message_text)
    for (const error of parsed.errors) problems.push(`${where}: message_text: ${error}`)
    if (!wellFormed(content.message_text)) problems.push(`${where}: message_text has a lone surrogate`)
  }
  return problems
}

/** Inline keyboards: callback_data of 1-64 bytes of well-formed text, button texts not empty. */
export function keyboardProblems(markup: InlineKeyboardMarkup | undefined): string[] {
  const problems: string[] = []
  for (const button of markup?.inline_keyboard.flat() ?? []) {
    if (button.text.trim() === '') problems.push('button with an empty text')
    if (!('callback_data' in button)) continue
    const data = button.callback_data
    if (byteLength(data) < 1 || byteLength(data) > 64) {
      problems.push(`callback_data ${JSON.stringify(data)} is ${byteLength(data)} bytes (1-64)`)
    }
    if (!wellFormed(data)) problems.push(`callback_data ${JSON.stringify(data)} has a lone surrogate`)
  }
  return problems
}
