/**
 * The scale benchmark's corpus (issue 13): the CMRC 2018 contexts and the seed corpus, every original kept
 * verbatim under its own id, plus `scale - 1` variants of each CMRC context, grouped into articles of 10 to 30
 * paragraphs titled like the context. ×1 is the originals only (848 + 279 paragraphs); ×20 has 16,960 + 279,
 * ×150 127,200 + 279 (~64 M characters), ×1000 848,000 + 279: the paragraph counts of the issue. The seed
 * paragraphs are kept once: they are newspaper-sized (one to three sentences), too short to vary.
 *
 * A variant is not a shuffled copy. A shuffled copy shares nearly every character bigram with its original, so
 * the build's near-duplicate detection (src/search/dedupe.ts, Dice ≥ 0.8) would link each context with all of
 * its variants — (scale)² links per context, a billion at ×1000 — and answer() would collapse them into one
 * passage. A variant instead keeps 40 % to 65 % of its context's sentences (by characters), fills up to about
 * the context's length with up to 60 % of the sentences of its partner (the next context of another title),
 * and shuffles the lot: a distinct paragraph on the same topic, as a follow-up report is (Dice with its context
 * below 0.8). Contexts of fewer than twelve sentences are cut into clauses (at ，；) instead, so that two
 * variants seldom keep the same part of them. Every fragment of text still occurs about `scale` times, so every bigram's document frequency is
 * multiplied by the scale, which a year of real pages does not do: the near-duplicate search's candidates grow
 * with the scale here (≈350 per paragraph at ×20).
 *
 * Pure and deterministic: the same seed gives the same corpus, and variant j of context i is the same at every
 * scale that has it (×20's variants are the first of ×150's).
 */
import type { Article } from '../src/corpus/types.ts'
import { splitSentences } from '../src/search/sentences.ts'

/**
 * The fewest sentences a context is cut into before clauses are used instead: with fewer, too few subsets of
 * them exist, and at ×1000 many variants would keep the same ones (near-duplicates of each other).
 */
const MIN_SENTENCES = 12

/** Share of a context's characters (drawn per variant in this range) that a variant keeps. */
const KEEP_SHARE: readonly [number, number] = [0.35, 0.55]

/** A variant's length as a share of its context's (drawn per variant in this range). */
const LENGTH_SHARE: readonly [number, number] = [0.85, 1.15]

/** How many other contexts a variant borrows from. */
const PARTNERS = 2

/** The largest share of a partner's characters a variant takes. */
const MAX_PARTNER_SHARE = 0.4

/** Paragraphs per variant article (drawn per article in this range, inclusive). */
const PAGE_SIZE: readonly [number, number] = [10, 30]

/** Suffix of a variant article id: `${context article id}-v0001`. */
export const VARIANT_MARK = '-v'

export interface ScaleCorpusOptions {
  /** Articles whose paragraphs get variants (the CMRC contexts, one paragraph each). */
  contexts: readonly Article[]
  /** Articles kept once, as they are (the seed corpus). */
  kept: readonly Article[]
  /** 1 = the originals only; N = the originals plus N - 1 variants of each context paragraph. */
  scale: number
  seed?: number
}

export interface ScaleCorpus {
  /** Every article, sorted by id (the originals with their own ids, so a gold paragraph stays identifiable). */
  articles: Article[]
  paragraphs: number
  characters: number
  /** Paragraphs of the originals (contexts and kept articles). */
  originals: number
  variants: number
}

/** Mulberry32: a small seeded generator of floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** A seed for one (context, variant) pair, so that variants do not depend on how many others are drawn. */
function mixSeed(...parts: number[]): number {
  let hash = 0x811c9dc5
  for (const part of parts) {
    hash = Math.imul(hash ^ (part >>> 0), 0x01000193)
    hash ^= hash >>> 13
    hash = Math.imul(hash, 0x5bd1e995)
    hash ^= hash >>> 15
  }
  return hash >>> 0
}

function between(random: () => number, [low, high]: readonly [number, number]): number {
  return low + random() * (high - low)
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
  return items
}

/** A paragraph's sentences, verbatim; its clauses (cut after ，；) when it has fewer than twelve sentences. */
export function splitUnits(text: string): string[] {
  const sentences = splitSentences(text).map(({ start, end }) => text.slice(start, end))
  if (sentences.length >= MIN_SENTENCES) return sentences
  const clauses = sentences
    .flatMap((sentence) => sentence.split(/(?<=[，；])/u))
    .filter((unit) => unit.trim())
  return clauses.length > sentences.length ? clauses : sentences
}

/** Takes units in random order while they fit within `limit` characters; at least the shortest one. */
function takeUnits(units: readonly string[], limit: number, random: () => number): string[] {
  const taken: string[] = []
  let length = 0
  for (const unit of shuffle([...units], random)) {
    if (length + unit.length > limit) continue
    taken.push(unit)
    length += unit.length
  }
  if (taken.length === 0 && units.length > 0)
    taken.push(units.reduce((a, b) => (b.length < a.length ? b : a)))
  return taken
}

/** One variant of a paragraph: part of its units and parts of its partners', shuffled together. */
function varyParagraph(
  own: readonly string[],
  partners: readonly (readonly string[])[],
  random: () => number,
): string {
  const length = (units: readonly string[]) => units.reduce((sum, unit) => sum + unit.length, 0)
  const total = length(own)
  const units = takeUnits(own, between(random, KEEP_SHARE) * total, random)
  const target = between(random, LENGTH_SHARE) * total
  for (const partner of partners) {
    const room = target - length(units)
    if (room <= 0) break
    units.push(...takeUnits(partner, Math.min(room, MAX_PARTNER_SHARE * length(partner)), random))
  }
  return shuffle(units, random).join('')
}

/** Builds the corpus of one scale (see the top of this file). */
export function buildScaleCorpus(options: ScaleCorpusOptions): ScaleCorpus {
  const { contexts, kept, scale } = options
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a whole number ≥ 1, not ${scale}`)
  const seed = options.seed ?? 13
  const originals = [...contexts, ...kept]
  const articles: Article[] = [...originals]
  const paragraphs = contexts.flatMap((article) => article.paragraphs)
  const units = paragraphs.map(splitUnits)
  const titles = contexts.flatMap((article) => article.paragraphs.map(() => article.title))
  // A context's partners are the next ones of other titles (contexts of one title repeat each other), less
  // the units they share with it.
  const partners = units.map((own, position) => {
    const mine = new Set(own)
    const chosen: string[][] = []
    const seen = new Set([titles[position]])
    for (let step = 1; step < units.length && chosen.length < PARTNERS; step++) {
      const other = (position + step) % units.length
      if (seen.has(titles[other])) continue
      seen.add(titles[other])
      chosen.push((units[other] as string[]).filter((unit) => !mine.has(unit)))
    }
    return chosen
  })
  let variants = 0
  let position = 0
  contexts.forEach((article, articleIndex) => {
    const pages = createRandom(mixSeed(seed, articleIndex))
    const texts: string[] = []
    for (let paragraph = 0; paragraph < article.paragraphs.length; paragraph++) {
      const own = position + paragraph
      for (let variant = 1; variant < scale; variant++) {
        const random = createRandom(mixSeed(seed, own, variant))
        texts.push(varyParagraph(units[own] as string[], partners[own] as string[][], random))
      }
    }
    position += article.paragraphs.length
    variants += texts.length
    let page = 0
    for (let start = 0; start < texts.length; ) {
      const size = PAGE_SIZE[0] + Math.floor(pages() * (PAGE_SIZE[1] - PAGE_SIZE[0] + 1))
      page++
      articles.push({
        id: `${article.id}${VARIANT_MARK}${String(page).padStart(4, '0')}`,
        title: article.title,
        source: `${article.source} (variant)`,
        authors: [],
        raw: article.raw,
        paragraphs: texts.slice(start, start + size),
      })
      start += size
    }
  })
  articles.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  let paragraphCount = 0
  let characters = 0
  for (const article of articles) {
    paragraphCount += article.paragraphs.length
    for (const text of article.paragraphs) characters += text.length
  }
  const originalCount = originals.reduce((sum, article) => sum + article.paragraphs.length, 0)
  return { articles, paragraphs: paragraphCount, characters, originals: originalCount, variants }
}

/** `count` items drawn without replacement by a seeded shuffle, in their original order (all when count ≥ length). */
export function sampleOf<T>(items: readonly T[], count: number, seed = 13): T[] {
  if (count >= items.length) return [...items]
  const random = createRandom(mixSeed(seed, 0x5a3b1e))
  const positions = shuffle(
    items.map((_, i) => i),
    random,
  )
    .slice(0, count)
    .sort((a, b) => a - b)
  return positions.map((i) => items[i] as T)
}
