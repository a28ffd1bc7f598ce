// The searcher `npm start` serves: the index lives in a worker thread, and a reload builds a new one in a
// new worker while the old one keeps answering. The swap is one assignment; questions already sent to the
// old worker are answered by it, and it is stopped once the last of them is done. A reload that fails (a
// broken article file) leaves the old index serving and reports the file and line.

import type { Worker } from 'node:worker_threads'
import type { Article } from '../corpus/types.ts'
import type { WorkerReply } from './index-worker.ts'
import type { SearchPaths } from './open-searcher.ts'
import { contextOf } from './searcher.ts'
import { startTsWorker } from './ts-worker.ts'
import type { Answer, AnswerOptions, CorpusStats, PassageContext, Searcher } from './types.ts'

/** What is being served: the corpus version and when its index was swapped in. */
export interface IndexStatus {
  version: string
  loadedAt: string
}

/** A searcher whose index can be rebuilt and swapped while it serves. */
export interface LiveSearcher {
  /** Always answers from the newest index that loaded. */
  searcher: Searcher
  /** Builds a new index in the background and swaps it in; false (old index kept) when it fails. */
  reload(): Promise<boolean>
  status(): IndexStatus
  close(): Promise<void>
}

export interface LiveSearcherOptions extends SearchPaths {
  /** Called when a worker rebuilds build/index, with the reason. */
  onRebuild?: (reason: string) => void
  /** Called after each successful swap. */
  onSwap?: (status: IndexStatus & { articles: number; paragraphs: number; ms: number }) => void
  /** Called once, when the first spare worker is warm: from then on a reload takes only the index build. */
  onReloadReady?: () => void
  /** Called when a reload fails and the old index stays. */
  onReloadError?: (message: string) => void
  /** Called when the index of the last good corpus is served because an article file is broken. */
  onWarning?: (message: string) => void
}

interface Generation {
  worker: Worker
  stats: CorpusStats
  articles: Map<string, Article>
  loadedAt: string
  pending: Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>
  retired: boolean
}

const WORKER_URL = new URL('./index-worker.ts', import.meta.url)

/** Starts the first index worker and resolves once it answers; rejects with the reason when it cannot load. */
export async function createLiveSearcher(options: LiveSearcherOptions = {}): Promise<LiveSearcher> {
  const paths: SearchPaths = {}
  if (options.corpusDir) paths.corpusDir = options.corpusDir
  if (options.indexPath) paths.indexPath = options.indexPath
  if (options.dictDir) paths.dictDir = options.dictDir
  let current = await startGeneration(paths, options)
  let standby = spawnStandby(paths)
  standby.ready.then(
    () => options.onReloadReady?.(),
    () => undefined,
  )
  let nextId = 0
  let reloading: Promise<boolean> | undefined
  let again = false

  const retire = (generation: Generation) => {
    generation.retired = true
    if (generation.pending.size === 0) void generation.worker.terminate()
  }

  const searcher: Searcher = {
    answer(question: string, answerOptions?: AnswerOptions): Promise<Answer> {
      const generation = current
      const id = nextId++
      return new Promise<Answer>((resolve, reject) => {
        generation.pending.set(id, { resolve, reject })
        generation.worker.postMessage({ type: 'answer', id, question, options: answerOptions })
      })
    },
    context(articleId: string, paragraph: number, radius = 1): PassageContext | undefined {
      const article = current.articles.get(articleId)
      return article ? contextOf(article, paragraph, radius) : undefined
    },
    article: (id: string) => current.articles.get(id),
    stats: () => current.stats,
  }

  const reloadOnce = async (): Promise<boolean> => {
    const started = performance.now()
    try {
      const spare = standby
      let next: Generation
      try {
        // A broken article file makes the worker serve the last good index with a warning: for a reload
        // that is a failure (the current index already serves it), named with the file.
        let warning: string | undefined
        next = await startGeneration(paths, { ...options, onWarning: (text) => (warning ??= text) }, spare)
        if (warning !== undefined) {
          void next.worker.terminate()
          throw new Error(warning)
        }
      } finally {
        // The next reload starts from a warm worker too.
        standby = spawnStandby(paths)
      }
      const old = current
      current = next
      retire(old)
      options.onSwap?.({
        version: next.stats.version,
        loadedAt: next.loadedAt,
        articles: next.stats.articles,
        paragraphs: next.stats.paragraphs,
        ms: Math.round(performance.now() - started),
      })
      return true
    } catch (error) {
      options.onReloadError?.(error instanceof Error ? error.message : String(error))
      return false
    }
  }

  const reload = (): Promise<boolean> => {
    if (reloading) {
      // A change arrived while building: build once more when this one ends.
      again = true
      return reloading
    }
    reloading = (async () => {
      let result = await reloadOnce()
      while (again) {
        again = false
        result = await reloadOnce()
      }
      reloading = undefined
      return result
    })()
    return reloading
  }

  return {
    searcher,
    reload,
    status: () => ({ version: current.stats.version, loadedAt: current.loadedAt }),
    close: async () => {
      await reloading
      await Promise.all([current.worker.terminate(), standby.worker.terminate()])
    },
  }
}

/** A worker started ahead of need, its modules and dictionaries loaded, waiting for `load`. */
interface Standby {
  worker: Worker
  ready: Promise<void>
}

function spawnStandby(paths: SearchPaths): Standby {
  const worker = startTsWorker(WORKER_URL, paths)
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (reply: WorkerReply) => {
      if (reply.type === 'standby') {
        worker.off('message', onMessage)
        resolve()
      } else if (reply.type === 'failed') {
        reject(new Error(reply.message))
      }
    }
    worker.on('message', onMessage)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the index worker stopped (exit code ${code})`)))
  })
  // A standby nobody uses must not crash the process with an unhandled rejection.
  ready.catch(() => undefined)
  return { worker, ready }
}

/** Loads an index in a standby worker (a fresh one when none is given or it cannot be used). */
async function startGeneration(
  paths: SearchPaths,
  options: LiveSearcherOptions,
  standby: Standby = spawnStandby(paths),
): Promise<Generation> {
  try {
    await standby.ready
  } catch {
    await standby.worker.terminate()
    standby = spawnStandby(paths)
    await standby.ready
  }
  try {
    return await loadGeneration(standby.worker, options)
  } catch (error) {
    if (!(error instanceof StaleStandby)) throw error
    const fresh = spawnStandby(paths)
    await fresh.ready
    return loadGeneration(fresh.worker, options)
  }
}

class StaleStandby extends Error {}

function loadGeneration(worker: Worker, options: LiveSearcherOptions): Promise<Generation> {
  return new Promise((resolve, reject) => {
    let generation: Generation | undefined
    worker.on('message', (reply: WorkerReply) => {
      switch (reply.type) {
        case 'rebuilding':
          options.onRebuild?.(reply.reason)
          return
        case 'warning':
          options.onWarning?.(reply.message)
          return
        case 'stale':
          void worker.terminate()
          reject(new StaleStandby('the dictionaries changed'))
          return
        case 'failed':
          void worker.terminate()
          reject(new Error(reply.message))
          return
        case 'ready': {
          const articles = reply.articles as Article[]
          generation = {
            worker,
            stats: reply.stats,
            articles: new Map(articles.map((article) => [article.id, article])),
            loadedAt: new Date().toISOString(),
            pending: new Map(),
            retired: false,
          }
          resolve(generation)
          return
        }
        case 'standby':
          return
        default: {
          const waiting = generation?.pending.get(reply.id)
          if (!generation || !waiting) return
          generation.pending.delete(reply.id)
          if (reply.type === 'answer') waiting.resolve(reply.answer as Answer)
          else waiting.reject(new Error(reply.message))
          if (generation.retired && generation.pending.size === 0) void worker.terminate()
        }
      }
    })
    worker.on('error', (error) => {
      reject(error)
      for (const waiting of generation?.pending.values() ?? []) waiting.reject(error)
      generation?.pending.clear()
    })
    worker.on('exit', (code) => {
      reject(new Error(`the index worker stopped (exit code ${code}) before it was ready`))
      if (generation && generation.pending.size > 0) {
        for (const waiting of generation.pending.values())
          waiting.reject(new Error('the index worker stopped'))
        generation.pending.clear()
      }
    })
    worker.postMessage({ type: 'load' })
  })
}
