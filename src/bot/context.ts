import type { Context } from 'grammy'
import type { Searcher } from '../search/types.ts'
import type { Logger } from './logger.ts'

/** What the bot's features need from outside. */
export interface BotDeps {
  searcher: Searcher
  logger: Logger
}

/** The one context type of the bot: grammY's context plus the dependencies. */
export type BotContext = Context & { deps: BotDeps }
