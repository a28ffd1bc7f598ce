import type { Segmenter } from '../search/tokenizer.ts'

/** The part of jieba's dictionary and HMM model a Worker needs to cut queries as nodejieba does. */
export interface SegmentationModel {
  /** Dictionary words (those the corpus can match, plus stopwords) with jieba frequencies; 0: weighs the median. */
  words: Record<string, number>
  /** Frequency total of jieba's main dictionary (weights are log(frequency / total)). */
  total: number
  /** Weight of a character outside the dictionary (the rarest main-dictionary word). */
  minWeight: number
  /** Weight of a user-dictionary word given without frequency. */
  medianWeight: number
  /** One-character words of the user dictionary, which the HMM never regroups. */
  userSingles: string
  /** jieba's HMM for unknown words: log probabilities of the states B, E, M, S. */
  hmm: { start: number[]; transitions: number[][]; emissions: Record<string, number>[] }
}

/** cppjieba's "impossible" log probability. */
const MIN_DOUBLE = -3.14e100
const STATES = 4
const E = 1
const S = 3
/** cppjieba splits sentences at these before segmenting. */
const SEPARATORS = new Set([' ', '\t', '\n', '\uff0c', '\u3002'])

/**
 * A port of cppjieba's MixSegment (nodejieba `cut(text, true)`), for the Worker where nodejieba cannot load:
 * max-probability route through the DAG of dictionary words, then the HMM (Viterbi) over each run of
 * single characters, grouping ASCII letters and numbers as cppjieba does. Over the index's own dictionary
 * words it reproduces nodejieba's cut of the text the index can match (see scripts/parity.ts).
 */
export function createMixSegmenter(model: SegmentationModel): Segmenter {
  const weights = new Map<string, number>()
  let maxLength = 1
  for (const [word, frequency] of Object.entries(model.words)) {
    weights.set(word, frequency > 0 ? Math.log(frequency / model.total) : model.medianWeight)
    maxLength = Math.max(maxLength, [...word].length)
  }
  const userSingles = new Set(model.userSingles)
  const { start, transitions, emissions } = model.hmm
  const emit = (state: number, char: string) => emissions[state]?.[char] ?? MIN_DOUBLE

  /** MPSegment: the most probable cut of chars[0, n) into dictionary words and single characters; word ends. */
  function cutByDictionary(chars: readonly string[]): number[] {
    const n = chars.length
    const best = new Float64Array(n + 1)
    const next = new Int32Array(n)
    for (let i = n - 1; i >= 0; i--) {
      const single = weights.get(chars[i] as string)
      // cppjieba tries the single character first and keeps the first of equal scores.
      let bestScore = (single ?? model.minWeight) + (best[i + 1] as number)
      let bestEnd = i + 1
      let piece = chars[i] as string
      for (let end = i + 2; end <= Math.min(n, i + maxLength); end++) {
        piece += chars[end - 1]
        const weight = weights.get(piece)
        if (weight === undefined) continue
        const score = weight + (best[end] as number)
        if (score > bestScore) {
          bestScore = score
          bestEnd = end
        }
      }
      best[i] = bestScore
      next[i] = bestEnd
    }
    const ends: number[] = []
    for (let i = 0; i < n; i = next[i] as number) ends.push(next[i] as number)
    return ends
  }

  /** HMMSegment's Viterbi over chars[from, to): the ends of the words it finds. */
  function viterbi(chars: readonly string[], from: number, to: number, ends: number[]): void {
    const length = to - from
    const weight = new Float64Array(length * STATES)
    const path = new Int8Array(length * STATES)
    for (let y = 0; y < STATES; y++) {
      weight[y * length] = (start[y] as number) + emit(y, chars[from] as string)
      path[y * length] = -1
    }
    for (let x = 1; x < length; x++) {
      const char = chars[from + x] as string
      for (let y = 0; y < STATES; y++) {
        const now = x + y * length
        let best = MIN_DOUBLE
        let previous = E
        const emission = emit(y, char)
        for (let from = 0; from < STATES; from++) {
          const score =
            (weight[x - 1 + from * length] as number) + (transitions[from]?.[y] as number) + emission
          if (score > best) {
            best = score
            previous = from
          }
        }
        weight[now] = best
        path[now] = previous
      }
    }
    const states = new Int8Array(length)
    let state =
      (weight[length - 1 + E * length] as number) >= (weight[length - 1 + S * length] as number) ? E : S
    for (let x = length - 1; x >= 0; x--) {
      states[x] = state
      state = path[x + state * length] as number
    }
    for (let x = 0; x < length; x++) if ((states[x] as number) % 2 === 1) ends.push(from + x + 1)
  }

  /** HMMSegment::Cut: ASCII letter runs and numbers stay whole, other runs go through the Viterbi. */
  function cutByHmm(chars: readonly string[], from: number, to: number, ends: number[]): void {
    let left = from
    let right = from
    while (right < to) {
      if ((chars[right] as string).charCodeAt(0) >= 0x80) {
        right++
        continue
      }
      if (left !== right) viterbi(chars, left, right, ends)
      right = asciiWordEnd(chars, right, to)
      ends.push(right)
      left = right
    }
    if (left !== right) viterbi(chars, left, right, ends)
  }

  function cutRange(chars: readonly string[], out: string[]): void {
    const words = cutByDictionary(chars)
    const ends: number[] = []
    let begin = 0
    for (let i = 0; i < words.length; i++) {
      const end = words[i] as number
      if (end - begin > 1 || userSingles.has(chars[begin] as string)) {
        ends.push(end)
        begin = end
        continue
      }
      // A run of single characters (outside the user dictionary) goes to the HMM.
      let last = i
      while (
        last + 1 < words.length &&
        (words[last + 1] as number) - (words[last] as number) === 1 &&
        !userSingles.has(chars[words[last] as number] as string)
      ) {
        last++
      }
      cutByHmm(chars, begin, words[last] as number, ends)
      begin = words[last] as number
      i = last
    }
    let from = 0
    for (const end of ends) {
      out.push(chars.slice(from, end).join(''))
      from = end
    }
  }

  return (text) => {
    const out: string[] = []
    let range: string[] = []
    for (const char of text) {
      if (!SEPARATORS.has(char)) {
        range.push(char)
        continue
      }
      if (range.length) cutRange(range, out)
      out.push(char)
      range = []
    }
    if (range.length) cutRange(range, out)
    return out
  }
}

/** cppjieba's SequentialLetterRule, then NumbersRule, else one character: where an ASCII word starting at `at` ends. */
function asciiWordEnd(chars: readonly string[], at: number, to: number): number {
  const isLetter = (char: string | undefined) => char !== undefined && /^[A-Za-z]$/.test(char)
  const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9'
  let end = at
  if (isLetter(chars[at])) {
    end++
    while (end < to && (isLetter(chars[end]) || isDigit(chars[end]))) end++
    return end
  }
  if (isDigit(chars[at])) {
    end++
    while (end < to && (isDigit(chars[end]) || chars[end] === '.')) end++
    return end
  }
  return at + 1
}
