/**
 * The client's address as a proxy reports it. A list header (X-Forwarded-For: client, proxy1, proxy2) is
 * read from the right, as Express's `trust proxy = N` does: each trusted proxy appends the address it saw,
 * so the entry `trustedHops` from the end is the one our own proxy wrote; anything left of it the client
 * may have written itself. A single-value header (CF-Connecting-IP, X-Real-IP) is taken whole.
 */
export function clientAddressFromHeader(value: string | undefined, trustedHops = 1): string | undefined {
  if (value === undefined) return undefined
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  if (entries.length === 0) return undefined
  const index = Math.max(0, entries.length - Math.max(1, trustedHops))
  // Bounded: a client-written value must not become a huge key in the rate limiter's table.
  return entries[index]?.slice(0, 64)
}
