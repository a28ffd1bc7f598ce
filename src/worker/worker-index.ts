import { INDEX_FORMAT, type IndexBundle } from '../search/build-index.ts'
import { createSearcher, type RankingOptions } from '../search/searcher.ts'
import { createTokenizer, type SearchTokenizer, type Segmenter } from '../search/tokenizer.ts'
import type { Searcher } from '../search/types.ts'
import { createMixSegmenter, type SegmentationModel } from './mix-segmenter.ts'

/** Identifies the layout of the Worker's index artefact (build/worker/index.txt). */
export const WORKER_INDEX_FORMAT = 'xiangwen-worker-index/1'

/** What the Worker bundles: the index bundle plus what its query tokenizer needs besides the bundle. */
export interface WorkerIndex {
  format: typeof WORKER_INDEX_FORMAT
  bundle: IndexBundle
  /** The stopwords the index was built with (queries drop them the same way). */
  stopwords: string[]
  /** What the Worker's query segmenter needs of jieba (the bundle's own vocabulary is left empty). */
  segmentation: SegmentationModel
}

/** An index artefact that cannot be used, with what to do about it. */
export class WorkerIndexError extends Error {
  override name = 'WorkerIndexError'
}

/** Parses the Worker's index artefact; throws WorkerIndexError saying how to rebuild it. */
export function parseWorkerIndex(text: string, source = 'build/worker/index.txt'): WorkerIndex {
  let value: unknown
  try {
    value = JSON.parse(text, reviveArrays)
  } catch (cause) {
    throw new WorkerIndexError(`${source} is not JSON; run \`npm run build:worker\` to rebuild it`, { cause })
  }
  const index = value as Partial<WorkerIndex> | null
  if (index?.format !== WORKER_INDEX_FORMAT) {
    throw new WorkerIndexError(
      `${source}: format "${String(index?.format)}", expected "${WORKER_INDEX_FORMAT}"; run \`npm run build:worker\``,
    )
  }
  if (index.bundle?.format !== INDEX_FORMAT || !Array.isArray(index.stopwords)) {
    throw new WorkerIndexError(
      `${source}: the index inside has format "${String(index.bundle?.format)}", expected "${INDEX_FORMAT}"; run \`npm run build:worker\``,
    )
  }
  if (!index.segmentation?.hmm || Object.keys(index.segmentation.words ?? {}).length === 0) {
    throw new WorkerIndexError(
      `${source}: no segmentation model, so queries cannot be cut as jieba does; run \`npm run build:worker\``,
    )
  }
  return index as WorkerIndex
}

/** The Worker's index artefact as text: JSON, with the postings' typed arrays as base64 (`{"u32": "..."}`). */
export function stringifyWorkerIndex(index: WorkerIndex): string {
  return JSON.stringify(index, (_key, value: unknown) =>
    value instanceof Uint32Array ? { u32: toBase64(value) } : value,
  )
}

function reviveArrays(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { u32 } = value as { u32?: unknown }
    if (typeof u32 === 'string' && Object.keys(value).length === 1) return fromBase64(u32)
  }
  return value
}

// Both Node and workerd are little-endian, so the arrays' bytes are written and read as they lie in memory.
function toBase64(array: Uint32Array): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength)
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

function fromBase64(text: string): Uint32Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new Uint32Array(bytes.buffer)
}

/**
 * The Worker's query tokenizer: the shared tokenizer over a jieba-free segmenter (by default the port of
 * nodejieba's cut over the index's dictionary words, chosen by measurement: see scripts/parity.ts).
 */
export function createWorkerTokenizer(index: WorkerIndex, segment?: Segmenter): SearchTokenizer {
  return createTokenizer({
    segment: segment ?? createMixSegmenter(index.segmentation),
    stopwords: index.stopwords,
  })
}

/** The Worker's searcher: the same createSearcher as Node, with the Worker's query tokenizer. */
export function createWorkerSearcher(
  index: WorkerIndex,
  options: { segment?: Segmenter; ranking?: Partial<RankingOptions> } = {},
): Searcher {
  return createSearcher(index.bundle, createWorkerTokenizer(index, options.segment), options.ranking)
}
