import type { Term } from './tokenizer.ts'

/** The question's evidence: its distinct terms with IDF weights, and a weight per position of the normalized question. */
export interface Evidence {
  terms: {
    token: string
    kind: Term['kind']
    start: number
    end: number
    idf: number
    df: number
    synonym?: boolean
  }[]
  /** For each position: the highest IDF among the terms covering it (0 for stopwords and punctuation). */
  positions: Float64Array
  total: number
}

/** BM25's IDF of a term found in `df` of `docsCount` paragraphs. */
export function idfOf(df: number, docsCount: number): number {
  return Math.log(1 + (docsCount - df + 0.5) / (df + 0.5))
}

/** Weighs each position of the question by the rarest term covering it (unknown terms weigh as the rarest). */
export function weighEvidence(
  terms: readonly (Term & { synonym?: boolean })[],
  documentFrequency: (token: string) => number,
  docsCount: number,
): Evidence {
  const length = terms.reduce((max, term) => Math.max(max, term.end), 0)
  const positions = new Float64Array(length)
  const weighed: Evidence['terms'] = []
  for (const term of terms) {
    const df = documentFrequency(term.token)
    const idf = idfOf(df, docsCount)
    weighed.push({
      token: term.token,
      kind: term.kind,
      start: term.start,
      end: term.end,
      idf,
      df,
      ...(term.synonym ? { synonym: true } : {}),
    })
    for (let i = term.start; i < term.end; i++) positions[i] = Math.max(positions[i] ?? 0, idf)
  }
  let total = 0
  for (const weight of positions) total += weight
  return { terms: weighed, positions, total }
}

/** The weighted share of the question's positions covered by the terms for which `holds` is true. */
export function coveredShare(evidence: Evidence, holds: (token: string) => boolean): number {
  if (evidence.total === 0) return 0
  const covered = new Uint8Array(evidence.positions.length)
  for (const term of evidence.terms) if (holds(term.token)) covered.fill(1, term.start, term.end)
  let held = 0
  for (let i = 0; i < covered.length; i++) if (covered[i]) held += evidence.positions[i] ?? 0
  return held / evidence.total
}

/** The part of the evidence that stands within a range of the question (one clause of a two-part question). */
export function restrictEvidence(evidence: Evidence, range: { start: number; end: number }): Evidence {
  const positions = new Float64Array(evidence.positions.length)
  for (let i = range.start; i < Math.min(range.end, positions.length); i++)
    positions[i] = evidence.positions[i] ?? 0
  let total = 0
  for (const weight of positions) total += weight
  const terms = evidence.terms.filter((term) => term.start >= range.start && term.end <= range.end)
  return { terms, positions, total }
}
