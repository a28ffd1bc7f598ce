import { Composer } from 'grammy'
import { zh } from '../../../prompts/zh.ts'
import type { BotContext } from '../context.ts'

/**
 * Installed last. In private chats, media (stickers, photos, voice...) get a short hint instead of silence;
 * stray button presses are acknowledged; everything else (group chatter, channel posts) is ignored.
 */
export const fallbackFeature = new Composer<BotContext>()

fallbackFeature
  .chatType('private')
  .on(
    [
      'message:sticker',
      'message:photo',
      'message:voice',
      'message:audio',
      'message:video',
      'message:video_note',
      'message:animation',
      'message:document',
      'message:location',
      'message:contact',
      'message:poll',
      'message:dice',
    ],
    async (ctx) => {
      await ctx.reply(zh.nonText, {
        reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
      })
    },
  )

fallbackFeature.on('callback_query', async (ctx) => {
  await ctx.answerCallbackQuery()
})
