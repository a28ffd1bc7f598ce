/** `npm run build:worker`: builds the index (build/index) and the Worker's artefact (build/worker/index.txt). */

import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { WORKER_INDEX_PATH, writeWorkerIndex } from '../src/worker/write-worker-index.ts'

const started = performance.now()
try {
  const index = await writeWorkerIndex()
  const bytes = await readFile(WORKER_INDEX_PATH)
  const paragraphs = index.bundle.articles.reduce((sum, article) => sum + article.paragraphs.length, 0)
  const megabytes = (n: number) => (n / 1024 / 1024).toFixed(2)
  // Issue 12: the slice of CC-CEDICT (and the corpus names) the Worker ships for English questions.
  const english = Buffer.from(JSON.stringify(index.bundle.english ?? {}))
  console.log(
    `English lexicon: ${Object.keys(index.bundle.english?.exact ?? {}).length} exact and ${Object.keys(index.bundle.english?.phrases ?? {}).length} stemmed English keys, ${Object.keys(index.bundle.english?.names ?? {}).length} pinyin names (${megabytes(english.length)} MB, ${megabytes(gzipSync(english).length)} MB gzipped)`,
  )
  console.log(
    `Worker index: ${index.bundle.articles.length} articles, ${paragraphs} paragraphs, ${Object.keys(index.segmentation.words).length} dictionary words -> ${WORKER_INDEX_PATH} (${megabytes(bytes.length)} MB, ${megabytes(gzipSync(bytes).length)} MB gzipped) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
} catch (error) {
  console.error(`build:worker: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
