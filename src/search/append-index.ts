/**
 * Daily ingest without a rebuild: the articles a corpus gained become one new segment of the index, and
 * the statistics stay exact (they are summed over segments when a question is asked), so the appended
 * index answers as a full rebuild of the same corpus would. Small segments are merged from their postings
 * (no text is segmented again) once there are too many.
 */

import type { Article } from '../corpus/types.ts'
import { articleHash, INDEX_FORMAT, type IndexBundle } from './build-index.ts'
import { NEAR_DUPLICATE_SIMILARITY, type PreparedPassage, passagesRepeat, preparePassage } from './dedupe.ts'
import { addLinks, listSegments, writeAppended } from './index-store.ts'
import { buildBundle, dictionaryHash, type NodeTokenizer } from './open-searcher.ts'
import { paragraphId } from './paragraph-db.ts'
import { createPostingsReader, mergeSegments, type SegmentPostings } from './postings.ts'
import type { SegmentContent } from './segment-file.ts'

/** Segments beyond which the smaller ones are merged into one. */
export const MAX_SEGMENTS = 8

/**
 * The articles of `corpus` an index lacks, when that is the only difference (the same dictionaries, every
 * indexed article still there unchanged); undefined when the index must be rebuilt instead.
 */
export function addedArticles(
  bundle: IndexBundle,
  corpus: readonly Article[],
  node: NodeTokenizer,
): Article[] | undefined {
  if (bundle.format !== INDEX_FORMAT || !bundle.articleHashes) return undefined
  if (bundle.dictionaryHash !== dictionaryHash(node)) return undefined
  // An English lexicon grows only from what it was built from.
  if (bundle.english && !bundle.englishEvidence) return undefined
  const known = bundle.articleHashes
  let kept = 0
  const added: Article[] = []
  for (const article of corpus) {
    const hash = Object.hasOwn(known, article.id) ? known[article.id] : undefined
    if (hash === undefined) added.push(article)
    else if (hash !== articleHash(article)) return undefined
    else kept++
  }
  if (kept !== bundle.articles.length || added.length === 0) return undefined
  return added
}

export interface AppendOptions {
  node: NodeTokenizer
  /** The version (hashCorpus) of the whole corpus after the change. */
  version: string
  now?: () => Date
}

/** Appends `added` to the index at `indexPath` (holding `bundle`) as a new segment; returns the new bundle. */
export async function appendArticles(
  indexPath: string,
  bundle: IndexBundle,
  added: readonly Article[],
  options: AppendOptions,
): Promise<IndexBundle> {
  // The English lexicon grows from what the indexed articles' one found: only the new articles are read.
  const earlier = bundle.englishEvidence
  const part = await buildBundle(added, options.node, {
    english: bundle.english !== undefined,
    ...(earlier ? { earlier } : {}),
  })
  const links: Record<string, string[]> = {}
  addLinks(links, part.nearDuplicates)
  addLinks(links, crossDuplicates(bundle, added, options.node))
  const nearDuplicates: Record<string, string[]> = {}
  addLinks(nearDuplicates, bundle.nearDuplicates)
  addLinks(nearDuplicates, links)
  const segment: SegmentContent = {
    articles: [...added],
    ...(part.annotations ? { annotations: part.annotations } : {}),
    nearDuplicates: links,
    postings: part.postings[0] as SegmentPostings,
  }
  const next: IndexBundle = {
    ...bundle,
    version: options.version,
    builtAt: (options.now?.() ?? new Date()).toISOString(),
    articles: [...bundle.articles, ...added],
    postings: [...bundle.postings, segment.postings],
    ...(bundle.annotations || part.annotations
      ? { annotations: { ...bundle.annotations, ...part.annotations } }
      : {}),
    nearDuplicates,
    ...(part.english ? { english: part.english } : {}),
    ...(part.englishEvidence ? { englishEvidence: part.englishEvidence } : {}),
    articleHashes: { ...bundle.articleHashes, ...part.articleHashes },
    ...(bundle.patches ? { patches: { ...bundle.patches, ...part.patches } } : {}),
    appended: true,
  }
  const entries = await writeAppended(indexPath, next, await listSegments(indexPath), [segment])
  if (entries.length <= MAX_SEGMENTS) return next
  return mergeSmallSegments(indexPath, next)
}

/**
 * Merges every segment but the largest into one, from their postings, and writes the index again (only
 * the merged segment is a new file).
 */
export async function mergeSmallSegments(indexPath: string, bundle: IndexBundle): Promise<IndexBundle> {
  const entries = await listSegments(indexPath)
  const sizes = bundle.postings.map((postings) => postings.text.lengths.length)
  const largest = sizes.indexOf(Math.max(...sizes))
  // Segments keep their order; only a run after the largest merges, so article order is unchanged.
  const from = largest + 1
  if (bundle.postings.length - from < 2) return bundle
  let firstArticle = 0
  for (let s = 0; s < from; s++)
    firstArticle += (bundle.postings[s] as SegmentPostings).articleStarts.length - 1
  const articles = bundle.articles.slice(firstArticle)
  const merged: SegmentContent = {
    articles,
    ...(bundle.annotations ? { annotations: pickAnnotations(bundle.annotations, articles) } : {}),
    nearDuplicates: linksOf(bundle.nearDuplicates, articles),
    postings: mergeSegments(bundle.postings.slice(from)),
  }
  const next = { ...bundle, postings: [...bundle.postings.slice(0, from), merged.postings] }
  await writeAppended(indexPath, next, entries.slice(0, from), [merged])
  return next
}

function pickAnnotations(annotations: Record<string, string[]>, articles: readonly Article[]) {
  const picked: Record<string, string[]> = {}
  for (const article of articles) {
    const words = annotations[article.id]
    if (words) picked[article.id] = words
  }
  return picked
}

/** The links (both directions) that touch the paragraphs of some articles. */
function linksOf(table: Record<string, string[]>, articles: readonly Article[]): Record<string, string[]> {
  const links: Record<string, string[]> = {}
  for (const article of articles) {
    article.paragraphs.forEach((_, paragraph) => {
      const id = paragraphId(article.id, paragraph)
      const others = table[id]
      if (!others) return
      addLinks(links, { [id]: others })
      for (const other of others) addLinks(links, { [other]: [id] })
    })
  }
  return links
}

/**
 * Near-duplicate links between the new paragraphs and the indexed ones. Candidates are the indexed
 * paragraphs sharing one of the new paragraph's rarest character bigrams (the prefix filter of
 * findNearDuplicates, over the index's own bigram postings); each is then tested as a full build tests it.
 */
function crossDuplicates(
  bundle: IndexBundle,
  added: readonly Article[],
  node: NodeTokenizer,
): Record<string, string[]> {
  const reader = createPostingsReader(bundle.postings)
  const firstParagraph: number[] = []
  let paragraphs = 0
  for (const article of bundle.articles) {
    firstParagraph.push(paragraphs)
    paragraphs += article.paragraphs.length
  }
  const prepared = new Map<number, PreparedPassage>()
  const old = (ordinal: number) => {
    let passage = prepared.get(ordinal)
    if (!passage) {
      const a = reader.articleOf[ordinal] as number
      const article = bundle.articles[a] as Article
      passage = preparePassage(article.paragraphs[ordinal - (firstParagraph[a] as number)] as string)
      prepared.set(ordinal, passage)
    }
    return passage
  }
  const idOf = (ordinal: number) => {
    const a = reader.articleOf[ordinal] as number
    return paragraphId((bundle.articles[a] as Article).id, ordinal - (firstParagraph[a] as number))
  }
  const minShare = NEAR_DUPLICATE_SIMILARITY / (2 - NEAR_DUPLICATE_SIMILARITY)
  const links: Record<string, string[]> = {}
  for (const article of added) {
    article.paragraphs.forEach((text, paragraph) => {
      const passage = preparePassage(text)
      const bigrams = [
        ...new Set(
          node.tokenizer
            .analyze(text)
            .filter((term) => term.kind === 'bigram')
            .map((term) => term.token),
        ),
      ]
      const rarest = bigrams
        .map((bigram) => ({ bigram, df: reader.documentFrequency(bigram) }))
        .filter(({ df }) => df > 0)
        .sort((a, b) => a.df - b.df)
      const prefix = bigrams.length - Math.ceil(minShare * bigrams.length) + 1
      const candidates = new Set<number>()
      for (const { bigram } of rarest.slice(0, Math.max(1, prefix))) {
        for (const ordinal of reader.paragraphsWith(bigram, 'text') ?? []) candidates.add(ordinal)
      }
      const id = paragraphId(article.id, paragraph)
      for (const ordinal of candidates) {
        if (!passagesRepeat(passage, old(ordinal))) continue
        const other = idOf(ordinal)
        addLinks(links, { [id]: [other], [other]: [id] })
      }
    })
  }
  return links
}
