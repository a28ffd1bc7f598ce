import { appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { MissSink } from './miss-log.ts'

/** A sink that appends each miss as one JSON line; a write error is reported once, never thrown at a user. */
export function createMissFile(path: string, onError: (message: string) => void): MissSink {
  let chain: Promise<void> = mkdir(dirname(path), { recursive: true }).then(() => undefined)
  let reported = false
  return (miss) => {
    chain = chain
      .then(() => appendFile(path, `${JSON.stringify({ q: miss.q, at: miss.at })}\n`))
      .catch((error: unknown) => {
        if (reported) return
        reported = true
        onError(
          `cannot write the misses log ${path}: ${error instanceof Error ? error.message : String(error)}`,
        )
      })
  }
}
