// The worker thread of build-helper.ts: near-duplicates first, then the English lexicon, each batch of texts
// scanned as it comes (none is kept).
import { parentPort, workerData } from 'node:worker_threads'
import type { Article } from '../corpus/types.ts'
import type { HelperInput, HelperReply, HelperRequest } from './build-helper.ts'
import { nearDuplicatesOf } from './build-index.ts'
import { createLexiconScan, type LexiconScan } from './english/build-lexicon.ts'
import { loadCedictEntries } from './english/cedict-entries.ts'

const port = parentPort
if (!port) throw new Error('build-helper-worker.ts runs only as a worker thread')
const input = workerData as HelperInput
const send = (reply: HelperReply) => port.postMessage(reply)
const fail = (error: unknown) =>
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })

let scan: LexiconScan | undefined
const waiting: HelperRequest[] = []

function handle(request: HelperRequest): void {
  if (!scan) {
    waiting.push(request)
    return
  }
  if (request.type === 'texts') {
    scan.scan(request.texts)
    scan.names(request.names)
    return
  }
  send({ type: 'lexicon', ...scan.finish() })
  port?.close()
}

// Messages wait in the port while the near-duplicate search runs, then here until CC-CEDICT is read.
port.on('message', (request: HelperRequest) => {
  try {
    handle(request)
  } catch (error) {
    fail(error)
  }
})

async function run(): Promise<void> {
  // CC-CEDICT loads in a thread of its own meanwhile.
  const cedict = input.english ? loadCedictEntries() : undefined
  cedict?.catch(() => undefined)
  send({ type: 'near', nearDuplicates: input.articles ? nearDuplicatesOf(input.articles as Article[]) : {} })
  // The paragraphs were only for that: let them go.
  delete input.articles
  if (!input.english || !cedict) return
  const { glossary, names, earlier } = input.english
  scan = createLexiconScan({
    cedict: await cedict,
    glossary,
    userWords: names,
    ...(earlier ? { earlier } : {}),
  })
  for (const request of waiting.splice(0)) handle(request)
}

run().catch(fail)
