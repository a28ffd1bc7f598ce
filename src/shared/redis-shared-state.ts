// The replicas' shared state in Redis (ioredis, the client @grammyjs/ratelimiter names). Node only: the
// Worker never imports this file, so the client stays out of its bundle.
//
// Every counter is one atomic Lua script (no read-modify-write across replicas, no key left without its
// expiry), and every time is Redis's own clock (TIME), so replicas whose clocks differ count alike.
// When Redis is lost while serving: rate limits fail open (a user is never refused because Redis is down),
// update claims throw (the caller keeps dedupe safe), misses are held in memory and written once Redis is back.

import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import {
  type SharedMiss,
  type SharedState,
  SharedStateUnavailableError,
  type TokenTake,
  type WindowCounters,
} from './shared-state.ts'

/** Every key this app writes starts with it. */
export const REDIS_KEY_PREFIX = 'xiangwen:'
/** The list holding the unanswered questions (JSON lines, oldest first). */
export const MISSES_KEY = `${REDIS_KEY_PREFIX}misses`
/** Misses held in memory while Redis is down; beyond it the oldest are counted as lost and said so. */
const MAX_HELD_MISSES = 10_000

const NOW_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`

/** INCR, and the window's expiry on the first hit, in one step. */
const FIXED_WINDOW = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`

/** A sorted set of hit times: drop those out of the window, add this one, keep the newest cap. */
const SLIDING_WINDOW = `${NOW_MS}
local window = tonumber(ARGV[1]) local cap = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, ARGV[3])
local n = redis.call('ZCARD', KEYS[1])
if n > cap then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - cap - 1) n = cap end
redis.call('PEXPIRE', KEYS[1], window)
return n`

/** A token bucket of ARGV[1] tokens refilled at ARGV[2] a millisecond; returns {allowed, tokens left}. */
const TOKEN_BUCKET = `${NOW_MS}
local capacity = tonumber(ARGV[1]) local refill = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * refill)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1 allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / refill) + 1000)
return {allowed, tostring(tokens)}`

export interface RedisSharedStateOptions {
  /** redis://[user:password@]host[:port][/db] or rediss://… (already validated by the config schema). */
  url: string
  /** Told once per outage, when Redis is lost while serving. */
  onOutage: (message: string) => void
  /** Told when Redis is back after an outage. */
  onRecovered: (message: string) => void
  /** Connection and command timeout (default 2 s at start, 1 s per command). */
  connectTimeoutMs?: number
  commandTimeoutMs?: number
}

/** Redis could not be reached at start: the message says where and what to do. */
export class RedisConnectError extends Error {
  override name = 'RedisConnectError'
}

/** Where a Redis URL points, without its password. */
export function describeRedisUrl(url: string): string {
  const parsed = new URL(url)
  const db = parsed.pathname.replace(/^\//, '')
  return `${parsed.protocol}//${parsed.hostname}:${parsed.port || '6379'}${db ? `/${db}` : ''}`
}

type ScriptRunner = (key: string, ...args: (string | number)[]) => Promise<unknown>

/** Connects to Redis (throwing RedisConnectError with a clear message when it cannot) and returns the shared state. */
export async function connectRedisSharedState(options: RedisSharedStateOptions): Promise<SharedState> {
  const where = describeRedisUrl(options.url)
  const client = new Redis(options.url, {
    lazyConnect: true,
    // A command while disconnected fails at once instead of waiting: limits fail open without delay.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  })
  let down = false
  /** Outages count only between a successful start and close(). */
  let serving = false
  let lastError = ''
  // ioredis reports every failed reconnect as an 'error' event; unhandled, each would print a stack.
  client.on('error', (error: Error) => {
    lastError = error.message
    markDown(error.message)
  })
  client.on('close', () => markDown(lastError || 'connection closed'))

  try {
    await client.connect()
    await client.ping()
    serving = true
  } catch (error) {
    client.disconnect()
    const reason = lastError || (error instanceof Error ? error.message : String(error))
    throw new RedisConnectError(
      `Cannot connect to Redis at ${where} (REDIS_URL): ${reason}. Start Redis there, or unset REDIS_URL to keep the limits and the update dedupe in this process's memory (one replica only).`,
    )
  }

  const scripts = {
    fixedWindow: FIXED_WINDOW,
    slidingWindow: SLIDING_WINDOW,
    tokenBucket: TOKEN_BUCKET,
  }
  for (const [name, lua] of Object.entries(scripts)) client.defineCommand(name, { numberOfKeys: 1, lua })
  const run = (name: keyof typeof scripts): ScriptRunner => {
    const command = (client as unknown as Record<string, ScriptRunner>)[name] as ScriptRunner
    return command.bind(client)
  }

  const held: string[] = []
  let lost = 0
  let flushing = false

  function markDown(reason: string): void {
    if (down || !serving) return
    down = true
    options.onOutage(
      `Redis at ${where} is unreachable or failing (${reason}): rate limits are not enforced across replicas until it is back, Telegram updates are refused with 503 in webhook mode so that Telegram delivers them again, and unanswered questions are held in memory.`,
    )
  }

  async function flushMisses(): Promise<void> {
    if (flushing || held.length === 0) return
    flushing = true
    try {
      while (held.length > 0) {
        const batch = held.slice(0, 500)
        await client.rpush(MISSES_KEY, ...batch)
        held.splice(0, batch.length)
      }
    } catch (error) {
      markDown(error instanceof Error ? error.message : String(error))
    } finally {
      flushing = false
    }
  }

  client.on('ready', () => {
    if (!down) return
    down = false
    const pending = held.length
    options.onRecovered(
      `Redis at ${where} is back${pending > 0 ? `: writing ${pending} held unanswered question(s)` : ''}${lost > 0 ? `; ${lost} could not be held and are lost` : ''}.`,
    )
    lost = 0
    void flushMisses()
  })

  /** Runs a command; a failure marks the outage and becomes undefined (the caller fails open). */
  const failOpen = async <T>(command: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await command()
    } catch (error) {
      markDown(error instanceof Error ? error.message : String(error))
      return undefined
    }
  }

  const counters = (count: (key: string) => Promise<unknown>): WindowCounters => ({
    async incr(key) {
      const n = await failOpen(() => count(key))
      // Unknown: counted as a first hit, so the request passes.
      return typeof n === 'number' ? n : 1
    },
    // The scripts set the expiry themselves, atomically with the count.
    async pexpire() {
      return 1
    },
  })

  return {
    description: `Redis at ${where}`,
    async claimUpdate(botId, updateId, ttlMs) {
      try {
        const set = await client.set(`${REDIS_KEY_PREFIX}update:${botId}:${updateId}`, '1', 'PX', ttlMs, 'NX')
        return set === 'OK'
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        markDown(reason)
        throw new SharedStateUnavailableError(`cannot claim update ${updateId} in ${where}: ${reason}`, {
          cause: error,
        })
      }
    },
    fixedWindowCounters(name, windowMs) {
      const script = run('fixedWindow')
      return counters((key) => script(`${REDIS_KEY_PREFIX}window:${name}:${key}`, windowMs))
    },
    slidingWindowCounters(name, windowMs, cap) {
      const script = run('slidingWindow')
      return counters((key) =>
        script(`${REDIS_KEY_PREFIX}sliding:${name}:${key}`, windowMs, cap, randomUUID()),
      )
    },
    async takeToken(name, key, perMinute): Promise<TokenTake> {
      const result = await failOpen(() =>
        run('tokenBucket')(`${REDIS_KEY_PREFIX}bucket:${name}:${key}`, perMinute, perMinute / 60_000),
      )
      if (!Array.isArray(result)) return { allowed: true, tokens: perMinute }
      return { allowed: result[0] === 1, tokens: Number(result[1]) }
    },
    recordMiss(miss: SharedMiss) {
      held.push(JSON.stringify({ q: miss.q, at: miss.at }))
      if (held.length > MAX_HELD_MISSES) {
        lost += held.length - MAX_HELD_MISSES
        held.splice(0, held.length - MAX_HELD_MISSES)
      }
      if (!down) void flushMisses()
    },
    async readMisses() {
      try {
        const lines = await client.lrange(MISSES_KEY, 0, -1)
        return lines.join('\n')
      } catch (error) {
        throw new SharedStateUnavailableError(
          `cannot read the unanswered questions from ${where}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        )
      }
    },
    async close() {
      await flushMisses()
      const unwritten = held.length + lost
      serving = false
      client.disconnect()
      if (unwritten > 0)
        options.onOutage(
          `${unwritten} unanswered question(s) were not written to Redis at ${where}: it was unreachable until shutdown.`,
        )
    },
  }
}
