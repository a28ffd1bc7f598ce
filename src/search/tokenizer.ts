import type { Tokenizer } from '@orama/orama'
import { createNormalizer, type Normalizer } from './normalize.ts'

/** Splits a normalized text into words (nodejieba in Node, its TypeScript port in the Worker). */
export type Segmenter = (text: string) => string[]

export type TokenKind = 'word' | 'bigram' | 'number' | 'latin'

/** One index or query term with what produced it and where: [start, end) in the normalized text. */
export interface Term {
  token: string
  kind: TokenKind
  start: number
  end: number
}

export interface TokenizerOptions {
  segment: Segmenter
  /** Words that carry no evidence (question words, particles); dropped and treated as breaks between CJK runs. */
  stopwords?: Iterable<string>
  normalize?: Normalizer
  /** Also index character bigrams of CJK runs (robust to typos and segmentation differences). Default true. */
  bigrams?: boolean
}

/** An Orama tokenizer that also exposes the typed terms of a text (for coverage and highlights). */
export interface SearchTokenizer extends Tokenizer {
  normalize: Normalizer
  /** The terms of a text, in order, duplicates kept (the array is shared: do not mutate it). */
  analyze(text: string): Term[]
  /**
   * The terms of a text already normalized and cut into `pieces` by the same segmenter (the index build
   * tags each paragraph with jieba once and reuses its words): what `analyze` returns for the raw text.
   */
  analyzeSegmented(normalized: string, pieces: readonly string[]): Term[]
  /** Each term `analyzeSegmented` would return, in order, without building the terms (the index build). */
  eachTerm(normalized: string, pieces: readonly string[], emit: TermSink): void
}

/** Receives a term's parts: token, kind and where it stands in the normalized text. */
export type TermSink = (token: string, kind: TokenKind, start: number, end: number) => void

const CJK = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/u
const NUMBER = /^\d+(?:\.\d+)?$/u
const LATIN = /^[a-z][a-z0-9]*$|^\d+[a-z][a-z0-9]*$/u
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u
const RECENT_QUERIES = 16

/** Creates the tokenizer shared by documents and queries: normalize, segment, drop stopwords, add CJK bigrams. */
export function createTokenizer(options: TokenizerOptions): SearchTokenizer {
  const { segment } = options
  const normalize = options.normalize ?? createNormalizer()
  const stopwords = new Set<string>()
  for (const word of options.stopwords ?? []) stopwords.add(normalize(word))
  const withBigrams = options.bigrams ?? true

  function analyze(text: string): Term[] {
    const normalized = normalize(text)
    return analyzeSegmented(normalized, segment(normalized))
  }

  function analyzeSegmented(normalized: string, pieces: readonly string[]): Term[] {
    const terms: Term[] = []
    eachTerm(normalized, pieces, (token, kind, start, end) => {
      terms.push({ token, kind, start, end })
    })
    return terms
  }

  function eachTerm(normalized: string, pieces: readonly string[], emit: TermSink): void {
    let run = ''
    let runStart = 0
    const flushRun = () => {
      if (withBigrams && run.length > 1) {
        for (let i = 0; i + 1 < run.length; i++) {
          const start = runStart + i
          emit(run.slice(i, i + 2), 'bigram', start, start + 2)
        }
      } else if (run.length === 1) {
        emit(run, 'word', runStart, runStart + 1)
      }
      run = ''
    }
    let position = 0
    for (const piece of pieces) {
      const at = normalized.indexOf(piece, position)
      const start = at >= 0 ? at : position
      position = start + piece.length
      const word = piece.trim()
      if (!word || stopwords.has(word) || !HAS_WORD_CHAR.test(word)) {
        flushRun()
        continue
      }
      const wordStart = start + piece.indexOf(word)
      if (CJK.test(word)) {
        if (word.length > 1) emit(word, 'word', wordStart, wordStart + word.length)
        if (!run) runStart = wordStart
        run += word
        continue
      }
      flushRun()
      if (NUMBER.test(word) || LATIN.test(word)) {
        const kind: TokenKind = NUMBER.test(word) ? 'number' : 'latin'
        emit(word, kind, wordStart, wordStart + word.length)
      } else for (const term of splitMixed(word, wordStart)) emit(term.token, term.kind, term.start, term.end)
    }
    flushRun()
  }

  // Queries are analyzed by the searcher and again by Orama (and repeat); remember the latest few.
  const recent = new Map<string, Term[]>()
  const analyzeQuery = (text: string): Term[] => {
    let terms = recent.get(text)
    if (!terms) {
      terms = analyze(text)
      if (recent.size >= RECENT_QUERIES) recent.delete(recent.keys().next().value as string)
      recent.set(text, terms)
    }
    return terms
  }

  return {
    language: 'chinese',
    normalizationCache: new Map(),
    normalize,
    analyze: analyzeQuery,
    analyzeSegmented,
    eachTerm,
    tokenize: (raw, _language, prop) => (prop ? analyze(raw) : analyzeQuery(raw)).map((term) => term.token),
  }
}

/** Splits a token mixing scripts (e.g. "5g网络" from a segmenter without HMM) into its CJK, number and Latin parts. */
function splitMixed(word: string, offset: number): Term[] {
  const terms: Term[] = []
  for (const match of word.matchAll(/[\u3400-\u9fff\uf900-\ufaff]+|\d+(?:\.\d+)?|[a-z]+/gu)) {
    const token = match[0]
    const kind: TokenKind = CJK.test(token) ? 'word' : NUMBER.test(token) ? 'number' : 'latin'
    const start = offset + match.index
    terms.push({ token, kind, start, end: start + token.length })
  }
  return terms
}
