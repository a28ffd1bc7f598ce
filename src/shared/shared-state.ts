// State that replicas of `npm start` share, so that several processes behind a load balancer act as one bot.
// Without REDIS_URL there is no SharedState: each consumer keeps its state in memory, exactly as one
// process always did (the Worker too). With it, `connectRedisSharedState` (Node only) implements this.

/** Counters in the shape @grammyjs/ratelimiter takes as its storage (the two Redis commands it calls). */
export interface WindowCounters {
  incr(key: string): Promise<number>
  pexpire(key: string, milliseconds: number): Promise<number>
}

/** What is left of a client's token bucket after one request, and whether the request may pass. */
export interface TokenTake {
  allowed: boolean
  /** Tokens left (a fraction while refilling); below 1 when refused. */
  tokens: number
}

/** One unanswered question (the same record as the misses log file: text and time only). */
export interface SharedMiss {
  q: string
  at: string
}

/** The few shared operations the bot and the HTTP app need. */
export interface SharedState {
  /** Where the state lives, for log lines (never with a password). */
  readonly description: string
  /**
   * True for the first claim of an update by any replica within ttlMs (an atomic SET NX with expiry).
   * Throws SharedStateUnavailableError when the store cannot say: the caller decides what is safe.
   */
  claimUpdate(botId: number, updateId: number, ttlMs: number): Promise<boolean>
  /** Hits of a key in fixed windows of windowMs (the window starts at a key's first hit). Fails open. */
  fixedWindowCounters(name: string, windowMs: number): WindowCounters
  /** Hits of a key in the last windowMs, at most cap (counted whether they were let through or not). Fails open. */
  slidingWindowCounters(name: string, windowMs: number, cap: number): WindowCounters
  /** Takes one token from a key's bucket of perMinute tokens, refilled continuously. Fails open. */
  takeToken(name: string, key: string, perMinute: number): Promise<TokenTake>
  /** Appends an unanswered question; held and retried while the store is down, never thrown. */
  recordMiss(miss: SharedMiss): void
  /** Every recorded miss, as JSON lines (the misses log file's format). */
  readMisses(): Promise<string>
  /** Flushes what it can and disconnects. */
  close(): Promise<void>
}

/** The shared store could not be reached: nothing is known about the state it holds. */
export class SharedStateUnavailableError extends Error {
  override name = 'SharedStateUnavailableError'
}
