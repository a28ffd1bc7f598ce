/**
 * The BM25 postings of a corpus in typed arrays, in segments (as Lucene keeps them): a full build writes one
 * segment, a day's new pages append another, and segments merge without re-reading any text. Statistics
 * (document frequencies, average field lengths, the number of paragraphs) are summed over all segments at
 * query time, so an index of several segments answers exactly as one rebuilt from scratch.
 *
 * A segment holds one sorted term table shared by two fields: `text`, whose units are paragraphs, and
 * `title`, whose units are articles (every paragraph of an article carries its title; storing the title
 * once per article and expanding it when scoring gives the same BM25 as one title per paragraph).
 */

/** The postings of one field: term t's units and counts are entries offsets[t] .. offsets[t + 1]. */
export interface FieldPostings {
  offsets: Uint32Array
  /** Unit numbers within the segment (paragraphs for text, articles for title), ascending per term. */
  units: Uint32Array
  /** How often the term occurs in that unit. */
  counts: Uint32Array
  /** Number of terms (with repeats) of each unit. */
  lengths: Uint32Array
}

export interface SegmentPostings {
  /** The terms, sorted by code unit, joined; term t is terms.slice(termStarts[t], termStarts[t + 1]). */
  terms: string
  termStarts: Uint32Array
  text: FieldPostings
  title: FieldPostings
  /** First paragraph of each of the segment's articles, plus the paragraph count at the end. */
  articleStarts: Uint32Array
}

/** BM25 knobs, as in Okapi BM25. */
export interface Bm25Params {
  k: number
  b: number
}

/** Collects the postings of one segment, article by article. */
export interface SegmentBuilder {
  /** Adds an article: the terms of its title and of each of its paragraphs (repeats kept). */
  addArticle(titleTokens: readonly string[], paragraphTokens: readonly (readonly string[])[]): void
  /** The same in steps, so that a paragraph's terms need not outlive it: the article's title terms, ... */
  startArticle(titleTokens: readonly string[]): void
  /** ... then the terms of each of its paragraphs. */
  addParagraph(tokens: readonly string[]): void
  finish(): SegmentPostings
}

/** A growable Uint32Array. */
class Column {
  data = new Uint32Array(1024)
  length = 0
  push(value: number): void {
    if (this.length === this.data.length) {
      // Grown by half: the postings of a large corpus are hundreds of MB, and the slack is never used.
      const grown = new Uint32Array(Math.ceil(this.data.length * 1.5))
      grown.set(this.data)
      this.data = grown
    }
    this.data[this.length++] = value
  }
  view(): Uint32Array {
    return this.data.subarray(0, this.length)
  }
}

/** Postings triples (term, unit, count) in arrival order, sorted by term when the segment is finished. */
class FieldCollector {
  readonly term = new Column()
  readonly unit = new Column()
  readonly count = new Column()
  readonly lengths = new Column()
  private readonly local = new Map<number, number>()

  add(unit: number, tokens: readonly string[], termId: (token: string) => number): void {
    const local = this.local
    local.clear()
    for (const token of tokens) {
      const id = termId(token)
      local.set(id, (local.get(id) ?? 0) + 1)
    }
    for (const [id, count] of local) {
      this.term.push(id)
      this.unit.push(unit)
      this.count.push(count)
    }
    this.lengths.push(tokens.length)
  }

  /** Groups the triples by term (a counting sort keeps units ascending), terms renumbered by `rank`. */
  finish(rank: Uint32Array, termCount: number): FieldPostings {
    const terms = this.term.view()
    const offsets = new Uint32Array(termCount + 1)
    for (let i = 0; i < terms.length; i++) {
      const t = (rank[terms[i] as number] as number) + 1
      offsets[t] = (offsets[t] as number) + 1
    }
    for (let t = 0; t < termCount; t++) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number)
    const next = offsets.slice(0, termCount)
    const units = new Uint32Array(terms.length)
    const counts = new Uint32Array(terms.length)
    const unitColumn = this.unit.view()
    const countColumn = this.count.view()
    for (let i = 0; i < terms.length; i++) {
      const t = rank[terms[i] as number] as number
      const at = next[t] as number
      next[t] = at + 1
      units[at] = unitColumn[i] as number
      counts[at] = countColumn[i] as number
    }
    return { offsets, units, counts, lengths: this.lengths.view().slice() }
  }
}

export function createSegmentBuilder(): SegmentBuilder {
  const termIds = new Map<string, number>()
  const termList: string[] = []
  const termId = (token: string): number => {
    let id = termIds.get(token)
    if (id === undefined) {
      id = termList.length
      termIds.set(token, id)
      termList.push(token)
    }
    return id
  }
  const text = new FieldCollector()
  const title = new FieldCollector()
  const articleStarts = new Column()
  let paragraphs = 0
  let articles = 0
  return {
    addArticle(titleTokens, paragraphTokens) {
      this.startArticle(titleTokens)
      for (const tokens of paragraphTokens) this.addParagraph(tokens)
    },
    startArticle(titleTokens) {
      articleStarts.push(paragraphs)
      title.add(articles++, titleTokens, termId)
    },
    addParagraph(tokens) {
      text.add(paragraphs++, tokens, termId)
    },
    finish() {
      articleStarts.push(paragraphs)
      const order = termList.map((_, id) => id).sort((a, b) => compareStrings(termList[a], termList[b]))
      const rank = new Uint32Array(termList.length)
      order.forEach((id, position) => {
        rank[id] = position
      })
      return packSegment(
        order.map((id) => termList[id] as string),
        text.finish(rank, order.length),
        title.finish(rank, order.length),
        articleStarts.view().slice(),
      )
    },
  }
}

function packSegment(
  sortedTerms: readonly string[],
  text: FieldPostings,
  title: FieldPostings,
  articleStarts: Uint32Array,
): SegmentPostings {
  const termStarts = new Uint32Array(sortedTerms.length + 1)
  let length = 0
  sortedTerms.forEach((term, t) => {
    termStarts[t] = length
    length += term.length
  })
  termStarts[sortedTerms.length] = length
  return { terms: sortedTerms.join(''), termStarts, text, title, articleStarts }
}

function compareStrings(a: string | undefined, b: string | undefined): number {
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0
}

/** The number of terms of a segment. */
export function termCount(segment: SegmentPostings): number {
  return segment.termStarts.length - 1
}

/** Term t of a segment. */
export function termAt(segment: SegmentPostings, t: number): string {
  return segment.terms.slice(segment.termStarts[t], segment.termStarts[t + 1])
}

/** The term id of `token` in a segment (binary search over the sorted terms), or -1. */
export function findTerm(segment: SegmentPostings, token: string): number {
  let low = 0
  let high = termCount(segment) - 1
  while (low <= high) {
    const mid = (low + high) >>> 1
    const term = termAt(segment, mid)
    if (term === token) return mid
    if (term < token) low = mid + 1
    else high = mid - 1
  }
  return -1
}

/**
 * Merges segments into one (their paragraphs and articles in order) from the postings alone: the terms'
 * tables are joined and the unit numbers shifted, so no text is read or segmented again.
 */
export function mergeSegments(segments: readonly SegmentPostings[]): SegmentPostings {
  if (segments.length === 1) return segments[0] as SegmentPostings
  const all = new Set<string>()
  for (const segment of segments) {
    for (let t = 0; t < termCount(segment); t++) all.add(termAt(segment, t))
  }
  const sortedTerms = [...all].sort(compareStrings)
  const position = new Map<string, number>()
  sortedTerms.forEach((term, t) => {
    position.set(term, t)
  })
  const maps = segments.map((segment) => {
    const map = new Uint32Array(termCount(segment))
    for (let t = 0; t < map.length; t++) map[t] = position.get(termAt(segment, t)) as number
    return map
  })
  const mergeField = (field: 'text' | 'title'): FieldPostings => {
    const offsets = new Uint32Array(sortedTerms.length + 1)
    let total = 0
    segments.forEach((segment, s) => {
      const own = segment[field]
      const map = maps[s] as Uint32Array
      for (let t = 0; t < map.length; t++) {
        const target = (map[t] as number) + 1
        offsets[target] =
          (offsets[target] as number) + (own.offsets[t + 1] as number) - (own.offsets[t] as number)
      }
      total += own.units.length
    })
    for (let t = 0; t < sortedTerms.length; t++)
      offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number)
    const next = offsets.slice(0, sortedTerms.length)
    const units = new Uint32Array(total)
    const counts = new Uint32Array(total)
    const lengths = new Uint32Array(segments.reduce((sum, segment) => sum + segment[field].lengths.length, 0))
    let base = 0
    segments.forEach((segment, s) => {
      const own = segment[field]
      const map = maps[s] as Uint32Array
      for (let t = 0; t < map.length; t++) {
        const target = map[t] as number
        for (let i = own.offsets[t] as number; i < (own.offsets[t + 1] as number); i++) {
          const at = next[target] as number
          next[target] = at + 1
          units[at] = (own.units[i] as number) + base
          counts[at] = own.counts[i] as number
        }
      }
      lengths.set(own.lengths, base)
      base += own.lengths.length
    })
    return { offsets, units, counts, lengths }
  }
  const articleStarts: number[] = []
  let paragraphs = 0
  for (const segment of segments) {
    const starts = segment.articleStarts
    for (let a = 0; a + 1 < starts.length; a++) articleStarts.push((starts[a] as number) + paragraphs)
    paragraphs += starts[starts.length - 1] as number
  }
  articleStarts.push(paragraphs)
  return packSegment(sortedTerms, mergeField('text'), mergeField('title'), Uint32Array.from(articleStarts))
}

/** Query-time access to the postings of all segments, numbered as one corpus (paragraphs in segment order). */
export interface PostingsReader {
  /** Paragraphs in all segments. */
  readonly paragraphs: number
  /** For each paragraph, its article's number (articles in segment order). */
  readonly articleOf: Uint32Array
  /** Paragraphs whose text holds `token` (the text field's document frequency). */
  documentFrequency(token: string): number
  /**
   * BM25 of every paragraph holding any of `tokens` (text, plus title × titleBoost), summed as Okapi BM25
   * with document frequencies and average lengths over the whole corpus. Returns the scores (indexed by
   * paragraph) and the paragraphs that scored, in first-scored order.
   */
  score(
    tokens: readonly string[],
    params: Bm25Params,
    titleBoost: number,
  ): { scores: Float64Array; hits: Uint32Array }
  /** Whether a paragraph's text or its title holds `token`. */
  holds(paragraph: number, token: string): boolean
  /** The paragraphs whose text (or whose article's title) holds `token`, or undefined when none does. */
  paragraphsWith(token: string, field: 'text' | 'title'): Set<number> | undefined
}

interface Located {
  segment: number
  term: number
}

export function createPostingsReader(segments: readonly SegmentPostings[]): PostingsReader {
  const paragraphBase: number[] = []
  const articleBase: number[] = []
  let paragraphs = 0
  let articles = 0
  let textLength = 0
  let titleLength = 0
  for (const segment of segments) {
    paragraphBase.push(paragraphs)
    articleBase.push(articles)
    const starts = segment.articleStarts
    for (let a = 0; a + 1 < starts.length; a++) {
      const count = (starts[a + 1] as number) - (starts[a] as number)
      titleLength += (segment.title.lengths[a] as number) * count
    }
    for (const length of segment.text.lengths) textLength += length
    paragraphs += segment.text.lengths.length
    articles += segment.title.lengths.length
  }
  const articleOf = new Uint32Array(paragraphs)
  segments.forEach((segment, s) => {
    const starts = segment.articleStarts
    for (let a = 0; a + 1 < starts.length; a++) {
      articleOf.fill(
        (articleBase[s] as number) + a,
        (paragraphBase[s] as number) + (starts[a] as number),
        (paragraphBase[s] as number) + (starts[a + 1] as number),
      )
    }
  })
  const docsCount = Math.max(1, paragraphs)
  const averageText = paragraphs ? textLength / paragraphs || 1 : 1
  const averageTitle = paragraphs ? titleLength / paragraphs || 1 : 1

  const locate = (token: string): Located[] => {
    const found: Located[] = []
    segments.forEach((segment, s) => {
      const term = findTerm(segment, token)
      if (term >= 0) found.push({ segment: s, term })
    })
    return found
  }
  const textDf = (located: readonly Located[]) => {
    let df = 0
    for (const { segment, term } of located) {
      const offsets = (segments[segment] as SegmentPostings).text.offsets
      df += (offsets[term + 1] as number) - (offsets[term] as number)
    }
    return df
  }
  /** Paragraphs whose title holds the term: the paragraphs of each article holding it. */
  const titleDf = (located: readonly Located[]) => {
    let df = 0
    for (const { segment, term } of located) {
      const own = segments[segment] as SegmentPostings
      for (let i = own.title.offsets[term] as number; i < (own.title.offsets[term + 1] as number); i++) {
        const article = own.title.units[i] as number
        df += (own.articleStarts[article + 1] as number) - (own.articleStarts[article] as number)
      }
    }
    return df
  }
  const idf = (df: number) => Math.log(1 + (docsCount - df + 0.5) / (df + 0.5))

  const hits = new Uint32Array(paragraphs)

  return {
    paragraphs,
    articleOf,
    documentFrequency: (token) => textDf(locate(token)),
    score(tokens, params, titleBoost) {
      const scores = new Float64Array(paragraphs)
      let hitCount = 0
      const add = (paragraph: number, score: number) => {
        if (scores[paragraph] === 0) hits[hitCount++] = paragraph
        scores[paragraph] = (scores[paragraph] as number) + score
      }
      const located = tokens.map(locate)
      // The text field first, then the title, token by token: the order Orama's BM25 summed in.
      located.forEach((places) => {
        if (places.length === 0) return
        const weight = 1
        const termIdf = idf(textDf(places))
        for (const { segment, term } of places) {
          const own = (segments[segment] as SegmentPostings).text
          const base = paragraphBase[segment] as number
          for (let i = own.offsets[term] as number; i < (own.offsets[term + 1] as number); i++) {
            const unit = own.units[i] as number
            const tf = own.counts[i] as number
            const norm = 1 - params.b + (params.b * (own.lengths[unit] as number)) / averageText
            add(base + unit, (weight * termIdf * tf * (params.k + 1)) / (tf + params.k * norm))
          }
        }
      })
      located.forEach((places) => {
        if (places.length === 0) return
        const df = titleDf(places)
        if (df === 0) return
        const termIdf = idf(df)
        for (const { segment, term } of places) {
          const own = segments[segment] as SegmentPostings
          const base = paragraphBase[segment] as number
          for (let i = own.title.offsets[term] as number; i < (own.title.offsets[term + 1] as number); i++) {
            const article = own.title.units[i] as number
            const tf = own.title.counts[i] as number
            const norm = 1 - params.b + (params.b * (own.title.lengths[article] as number)) / averageTitle
            const score = (titleBoost * termIdf * tf * (params.k + 1)) / (tf + params.k * norm)
            for (
              let p = own.articleStarts[article] as number;
              p < (own.articleStarts[article + 1] as number);
              p++
            ) {
              add(base + p, score)
            }
          }
        }
      })
      return { scores, hits: hits.slice(0, hitCount) }
    },
    holds(paragraph, token) {
      const s = segmentOf(paragraphBase, paragraph)
      const own = segments[s] as SegmentPostings
      const term = findTerm(own, token)
      if (term < 0) return false
      const local = paragraph - (paragraphBase[s] as number)
      if (
        contains(
          own.text.units,
          own.text.offsets[term] as number,
          own.text.offsets[term + 1] as number,
          local,
        )
      ) {
        return true
      }
      const article = (articleOf[paragraph] as number) - (articleBase[s] as number)
      return contains(
        own.title.units,
        own.title.offsets[term] as number,
        own.title.offsets[term + 1] as number,
        article,
      )
    },
    paragraphsWith(token, field) {
      const located = locate(token)
      if (located.length === 0) return undefined
      const found = new Set<number>()
      for (const { segment, term } of located) {
        const own = segments[segment] as SegmentPostings
        const base = paragraphBase[segment] as number
        if (field === 'text') {
          for (let i = own.text.offsets[term] as number; i < (own.text.offsets[term + 1] as number); i++) {
            found.add(base + (own.text.units[i] as number))
          }
          continue
        }
        for (let i = own.title.offsets[term] as number; i < (own.title.offsets[term + 1] as number); i++) {
          const article = own.title.units[i] as number
          for (
            let p = own.articleStarts[article] as number;
            p < (own.articleStarts[article + 1] as number);
            p++
          ) {
            found.add(base + p)
          }
        }
      }
      return found.size ? found : undefined
    },
  }
}

/** The segment holding a paragraph (segments' first paragraphs ascend). */
function segmentOf(bases: readonly number[], paragraph: number): number {
  let low = 0
  let high = bases.length - 1
  while (low < high) {
    const mid = (low + high + 1) >>> 1
    if ((bases[mid] as number) <= paragraph) low = mid
    else high = mid - 1
  }
  return low
}

/** Whether a sorted range of `values` holds `value`. */
function contains(values: Uint32Array, from: number, to: number, value: number): boolean {
  let low = from
  let high = to - 1
  while (low <= high) {
    const mid = (low + high) >>> 1
    const at = values[mid] as number
    if (at === value) return true
    if (at < value) low = mid + 1
    else high = mid - 1
  }
  return false
}
