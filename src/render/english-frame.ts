import { type EnglishTexts, en } from '../../prompts/en.ts'
import type { Texts } from '../../prompts/zh.ts'
import type { Answer } from '../search/types.ts'
import { type Fragment, lines, tag, text } from './telegram-html.ts'

/** The English frame of an answer to an English question: the documents are Chinese, and the terms searched. */
export function englishFrameLines(answer: Answer, texts: EnglishTexts = en): string[] | undefined {
  if (!answer.translation) return undefined
  return [texts.frame, texts.termsSearched(answer.translation.terms)]
}

/** The frame as Telegram HTML (italic), for the top of the message. */
export function renderEnglishFrameHtml(answer: Answer, texts: EnglishTexts = en): Fragment | undefined {
  const frame = englishFrameLines(answer, texts)
  return frame ? tag('i', lines(...frame.map(text))) : undefined
}

/** "Nothing found" and the advice, in English for an English question. */
export function noResultLines(answer: Answer, texts: Texts, english: EnglishTexts = en): [string, string] {
  if (answer.translation) return [english.noResult, english.rephrase]
  const missing = answer.reason === 'missing-term' ? answer.judgement?.missingTerm : undefined
  return [missing ? texts.noResultMissing(missing) : texts.noResult, texts.rephrase]
}
