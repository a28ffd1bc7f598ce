/**
 * The index build's second thread (Node only). While the main thread normalizes, tags and indexes the
 * paragraphs, a worker finds the near-duplicate paragraphs and loads CC-CEDICT; once the main thread has sent
 * every normalized text and name, the worker builds the English lexicon. Its memory (CC-CEDICT alone is some
 * 370 MB of heap) goes with it when the build ends. The results are those of the one-thread build, which small
 * corpora still use (a worker costs about a second to start).
 */
import type { Worker } from 'node:worker_threads'
import type { EnglishLexicon, LexiconEvidence } from './english/lexicon.ts'
import { startTsWorker } from './ts-worker.ts'

/** What the worker is given when it starts. */
export interface HelperInput {
  /** Each article's id and paragraphs (for the near-duplicate search); none when it is not wanted. */
  articles?: { id: string; paragraphs: string[] }[]
  /** Build the English lexicon from the texts and names sent. */
  english?: {
    glossary: string
    /** The user dictionary's words, normalized. */
    names: string[]
    earlier?: LexiconEvidence
  }
}

/** Messages to the worker. */
export type HelperRequest = { type: 'texts'; texts: string[]; names: string[] } | { type: 'end' }

/** Messages from the worker. */
export type HelperReply =
  | { type: 'near'; nearDuplicates: Record<string, string[]> }
  | { type: 'lexicon'; lexicon: EnglishLexicon; evidence: LexiconEvidence }
  | { type: 'failed'; message: string }

export interface BuildHelper {
  /** Sends normalized texts and the names tagged in them, in corpus order. */
  send(texts: string[], names: string[]): void
  /** The near-duplicate links, by paragraph id. */
  nearDuplicates(): Promise<Record<string, string[]>>
  /** The English lexicon; call once every text has been sent. */
  lexicon(): Promise<{ lexicon: EnglishLexicon; evidence: LexiconEvidence }>
  /** Stops the worker (also after a failure). */
  close(): Promise<void>
}

const HELPER_URL = new URL('./build-helper-worker.ts', import.meta.url)

export function startBuildHelper(input: HelperInput): BuildHelper {
  const worker: Worker = startTsWorker(HELPER_URL, input)
  const waiting = new Map<
    'near' | 'lexicon',
    { resolve: (reply: HelperReply) => void; reject: (e: Error) => void }
  >()
  const arrived = new Map<'near' | 'lexicon', HelperReply>()
  let failure: Error | undefined
  const fail = (error: Error) => {
    failure ??= error
    for (const { reject } of waiting.values()) reject(failure)
    waiting.clear()
  }
  worker.on('message', (reply: HelperReply) => {
    if (reply.type === 'failed') return fail(new Error(`index build helper: ${reply.message}`))
    const waiter = waiting.get(reply.type)
    if (waiter) {
      waiting.delete(reply.type)
      waiter.resolve(reply)
    } else arrived.set(reply.type, reply)
  })
  worker.on('error', (error) => fail(error))
  worker.on('exit', (code) => fail(new Error(`index build helper stopped (exit code ${code})`)))
  const next = (type: 'near' | 'lexicon') =>
    new Promise<HelperReply>((resolve, reject) => {
      const reply = arrived.get(type)
      if (reply) return resolve(reply)
      if (failure) return reject(failure)
      waiting.set(type, { resolve, reject })
    })
  return {
    send: (texts, names) => worker.postMessage({ type: 'texts', texts, names } satisfies HelperRequest),
    nearDuplicates: async () => {
      const reply = await next('near')
      return reply.type === 'near' ? reply.nearDuplicates : {}
    },
    lexicon: async () => {
      worker.postMessage({ type: 'end' } satisfies HelperRequest)
      const reply = await next('lexicon')
      if (reply.type !== 'lexicon') throw new Error('index build helper: no lexicon')
      return { lexicon: reply.lexicon, evidence: reply.evidence }
    },
    close: async () => {
      worker.removeAllListeners('exit')
      await worker.terminate()
    },
  }
}
