import type { Message, MessageEntity, UserFromGetMe } from 'grammy/types'

/** Longest question passed to the searcher (the HTTP API rejects longer ones). */
export const MAX_QUESTION_LENGTH = 200

type TextMessage = Pick<Message, 'text' | 'entities' | 'caption' | 'caption_entities' | 'chat'> & {
  reply_to_message?: Pick<Message, 'from'>
}

/** The question in a message's text: without the leading /ask (or any command) and without @mentions of the bot. */
export function extractQuestion(
  text: string,
  entities: readonly MessageEntity[] | undefined,
  username: string,
): string {
  const cuts: [number, number][] = []
  for (const entity of entities ?? []) {
    const value = text.slice(entity.offset, entity.offset + entity.length)
    if (entity.type === 'bot_command' && entity.offset === 0) cuts.push([0, entity.length])
    if (entity.type === 'mention' && value.toLowerCase() === `@${username.toLowerCase()}`) {
      cuts.push([entity.offset, entity.offset + entity.length])
    }
  }
  let out = ''
  let position = 0
  for (const [start, end] of cuts.sort((a, b) => a[0] - b[0])) {
    if (start < position) continue
    out += `${text.slice(position, start)} `
    position = end
  }
  out += text.slice(position)
  return clipQuestion(out)
}

/** Collapses whitespace and cuts a question to MAX_QUESTION_LENGTH, never between the halves of an emoji. */
export function clipQuestion(text: string): string {
  const question = text.replace(/\s+/g, ' ').trim()
  if (question.length <= MAX_QUESTION_LENGTH) return question
  const code = question.charCodeAt(MAX_QUESTION_LENGTH - 1)
  const end = code >= 0xd800 && code <= 0xdbff ? MAX_QUESTION_LENGTH - 1 : MAX_QUESTION_LENGTH
  return question.slice(0, end).trim()
}

function isCommandFor(
  text: string,
  entities: readonly MessageEntity[] | undefined,
  command: string,
  username: string,
) {
  const first = entities?.find((entity) => entity.type === 'bot_command' && entity.offset === 0)
  if (!first) return false
  const [name = '', target] = text.slice(1, first.length).split('@')
  return (
    name.toLowerCase() === command &&
    (target === undefined || target.toLowerCase() === username.toLowerCase())
  )
}

function mentions(text: string, entities: readonly MessageEntity[] | undefined, username: string): boolean {
  return (entities ?? []).some(
    (entity) =>
      entity.type === 'mention' &&
      text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === `@${username.toLowerCase()}`,
  )
}

/**
 * The question a message asks the bot, or undefined when the message is not addressed to it.
 * Private chats: any text (edited too). Groups: /ask[@bot], a mention of the bot, or a reply to the bot;
 * edited messages in groups are not answered again. An empty string means addressed without a question.
 */
export function addressedQuestion(
  message: TextMessage,
  me: UserFromGetMe,
  edited: boolean,
): string | undefined {
  const text = message.text
  if (text === undefined) return undefined
  const entities = message.entities
  const chatType = message.chat.type
  if (chatType === 'private') return extractQuestion(text, entities, me.username)
  if (chatType !== 'group' && chatType !== 'supergroup') return undefined
  if (edited) return undefined
  const asked =
    isCommandFor(text, entities, 'ask', me.username) ||
    mentions(text, entities, me.username) ||
    message.reply_to_message?.from?.id === me.id
  return asked ? extractQuestion(text, entities, me.username) : undefined
}
