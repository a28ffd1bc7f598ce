import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Article } from '../corpus/types.ts'
import type { IndexBundle } from '../search/build-index.ts'
import {
  buildBundle,
  createNodeTokenizer,
  type NodeTokenizer,
  type SearchPaths,
  writeIndex,
} from '../search/open-searcher.ts'
import { buildSegmentationModel } from './build-segmentation-model.ts'
import { stringifyWorkerIndex, WORKER_INDEX_FORMAT, type WorkerIndex } from './worker-index.ts'

/** Where the Worker imports its index from (src/worker.ts). */
export const WORKER_INDEX_PATH = 'build/worker/index.txt'

/** Node only: the Worker's index for a bundle built with the Node tokenizer (jieba). */
export async function toWorkerIndex(bundle: IndexBundle, node: NodeTokenizer): Promise<WorkerIndex> {
  const normalize = node.tokenizer.normalize
  const texts = bundle.articles.flatMap((article) =>
    [article.kicker, article.title, article.subtitle, ...article.paragraphs].flatMap((text) =>
      text ? [normalize(text)] : [],
    ),
  )
  const stopwords = node.stopwords.map(normalize)
  const segmentation = await buildSegmentationModel({
    userDictPath: node.userDictPath,
    texts,
    extraWords: stopwords,
    wordsContaining: stopwords,
  })
  return {
    format: WORKER_INDEX_FORMAT,
    // The Worker cuts queries with `segmentation`, and never appends: vocabulary and lexicon evidence would only add weight.
    bundle: withoutNodeParts(bundle),
    stopwords: node.stopwords,
    segmentation,
  }
}

function withoutNodeParts({ vocabulary: _, englishEvidence: __, ...bundle }: IndexBundle): IndexBundle {
  return bundle
}

/** Node only: builds the Worker's index of some articles in memory. */
export async function buildWorkerIndex(
  articles: readonly Article[],
  node?: NodeTokenizer,
): Promise<WorkerIndex> {
  const tokenizer = node ?? (await createNodeTokenizer())
  return toWorkerIndex(await buildBundle(articles, tokenizer), tokenizer)
}

/**
 * Node only (`npm run build:worker`): builds the corpus index (also writing build/index for Node)
 * and writes the Worker's artefact atomically; returns it.
 */
export async function writeWorkerIndex(
  paths: SearchPaths & { workerIndexPath?: string } = {},
): Promise<WorkerIndex> {
  const node = await createNodeTokenizer(paths.dictDir)
  const index = await toWorkerIndex(await writeIndex(paths, node), node)
  const path = paths.workerIndexPath ?? WORKER_INDEX_PATH
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`
  await writeFile(temporary, stringifyWorkerIndex(index))
  await rename(temporary, path)
  return index
}
