import { readFile } from 'node:fs/promises'
import nodejieba from 'nodejieba'
import type { SegmentationModel } from './mix-segmenter.ts'

/** nodejieba's bundled dictionary paths (exported by the package, missing from its typings). */
const jiebaFiles = nodejieba as unknown as { DEFAULT_DICT: string; DEFAULT_HMM_DICT: string }

export interface SegmentationModelOptions {
  /** The corpus user dictionary nodejieba was loaded with. */
  userDictPath: string
  /** Normalized texts (titles, paragraphs) whose dictionary words the model keeps. */
  texts: Iterable<string>
  /** Words to keep even when the texts lack them (the stopwords, so queries drop them as in Node). */
  extraWords?: Iterable<string>
  /**
   * Also keep every longer dictionary word containing one of these (the stopwords: a query word such as
   * 哪些地方 or 第几届 must swallow its stopword as in Node, or the stopword would break the query apart).
   */
  wordsContaining?: Iterable<string>
  mainDictPath?: string
  hmmModelPath?: string
}

/**
 * Node only: the jieba dictionary words occurring in the texts (with the weights cppjieba gives them: main
 * dictionary frequencies over the main total, user words after it) and jieba's HMM model, for createMixSegmenter.
 */
export async function buildSegmentationModel(options: SegmentationModelOptions): Promise<SegmentationModel> {
  const mainDictPath = options.mainDictPath ?? jiebaFiles.DEFAULT_DICT
  const hmmModelPath = options.hmmModelPath ?? jiebaFiles.DEFAULT_HMM_DICT
  const [mainDict, userDict, hmmModel] = await Promise.all([
    readDictionary(mainDictPath),
    readDictionary(options.userDictPath),
    readDictionary(hmmModelPath),
  ])

  const frequencies = new Map<string, number>()
  let total = 0
  for (const line of mainDict.split('\n')) {
    const [word, frequency] = line.split(' ')
    if (!word) continue
    const value = Number(frequency)
    frequencies.set(word, value)
    total += value
  }
  // cppjieba's weights: min and median over the main dictionary, before the user dictionary is added.
  const sorted = [...frequencies.values()]
    .map((frequency) => Math.log(frequency / total))
    .sort((a, b) => a - b)
  const minWeight = sorted[0] ?? 0
  const medianWeight = sorted[Math.floor(sorted.length / 2)] ?? 0
  let userSingles = ''
  for (const line of userDict.split('\n')) {
    if (!line) continue
    const fields = line.split(' ')
    const word = fields[0] as string
    // Three fields (word frequency tag) carry a frequency; one or two (word [tag]) weigh the median: 0.
    frequencies.set(word, fields.length === 3 ? Number.parseInt(fields[1] as string, 10) || 0 : 0)
    if ([...word].length === 1) userSingles += word
  }

  const prefixes = new Set<string>()
  for (const word of frequencies.keys()) {
    for (let end = 1; end < word.length; end++) prefixes.add(word.slice(0, end))
  }
  const words: Record<string, number> = {}
  const keep = (word: string) => {
    const frequency = frequencies.get(word)
    if (frequency !== undefined) words[word] = frequency
  }
  for (const word of options.extraWords ?? []) keep(word)
  const parts = [...(options.wordsContaining ?? [])].filter(Boolean)
  if (parts.length) {
    for (const word of frequencies.keys()) {
      if (parts.some((part) => word.length > part.length && word.includes(part))) keep(word)
    }
  }
  for (const text of options.texts) {
    for (let i = 0; i < text.length; i++) {
      for (let end = i + 1; end <= text.length; end++) {
        const piece = text.slice(i, end)
        keep(piece)
        if (!prefixes.has(piece)) break
      }
    }
  }
  return { words, total, minWeight, medianWeight, userSingles, hmm: parseHmmModel(hmmModel, hmmModelPath) }
}

function readDictionary(path: string): Promise<string> {
  return readFile(path, 'utf8').catch((cause: unknown) => {
    throw new Error(`cannot read the jieba dictionary ${path}`, { cause })
  })
}

/** Reads cppjieba's hmm_model.utf8: start probabilities, the 4x4 transitions, then emissions of B, E, M, S. */
function parseHmmModel(text: string, path: string): SegmentationModel['hmm'] {
  const lines = text.split('\n').filter((line) => line.trim() && !line.startsWith('#'))
  if (lines.length < 9) throw new Error(`${path}: expected 9 lines of HMM model, found ${lines.length}`)
  const numbers = (line: string) => line.trim().split(/\s+/u).map(Number)
  const emissions = lines.slice(5, 9).map((line) => {
    const table: Record<string, number> = {}
    for (const entry of line.split(',')) {
      const at = entry.lastIndexOf(':')
      if (at > 0) table[entry.slice(0, at)] = Number(entry.slice(at + 1))
    }
    return table
  })
  return { start: numbers(lines[0] as string), transitions: lines.slice(1, 5).map(numbers), emissions }
}
