/** Structured log lines; implementations decide where they go. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/** Longest piece of user text that may appear in a log line. */
export const MAX_LOGGED_USER_TEXT = 200

/** Cuts user text for logs. */
export function clipForLog(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  return value.length > MAX_LOGGED_USER_TEXT ? `${value.slice(0, MAX_LOGGED_USER_TEXT)}…` : value
}

/** Replaces every secret (bot token, webhook secret) in a text by "***". */
export function redact(value: string, secrets: readonly string[]): string {
  let out = value
  for (const secret of secrets) if (secret) out = out.split(secret).join('***')
  return out
}

/** A one-line description of an error (name, message, cause) with secrets removed; never a stack. */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && current !== null && depth < 3; depth++) {
    if (current instanceof Error) {
      parts.push(`${current.name}: ${current.message}`)
      current = (current as Error & { error?: unknown }).error ?? current.cause
    } else {
      parts.push(String(current))
      current = undefined
    }
  }
  return redact(parts.join(' <- '), secrets)
}

/** A logger writing JSON lines to the console, with secrets redacted from every line. */
export function createConsoleLogger(secrets: readonly string[] = []): Logger {
  const write = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => {
    const line = redact(
      JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }),
      secrets,
    )
    if (level === 'info') console.log(line)
    else console.error(line)
  }
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  }
}
