import type { Vocabulary } from './build-index.ts'
import type { Segmenter } from './tokenizer.ts'

const BLOCK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:\.[0-9]+)*|\s+|[\s\S]/gu
const CJK_BLOCK = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u

/**
 * A jieba-compatible segmenter without jieba (for the Worker): over a word -> frequency map it builds
 * each CJK run's DAG of dictionary words and takes the most probable route, as jieba's `cut` without HMM
 * (unknown characters weigh as the rarest dictionary word, as in cppjieba); digits and Latin letters stay
 * together as one token each run (6417.6, covid).
 */
export function createVocabularySegmenter(vocabulary: Vocabulary): Segmenter {
  const frequencies = new Map<string, number>()
  let maxLength = 1
  let minFrequency = Number.POSITIVE_INFINITY
  for (const [word, frequency] of Object.entries(vocabulary.words)) {
    if (frequency <= 0) continue
    frequencies.set(word, frequency)
    maxLength = Math.max(maxLength, word.length)
    minFrequency = Math.min(minFrequency, frequency)
  }
  const logTotal = Math.log(vocabulary.total || 1)
  const minWeight =
    Math.log(vocabulary.minFrequency ?? (Number.isFinite(minFrequency) ? minFrequency : 1)) - logTotal

  function cutRun(run: string, out: string[]): void {
    const n = run.length
    const best = new Float64Array(n + 1)
    const next = new Int32Array(n + 1)
    for (let i = n - 1; i >= 0; i--) {
      const single = frequencies.get(run[i] as string)
      let bestScore = (single ? Math.log(single) - logTotal : minWeight) + (best[i + 1] as number)
      let bestEnd = i + 1
      for (let end = i + 2; end <= Math.min(n, i + maxLength); end++) {
        const frequency = frequencies.get(run.slice(i, end))
        if (frequency === undefined) continue
        const score = Math.log(frequency) - logTotal + (best[end] as number)
        // Ties go to the longer word, as in jieba's max over (score, end).
        if (score >= bestScore) {
          bestScore = score
          bestEnd = end
        }
      }
      best[i] = bestScore
      next[i] = bestEnd
    }
    for (let i = 0; i < n; i = next[i] as number) out.push(run.slice(i, next[i]))
  }

  return (text) => {
    const out: string[] = []
    for (const match of text.matchAll(BLOCK)) {
      const block = match[0]
      if (CJK_BLOCK.test(block)) cutRun(block, out)
      else out.push(block)
    }
    return out
  }
}
