import { components, type IIndex, type TokenScore } from '@orama/orama'

type OramaIndex = components.index.Index

/** Okapi BM25 parameters: k1 saturates term frequency, b scales length normalization. */
export interface Bm25Params {
  k: number
  b: number
}

/** The posting node shape of Orama's radix tree (children by first character, edge label, end flag, word, documents). */
interface RadixNodeLike {
  c: Map<string, RadixNodeLike>
  s: string
  e: boolean
  w: string
  d: Set<number>
}

/**
 * Orama's default index with three corrections for Chinese passages:
 * term frequencies are stored as raw counts (Orama divides by the field length and then normalizes length again),
 * document frequency counts each document once however often a token repeats in it,
 * and query tokens match indexed tokens exactly (Orama matches them as prefixes: 湖南 would hit 湖南省).
 */
export function createBm25Index(): IIndex<OramaIndex> {
  const base = components.index.createIndex()
  const counts = new WeakMap<string[], Map<string, number>>()

  return {
    ...base,
    insertDocumentScoreParameters(index, prop, id, tokens, docsCount) {
      base.insertDocumentScoreParameters(index, prop, id, tokens, docsCount)
      const tokenCounts = new Map<string, number>()
      for (const token of tokens) tokenCounts.set(token, (tokenCounts.get(token) ?? 0) + 1)
      counts.set(tokens, tokenCounts)
    },
    insertTokenScoreParameters(index, prop, id, tokens, token) {
      const internalId =
        typeof id === 'number' ? id : index.sharedInternalDocumentStore.idToInternalId.get(id)
      const frequencies = internalId === undefined ? undefined : index.frequencies[prop]?.[internalId]
      if (!frequencies) throw new Error(`index: no score parameters for document "${id}" in "${prop}"`)
      if (token in frequencies) return
      frequencies[token] = counts.get(tokens)?.get(token) ?? 1
      const occurrences = index.tokenOccurrences[prop] ?? {}
      index.tokenOccurrences[prop] = occurrences
      occurrences[token] = (occurrences[token] ?? 0) + 1
    },
    search(index, term, tokenizer, language, properties, _exact, _tolerance, boost, relevance, docsCount) {
      const scores = scoreBm25(index as OramaIndex, unique(tokenizer.tokenize(term, language)), properties, {
        boost: boost as Record<string, number>,
        params: relevance,
        docsCount,
      })
      return [...scores.entries()].sort((a, b) => b[1] - a[1]) as TokenScore[]
    },
  }
}

interface ScoreOptions {
  boost: Record<string, number>
  params: Bm25Params
  docsCount: number
}

/** Sums BM25 over properties and query tokens (exact token matches only). */
export function scoreBm25(
  index: OramaIndex,
  tokens: readonly string[],
  properties: readonly string[],
  { boost, params, docsCount }: ScoreOptions,
): Map<number, number> {
  const scores = new Map<number, number>()
  for (const prop of properties) {
    const tree = index.indexes[prop]
    if (tree?.type !== 'Radix') continue
    const weight = boost[prop] ?? 1
    const frequencies = index.frequencies[prop] ?? {}
    const lengths = index.fieldLengths[prop] ?? {}
    const occurrences = index.tokenOccurrences[prop] ?? {}
    const averageLength = index.avgFieldLength[prop] || 1
    for (const token of tokens) {
      const postings = findExact(tree.node as unknown as RadixNodeLike, token)
      if (!postings) continue
      const df = occurrences[token] ?? postings.size
      const idf = Math.log(1 + (docsCount - df + 0.5) / (df + 0.5))
      for (const id of postings) {
        const tf = frequencies[id]?.[token] ?? 0
        if (tf === 0) continue
        const norm = 1 - params.b + (params.b * (lengths[id] ?? averageLength)) / averageLength
        const score = (weight * idf * tf * (params.k + 1)) / (tf + params.k * norm)
        scores.set(id, (scores.get(id) ?? 0) + score)
      }
    }
  }
  return scores
}

/** The documents holding exactly `term` in a radix tree, without visiting the subtree of longer words. */
export function findExact(root: RadixNodeLike, term: string): Set<number> | undefined {
  let node = root
  let i = 0
  while (i < term.length) {
    const child = node.c.get(term[i] as string)
    if (!child || !term.startsWith(child.s, i)) return undefined
    node = child
    i += child.s.length
  }
  return node.e && node.w === term ? node.d : undefined
}

function unique(tokens: readonly string[]): string[] {
  return [...new Set(tokens)]
}
