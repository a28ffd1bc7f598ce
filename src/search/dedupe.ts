/** The comparable form of a passage: letters and digits only. */
function fingerprintText(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, '')
}

function bigramSet(text: string): Set<string> {
  const set = new Set<string>()
  for (let i = 0; i + 1 < text.length; i++) set.add(text.slice(i, i + 2))
  return set
}

/** A passage prepared for comparison. */
export interface Kept {
  text: string
  bigrams?: Set<string>
}

/**
 * Tells whether a passage nearly repeats one already accepted: the same letters and digits,
 * contained in it, or a Dice similarity of character bigrams of at least `similarity`.
 */
export function createDuplicateFilter(
  similarity = 0.8,
  /** Fingerprints kept across calls (keyed by passage text), so that each passage is prepared once. */
  cache: Map<string, Kept> = new Map(),
): (text: string) => boolean {
  const seen: Kept[] = []
  // Dice >= s needs the shorter text to be at least s / (2 - s) of the longer one.
  const minRatio = similarity / (2 - similarity)
  return (text) => {
    let candidate = cache.get(text)
    if (!candidate) {
      candidate = { text: fingerprintText(text) }
      cache.set(text, candidate)
    }
    for (const kept of seen) {
      const [short, long] =
        candidate.text.length < kept.text.length ? [candidate.text, kept.text] : [kept.text, candidate.text]
      if (short === long) return true
      if (short.length >= 8 && long.includes(short)) return true
      if (short.length < minRatio * long.length) continue
      candidate.bigrams ??= bigramSet(candidate.text)
      kept.bigrams ??= bigramSet(kept.text)
      let shared = 0
      for (const bigram of candidate.bigrams) if (kept.bigrams.has(bigram)) shared++
      if ((2 * shared) / Math.max(1, candidate.bigrams.size + kept.bigrams.size) >= similarity) return true
    }
    seen.push(candidate)
    return false
  }
}
