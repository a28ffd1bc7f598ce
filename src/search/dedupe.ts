/**
 * Near-duplicate paragraphs (the same report reprinted, a lead repeated as a caption) are found once, when
 * the index is built, and stored as a list of neighbours per paragraph; a query then drops a passage whose
 * neighbour it has already shown, at the cost of a set lookup, however deep the page.
 */

/** Dice similarity of character bigrams from which two paragraphs count as near-duplicates. */
export const NEAR_DUPLICATE_SIMILARITY = 0.8

/** The comparable form of a passage: letters and digits only. */
function fingerprintText(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, '')
}

function bigramSet(text: string): Set<string> {
  const set = new Set<string>()
  for (let i = 0; i + 1 < text.length; i++) set.add(text.slice(i, i + 2))
  return set
}

interface Prepared {
  text: string
  bigrams: Set<string>
}

/**
 * Whether two prepared passages nearly repeat each other: the same letters and digits, one (of at least 8)
 * contained in the other, or a Dice similarity of character bigrams of at least `similarity`.
 */
function nearlyRepeats(a: Prepared, b: Prepared, similarity: number): boolean {
  const [short, long] = a.text.length < b.text.length ? [a, b] : [b, a]
  if (short.text === long.text) return true
  if (short.text.length >= 8 && long.text.includes(short.text)) return true
  // Dice >= s needs the shorter text to be at least s / (2 - s) of the longer one.
  if (short.text.length < (similarity / (2 - similarity)) * long.text.length) return false
  let shared = 0
  for (const bigram of short.bigrams) if (long.bigrams.has(bigram)) shared++
  return (2 * shared) / Math.max(1, a.bigrams.size + b.bigrams.size) >= similarity
}

/** A passage as the near-duplicate test compares it. */
export function preparePassage(text: string): Prepared {
  const folded = fingerprintText(text)
  return { text: folded, bigrams: bigramSet(folded) }
}

/** Whether two prepared passages nearly repeat each other (the test findNearDuplicates applies). */
export function passagesRepeat(a: Prepared, b: Prepared, similarity = NEAR_DUPLICATE_SIMILARITY): boolean {
  return nearlyRepeats(a, b, similarity)
}

export type { Prepared as PreparedPassage }

/**
 * For each paragraph (by position in `texts`), the positions of the paragraphs it nearly repeats; only
 * paragraphs that have any are listed. Candidates come from an inverted index of bigrams with a prefix
 * filter: a pair with Dice >= s shares at least s/(2-s) of either side's bigrams, so it shares one of the
 * rarest (1 - s/(2-s))·n + 1 bigrams of each side (and a contained text shares all of its own).
 */
export function findNearDuplicates(
  texts: readonly string[],
  similarity = NEAR_DUPLICATE_SIMILARITY,
): Record<number, number[]> {
  const prepared: Prepared[] = texts.map((text) => {
    const folded = fingerprintText(text)
    return { text: folded, bigrams: bigramSet(folded) }
  })
  const postings = new Map<string, number[]>()
  prepared.forEach((passage, position) => {
    for (const bigram of passage.bigrams) {
      const list = postings.get(bigram)
      if (list) list.push(position)
      else postings.set(bigram, [position])
    }
  })
  const byText = new Map<string, number[]>()
  prepared.forEach((passage, position) => {
    const list = byText.get(passage.text)
    if (list) list.push(position)
    else byText.set(passage.text, [position])
  })
  const minShare = similarity / (2 - similarity)
  const neighbours: Record<number, number[]> = {}
  const link = (a: number, b: number) => {
    const list = neighbours[a]
    if (!list) neighbours[a] = [b]
    else if (!list.includes(b)) list.push(b)
  }
  prepared.forEach((passage, position) => {
    const candidates = new Set<number>()
    // Texts too short for bigrams repeat only when equal.
    for (const other of byText.get(passage.text) ?? []) candidates.add(other)
    const rarest = [...passage.bigrams].sort(
      (x, y) => (postings.get(x)?.length ?? 0) - (postings.get(y)?.length ?? 0),
    )
    const prefix = rarest.length - Math.ceil(minShare * rarest.length) + 1
    for (const bigram of rarest.slice(0, prefix)) {
      for (const other of postings.get(bigram) ?? []) candidates.add(other)
    }
    for (const other of candidates) {
      if (other === position) continue
      if (nearlyRepeats(passage, prepared[other] as Prepared, similarity)) {
        link(position, other)
        link(other, position)
      }
    }
  })
  for (const list of Object.values(neighbours)) list.sort((a, b) => a - b)
  return neighbours
}

/**
 * Tells whether a passage (by its key) nearly repeats one already accepted by this filter; a passage that
 * does not is accepted. `neighbours` maps a key to the keys it nearly repeats.
 */
export function createDuplicateFilter(
  neighbours: ReadonlyMap<string, readonly string[]>,
): (key: string) => boolean {
  const accepted = new Set<string>()
  return (key) => {
    for (const other of neighbours.get(key) ?? []) if (accepted.has(other)) return true
    accepted.add(key)
    return false
  }
}
