import type { Api } from 'grammy'
import type { BotCommand } from 'grammy/types'
import { zh } from '../../prompts/zh.ts'

/** The command menu shown by Telegram clients. */
export const botCommands: BotCommand[] = [
  { command: 'ask', description: zh.commands.ask },
  { command: 'help', description: zh.commands.help },
  { command: 'about', description: zh.commands.about },
  { command: 'start', description: zh.commands.start },
]

/** Registers the command menu for Chinese clients and as the default. */
export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands(botCommands, { language_code: 'zh' })
  await api.setMyCommands(botCommands)
}
