import type { Logger } from '../../src/bot/logger.ts'

export interface LogLine {
  level: 'info' | 'warn' | 'error'
  message: string
  fields?: Record<string, unknown>
}

/** A logger that keeps its lines, for asserting what was logged (and what was not). */
export function createMemoryLogger(): Logger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = []
  const push = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields })
  }
  return {
    lines,
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    text: () => JSON.stringify(lines),
  }
}
