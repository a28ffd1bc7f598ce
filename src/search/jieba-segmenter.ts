import { readFileSync } from 'node:fs'
import nodejieba from 'nodejieba'
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
