import type { Logger } from '../bot/logger.ts'

/** Hono environment of the app: variables set by middleware. */
export interface AppEnv {
  Variables: {
    logger: Logger
  }
}
