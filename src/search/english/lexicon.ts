import { stemmer } from 'stemmer'

/**
 * The slice of CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org) that maps English to words found in the corpus,
 * plus the corpus's own names by their pinyin. Built with the index (build-lexicon.ts), read by translate.ts.
 */
export interface EnglishLexicon {
  /** English key (stemmed words joined by a space) -> corpus words whose dictionary gloss is exactly that phrase. */
  phrases: Record<string, string[]>
  /** Stemmed English word -> corpus words whose short gloss contains it (weaker senses). */
  words: Record<string, string[]>
  /** Toneless pinyin (lower case, no spaces) -> corpus names (places, organisations) spelt that way. */
  names: Record<string, string[]>
  /** Longest phrase key, in words. */
  maxPhrase: number
}

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
