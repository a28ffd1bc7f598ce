// Notices changes to the corpus (article files, dictionaries) and asks for one reload once they settle.

import { type FSWatcher, watch } from 'node:fs'
import { isChangePending } from '../corpus/ingest-journal.ts'

export interface WatchOptions {
  articlesDir: string
  dictDir: string
  onChange: () => void
  /** Quiet time after the last change before reloading (default 300 ms). */
  settleMs?: number
}

/** Watches the corpus folders; calls onChange once per burst of changes, never while an ingest is being applied. */
export function watchCorpus(options: WatchOptions): { close(): void } {
  const settle = options.settleMs ?? 300
  let timer: NodeJS.Timeout | undefined
  const fire = () => {
    // An ingest is moving files into place: wait until it is done, so the index never sees half a batch.
    if (isChangePending(options)) {
      timer = setTimeout(fire, settle)
      return
    }
    timer = undefined
    options.onChange()
  }
  const changed = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(fire, settle)
  }
  const watchers: FSWatcher[] = []
  for (const dir of [options.articlesDir, options.dictDir]) {
    try {
      watchers.push(watch(dir, changed))
    } catch {
      // A missing dictionary folder is not watched; SIGHUP still reloads.
    }
  }
  return {
    close() {
      if (timer) clearTimeout(timer)
      for (const watcher of watchers) watcher.close()
    },
  }
}
