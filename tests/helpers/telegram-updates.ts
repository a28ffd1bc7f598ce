/**
 * Updates shaped exactly as Telegram sends them (field names, nesting, entity offsets in UTF-16 units),
 * for feeding the real bot through bot.handleUpdate or the webhook route.
 */
import type { Chat, InlineKeyboardMarkup, Message, MessageEntity, Update, User } from 'grammy/types'
import { botInfo } from './fake-bot-api.ts'
import { parseTelegramHtml } from './telegram-html.ts'

export const user: User = {
  id: 5_123_456_789,
  is_bot: false,
  first_name: '伟',
  last_name: '张',
  username: 'zhangwei_hn',
  language_code: 'zh-hans',
}

export const privateChat: Chat.PrivateChat = {
  id: user.id,
  first_name: '伟',
  last_name: '张',
  username: 'zhangwei_hn',
  type: 'private',
}

export const supergroup: Chat.SupergroupChat = {
  id: -1_001_987_654_321,
  title: '湖南日报 编辑部',
  type: 'supergroup',
}

export const channel: Chat.ChannelChat = { id: -1_001_555_000_111, title: '湘问频道', type: 'channel' }

export const botUser: User = {
  id: botInfo.id,
  is_bot: true,
  first_name: botInfo.first_name,
  username: botInfo.username,
}

let updateId = 700_000_000
let messageId = 1
const now = () => Math.floor(Date.now() / 1000)

/** A fresh update_id, increasing like Telegram's. */
export function nextUpdateId(): number {
  return ++updateId
}

/** Entities Telegram detects in plain text: a leading /command and @mentions. */
export function detectEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = []
  const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text)
  if (command) entities.push({ offset: 0, length: command[0].length, type: 'bot_command' })
  for (const mention of text.matchAll(/(^|[^A-Za-z0-9_])(@[A-Za-z0-9_]{5,32})/g)) {
    const offset = (mention.index ?? 0) + (mention[1]?.length ?? 0)
    if (command && offset < command[0].length) continue
    entities.push({ offset, length: mention[2]?.length ?? 0, type: 'mention' })
  }
  return entities
}

/** A user's text message in a chat. */
export function textMessage(chat: Chat, text: string, extra: Partial<Message> = {}): Message.TextMessage {
  const entities = detectEntities(text)
  return {
    message_id: messageId++,
    from: user,
    chat,
    date: now(),
    text,
    ...(entities.length > 0 ? { entities } : {}),
    ...extra,
  } as Message.TextMessage
}

/** A message the bot sent (as Telegram echoes it: parsed text and entities, not HTML). */
export function botMessage(
  chat: Chat,
  html: string,
  options: { messageId: number; replyTo?: Message; replyMarkup?: InlineKeyboardMarkup },
): Message.TextMessage {
  const parsed = parseTelegramHtml(html)
  return {
    message_id: options.messageId,
    from: botUser,
    chat,
    date: now(),
    text: parsed.text,
    ...(parsed.entityList.length > 0 ? { entities: parsed.entityList as MessageEntity[] } : {}),
    ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
    ...(options.replyMarkup ? { reply_markup: options.replyMarkup } : {}),
  } as Message.TextMessage
}

export function messageUpdate(message: Message): Update {
  return { update_id: nextUpdateId(), message } as Update
}

export function editedMessageUpdate(message: Message.TextMessage, text: string): Update {
  const entities = detectEntities(text)
  const edited = { ...message, text, edit_date: now() } as Message.TextMessage
  if (entities.length > 0) edited.entities = entities
  else delete edited.entities
  return { update_id: nextUpdateId(), edited_message: edited } as Update
}

export function stickerUpdate(chat: Chat): Update {
  return <Update>{
    update_id: nextUpdateId(),
    message: {
      message_id: messageId++,
      from: user,
      chat,
      date: now(),
      sticker: {
        width: 512,
        height: 512,
        emoji: '👍',
        set_name: 'HotCherry',
        is_animated: true,
        is_video: false,
        type: 'regular',
        thumbnail: {
          file_id: 'AAMCAgADGQEAAgFRZ0mXc4oDAAE3wN1YRfO3V8X5lXzoAAIZAAOcbVwXAAHGOFFUc1CLAQAHbQADNgQ',
          file_unique_id: 'AQADGQADnG1cF3I',
          file_size: 4718,
          width: 128,
          height: 128,
        },
        file_id: 'CAACAgIAAxkBAAIBUWdJl3OKAwABN8DdWEXzt1fF-ZV86AACGQADnG1cFwABxjhRVHNQiwE2BA',
        file_unique_id: 'AgADGQADnG1cFw',
        file_size: 23104,
      },
    } as Message,
  }
}

export function channelPostUpdate(text: string): Update {
  return <Update>{
    update_id: nextUpdateId(),
    channel_post: {
      message_id: messageId++,
      sender_chat: channel,
      chat: channel,
      date: now(),
      text,
    } as Message,
  }
}

export function inlineQueryUpdate(query: string, offset = ''): Update {
  return {
    update_id: nextUpdateId(),
    inline_query: {
      id: String(3_141_592_653_589_793n + BigInt(updateId)),
      from: user,
      query,
      offset,
      chat_type: 'sender',
    },
  }
}

export function callbackQueryUpdate(message: Message, data: string): Update {
  return {
    update_id: nextUpdateId(),
    callback_query: {
      id: String(4_382_155_963_120_000n + BigInt(updateId)),
      from: user,
      message,
      chat_instance: '-3421387912344537781',
      data,
    },
  }
}
