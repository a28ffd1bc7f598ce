import { readFileSync } from 'node:fs'
import nodejieba from 'nodejieba'
import type { TaggedWord } from './annotations.ts'
import type { Segmenter } from './tokenizer.ts'

export interface JiebaOptions {
  /** A jieba user dictionary (lines "word [frequency] [tag]") with the corpus's own terms. */
  userDictPath?: string
}

/**
 * Creates a segmenter on nodejieba (Node only). nodejieba keeps one dictionary per process,
 * so the user dictionary given first wins; `cut(text, true)` (HMM on) keeps numbers and Latin words whole.
 */
export function createJiebaSegmenter(options: JiebaOptions = {}): Segmenter {
  loadDictionaries(options.userDictPath)
  return (text) => nodejieba.cut(text, true)
}

/** Creates a part-of-speech tagger on nodejieba (segments as `cut(text, true)`); Node only. */
export function createJiebaTagger(options: JiebaOptions = {}): (text: string) => TaggedWord[] {
  loadDictionaries(options.userDictPath)
  return (text) => nodejieba.tag(text)
}

/** nodejieba's bundled dictionary paths (exported by the package, missing from its typings). */
const jiebaFiles = nodejieba as unknown as { DEFAULT_DICT: string; DEFAULT_USER_DICT: string }

let loadedUserDict: string | undefined

function loadDictionaries(userDictPath: string | undefined): void {
  if (loadedUserDict !== undefined) return
  const userDict = userDictPath ?? jiebaFiles.DEFAULT_USER_DICT
  try {
    readFileSync(userDict)
  } catch (cause) {
    throw new Error(`jieba user dictionary "${userDict}" cannot be read`, { cause })
  }
  nodejieba.load({ userDict })
  loadedUserDict = userDict
}

/** Reads word frequencies from jieba's main dictionary and a user dictionary (for the vocabulary segmenter). */
export function readJiebaFrequencies(userDictPath?: string): Map<string, number> {
  const mainDict = jiebaFiles.DEFAULT_DICT
  const frequencies = new Map<string, number>()
  for (const path of [mainDict, userDictPath]) {
    if (!path) continue
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const [word, frequency] = line.trim().split(/\s+/)
      if (!word || word.startsWith('#')) continue
      frequencies.set(word, Number(frequency) || 0)
    }
  }
  return frequencies
}

/** Least dictionary frequency for a frame word to be listed (rarer ones seldom occur in questions). */
const FRAME_WORD_MIN_FREQUENCY = 50

let dictionaryFrameWords: string[] | undefined

/**
 * The words of jieba's dictionary that frame a question rather than name its topic: every common word of two
 * or more characters whose part of speech is not a noun (verbs, adverbs, time and measure words: 打算, 至少,
 * 现在, 这份), plus the question-frame nouns listed in `extra` (数量, 日期, 名字).
 */
export function readJiebaFrameWords(extra: Iterable<string> = []): string[] {
  // jieba's dictionary is read once per process (a day's pages appended must not read 8 MB again).
  dictionaryFrameWords ??= (() => {
    const found: string[] = []
    for (const line of readFileSync(jiebaFiles.DEFAULT_DICT, 'utf8').split('\n')) {
      const [word, frequency, tag] = line.trim().split(/\s+/)
      if (!word || !tag || word.length < 2 || Number(frequency) < FRAME_WORD_MIN_FREQUENCY) continue
      if (!/^(?:n|vn|eng|j|l)/u.test(tag)) found.push(word)
    }
    return found
  })()
  const words = new Set<string>(dictionaryFrameWords)
  for (const word of extra) words.add(word)
  return [...words].sort()
}
