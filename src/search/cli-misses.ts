import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { loadDotEnvFile } from '../config.ts'
import { parseSince, summarizeMisses } from './miss-log.ts'

const USAGE = 'usage: npm run -s cli -- misses [--since 7d|24h|2025-11-01] [--limit 20] [--log FILE] [--json]'

/** `misses`: the questions nobody could answer, most asked first (from the opt-in MISSES_LOG file). */
export async function runMisses(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      since: { type: 'string' },
      limit: { type: 'string', default: '20' },
      log: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  loadDotEnvFile()
  const path = values.log ?? process.env.MISSES_LOG
  if (!path) {
    process.stderr.write(
      `error: no misses log: set MISSES_LOG=path in .env (then npm start records unanswered questions) or pass --log FILE\n${USAGE}\n`,
    )
    return 1
  }
  const since = values.since === undefined ? undefined : parseSince(values.since)
  if (values.since !== undefined && !since) {
    process.stderr.write(
      `error: --since ${values.since}: expected 7d, 24h, 30m or a date such as 2025-11-01\n`,
    )
    return 1
  }
  const limit = Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write(`error: --limit ${values.limit}: expected a whole number of at least 1\n`)
    return 1
  }
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    text = ''
  }
  const { summary, skipped } = summarizeMisses(text, since)
  const shown = summary.slice(0, limit)
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ total: summary.length, questions: shown })}\n`)
  } else if (shown.length === 0) {
    process.stdout.write(
      `No unanswered questions${values.since ? ` since ${values.since}` : ''} in ${path}.\n`,
    )
  } else {
    const width = String(shown[0]!.count).length
    for (const entry of shown) {
      process.stdout.write(
        `${String(entry.count).padStart(width)}  ${entry.last.slice(0, 16).replace('T', ' ')}  ${entry.question}\n`,
      )
    }
    if (summary.length > shown.length)
      process.stdout.write(`… ${summary.length - shown.length} more (--limit)\n`)
  }
  if (skipped > 0) process.stderr.write(`warning: ${path}: ${skipped} unreadable line(s) skipped\n`)
  return 0
}
