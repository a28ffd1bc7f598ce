/**
 * The English texts: the frame around the Chinese quotes for an English question, and /help and /about for
 * users whose Telegram language is not Chinese. Functions receive only HTML-escaped strings (names ending in `Html`).
 */
import type { CorpusFacts } from './zh.ts'

function dateRange(facts: CorpusFacts): string {
  if (facts.dateFrom && facts.dateTo && facts.dateFrom !== facts.dateTo) return `${facts.dateFrom} to ${facts.dateTo}`
  return facts.dateFrom ?? facts.dateTo ?? 'undated'
}

const examples = [
  "What was Hunan's total import and export value in the first eleven months?",
  'Xiangtan rural minimum living allowance standard',
  '湘潭 农村低保 平均标准',
] as const

/** The dictionary that maps English questions to Chinese terms, and its licence. */
export const dictionaryCredit =
  'English questions are mapped to Chinese terms with CC-CEDICT (https://cc-cedict.org), licensed CC BY-SA 4.0.'

export const en = {
  examples,

  /** Above the quotes of an English question. */
  frame:
    'The documents are in Chinese. Below, quoted verbatim in the original Chinese, are the paragraphs that answer best, each with its source.',
  /** The Chinese terms the English question was searched with. */
  termsSearched: (terms: readonly string[]): string => `Chinese terms searched: ${terms.join(' · ')}`,
  noResult: 'No paragraph in the (Chinese) documents answers this question.',
  rephrase:
    'Try fewer words: the key names, places and figures, e.g. "Xiangtan minimum living allowance", or ask in Chinese.',

  help: (facts: CorpusFacts, botUsername: string): string =>
    [
      '<b>湘问 (Xiangwen)</b> answers questions about Hunan newspaper pages and government documents by <b>quoting the Chinese source paragraph verbatim</b>, with its attribution. Nothing is written or translated by the bot.',
      '',
      `Documents: ${facts.articles} articles, ${facts.paragraphs} paragraphs, ${dateRange(facts)}.`,
      `Sources: ${facts.sourcesHtml.join(', ') || '—'}.`,
      '',
      '<b>How to ask</b>',
      'In English or Chinese. An English question is searched with the Chinese terms it maps to (listed under the answer); the answer is the Chinese paragraph.',
      'Private chat: just send the question.',
      `Groups: <code>/ask question</code>, <code>@${botUsername} question</code>, or reply to my message.`,
      `Any chat: type <code>@${botUsername} question</code> and pick a paragraph to send.`,
      '',
      '<b>For example</b>',
      ...examples.map((example) => `• ${example}`),
      '',
      'Tip: names, places and figures work best. 「更多」 shows more results, 「上下文」 the paragraphs around a quote.',
    ].join('\n'),

  about: (facts: CorpusFacts): string =>
    [
      '<b>About the documents of 湘问</b>',
      '',
      `${facts.articles} articles, ${facts.paragraphs} paragraphs, ${dateRange(facts)}.`,
      `Sources: ${facts.sourcesHtml.join(', ') || '—'}.`,
      '',
      'Hunan newspaper pages (such as Hunan Daily, 湖南日报) and public government documents, split into their paragraphs.',
      'Every answer quotes a paragraph verbatim, followed by its title, source, date and authors; check the original source when it matters.',
      dictionaryCredit,
    ].join('\n'),
} as const

export type EnglishTexts = typeof en
