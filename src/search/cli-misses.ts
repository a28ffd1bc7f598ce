import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { loadDotEnvFile, redisUrlSchema } from '../config.ts'
import { parseSince, summarizeMisses } from './miss-log.ts'

const USAGE = 'usage: npm run -s cli -- misses [--since 7d|24h|2025-11-01] [--limit 20] [--log FILE] [--json]'

/** Every miss the replicas wrote to Redis, as JSON lines; an unreachable Redis is an error with a clear message. */
async function readRedisMisses(url: string): Promise<string> {
  // Loaded only when asked: reading a misses file needs no Redis client.
  const { connectRedisSharedState } = await import('../shared/redis-shared-state.ts')
  const state = await connectRedisSharedState({ url, onOutage: () => {}, onRecovered: () => {} })
  try {
    return await state.readMisses()
  } finally {
    await state.close()
  }
}

/**
 * `misses`: the questions nobody could answer, most asked first (from the opt-in MISSES_LOG file, or from
 * Redis when REDIS_URL is set: where the replicas write them).
 */
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
  const redisUrl = values.log ? undefined : process.env.REDIS_URL?.trim() || undefined
  if (redisUrl !== undefined && !redisUrlSchema.safeParse(redisUrl).success) {
    process.stderr.write(
      'error: REDIS_URL: expected a Redis URL like redis://127.0.0.1:6379 (unset it, or pass --log FILE, to read a file)\n',
    )
    return 1
  }
  const path = values.log ?? (redisUrl ? 'Redis (REDIS_URL)' : process.env.MISSES_LOG)
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
  let text = ''
  if (redisUrl) {
    try {
      text = await readRedisMisses(redisUrl)
    } catch (error) {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`)
      return 1
    }
  } else {
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
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
