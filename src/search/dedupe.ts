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

/**
 * The distinct character bigrams of a text as sorted numbers (two UTF-16 units in one 32-bit key), so
 * that a corpus's worth of them fits in typed arrays and two passages compare by merging.
 */
function bigramKeys(text: string): Uint32Array {
  if (text.length < 2) return new Uint32Array(0)
  const keys = new Uint32Array(text.length - 1)
  for (let i = 0; i + 1 < text.length; i++)
    keys[i] = ((text.charCodeAt(i) << 16) | text.charCodeAt(i + 1)) >>> 0
  keys.sort()
  let unique = 0
  for (let i = 0; i < keys.length; i++)
    if (i === 0 || keys[i] !== keys[i - 1]) keys[unique++] = keys[i] as number
  return keys.slice(0, unique)
}

interface Prepared {
  text: string
  bigrams: Uint32Array
}

/** How many keys two sorted arrays share. */
function sharedCount(a: Uint32Array, b: Uint32Array): number {
  let i = 0
  let j = 0
  let shared = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      shared++
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return shared
}

/**
 * Whether two prepared passages nearly repeat each other: the same letters and digits, one (of at least 8)
 * contained in the other, or a Dice similarity of character bigrams of at least `similarity`.
 */
function nearlyRepeats(a: Prepared, b: Prepared, similarity: number): boolean {
  const [short, long] = a.text.length < b.text.length ? [a, b] : [b, a]
  if (short.text === long.text) return true
  // Dice >= s needs the shorter text to be at least s / (2 - s) of the longer one.
  const comparable = short.text.length >= (similarity / (2 - similarity)) * long.text.length
  const shared = sharedCount(short.bigrams, long.bigrams)
  // A contained text shares every bigram of its own; only then is the (slower) substring test worth it.
  if (short.text.length >= 8 && shared === short.bigrams.length && long.text.includes(short.text)) return true
  return comparable && (2 * shared) / Math.max(1, a.bigrams.length + b.bigrams.length) >= similarity
}

/** A passage as the near-duplicate test compares it. */
export function preparePassage(text: string): Prepared {
  const folded = fingerprintText(text)
  return { text: folded, bigrams: bigramKeys(folded) }
}

/** Whether two prepared passages nearly repeat each other (the test findNearDuplicates applies). */
export function passagesRepeat(a: Prepared, b: Prepared, similarity = NEAR_DUPLICATE_SIMILARITY): boolean {
  return nearlyRepeats(a, b, similarity)
}

export type { Prepared as PreparedPassage }

/** How many of a passage's rarest shared bigrams are looked up for candidates. */
export const PROBES = 16

/** How many of the probes a candidate must share before it is compared in full. */
export function probesNeeded(probes: number): number {
  return Math.max(1, Math.min(4, Math.ceil(probes / 4)))
}

/**
 * For each paragraph (by position in `texts`), the positions of the paragraphs it nearly repeats; only
 * paragraphs that have any are listed. Equal texts are grouped directly. Otherwise the candidates are the
 * paragraphs sharing at least a few of the passage's PROBES rarest bigrams that some other paragraph also
 * has (a bigram of its own alone finds nothing): a pair with Dice >= 0.8 shares at least two thirds of
 * either side's bigrams, and their shared bigrams are the rarest either has but for its own, so they meet
 * there. Looking up a fixed number of short lists keeps the work near linear where a prefix of a third of
 * every passage's bigrams grows with the square of how often its phrases recur (a year of pages that
 * quote the same reports).
 */
export function findNearDuplicates(
  texts: readonly string[],
  similarity = NEAR_DUPLICATE_SIMILARITY,
): Record<number, number[]> {
  const prepared: Prepared[] = texts.map(preparePassage)
  const listOf = bigramPostings(prepared)
  const byText = new Map<string, number[]>()
  prepared.forEach((passage, position) => {
    const list = byText.get(passage.text)
    if (list) list.push(position)
    else byText.set(passage.text, [position])
  })
  const neighbours: Record<number, number[]> = {}
  const link = (a: number, b: number) => {
    const list = neighbours[a]
    if (!list) neighbours[a] = [b]
    else if (!list.includes(b)) list.push(b)
  }
  // Shared probes per candidate, reset after each passage (no map per passage).
  const shared = new Uint16Array(prepared.length)
  prepared.forEach((passage, position) => {
    for (const other of byText.get(passage.text) ?? []) {
      if (other !== position) link(position, other)
    }
    const lists = probeLists(passage.bigrams, listOf, 2)
    const needed = probesNeeded(lists.length)
    const candidates: number[] = []
    for (const list of lists) {
      for (const other of list) {
        if (other === position) continue
        if (shared[other] === 0) candidates.push(other)
        shared[other] = (shared[other] as number) + 1
      }
    }
    for (const other of candidates) {
      const count = shared[other] as number
      shared[other] = 0
      if (count < needed) continue
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
 * The passages holding each bigram, in typed arrays (a corpus has tens of millions of bigram occurrences:
 * a list of numbers each would be several times the memory): counted first, then filled in passage order.
 */
function bigramPostings(prepared: readonly Prepared[]): (bigram: number) => Uint32Array {
  const ids = new Map<number, number>()
  let counts = new Uint32Array(1024)
  for (const passage of prepared) {
    for (const bigram of passage.bigrams) {
      let id = ids.get(bigram)
      if (id === undefined) {
        id = ids.size
        ids.set(bigram, id)
        if (id === counts.length) {
          const grown = new Uint32Array(counts.length * 2)
          grown.set(counts)
          counts = grown
        }
      }
      counts[id] = (counts[id] as number) + 1
    }
  }
  const starts = new Uint32Array(ids.size + 1)
  for (let id = 0; id < ids.size; id++) starts[id + 1] = (starts[id] as number) + (counts[id] as number)
  const positions = new Uint32Array(starts[ids.size] as number)
  const next = starts.slice(0, ids.size)
  prepared.forEach((passage, position) => {
    for (const bigram of passage.bigrams) {
      const id = ids.get(bigram) as number
      positions[next[id] as number] = position
      next[id] = (next[id] as number) + 1
    }
  })
  const none = new Uint32Array(0)
  return (bigram) => {
    const id = ids.get(bigram)
    return id === undefined ? none : positions.subarray(starts[id], starts[id + 1])
  }
}

/**
 * The postings of a passage's PROBES rarest bigrams among those held by at least `least` passages (the
 * passage's own lists count it), rarest first.
 */
export function probeLists<T extends { length: number }>(
  bigrams: Uint32Array,
  listOf: (bigram: number) => T,
  least: number,
): T[] {
  const lists: T[] = []
  for (const bigram of bigrams) {
    const list = listOf(bigram)
    if (list.length >= least) lists.push(list)
  }
  lists.sort((x, y) => x.length - y.length)
  return lists.slice(0, PROBES)
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
