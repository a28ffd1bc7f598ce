import type {
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  InlineQueryResultArticle,
  Message,
} from 'grammy/types'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { zh } from '../../prompts/zh.ts'
import { byteLength } from '../../src/bot/callback-data.ts'
import { formatAttribution } from '../../src/render/attribution.ts'
import type { Searcher } from '../../src/search/types.ts'
import { type BotHarness, startBotHarness } from '../helpers/bot-harness.ts'
import { BOT_TOKEN, botInfo, type RecordedCall } from '../helpers/fake-bot-api.ts'
import { realSearcher } from '../helpers/searcher.ts'
import { assertTelegramHtml, type ParsedTelegramHtml } from '../helpers/telegram-html.ts'
import {
  botMessage,
  botUser,
  callbackQueryUpdate,
  channelPostUpdate,
  editedMessageUpdate,
  inlineQueryUpdate,
  messageUpdate,
  privateChat,
  stickerUpdate,
  supergroup,
  textMessage,
  user,
} from '../helpers/telegram-updates.ts'

const FIGURE_QUESTION = '湖南前11月进出口总额是多少？'
const FIGURE = '6417.6亿元'
const AIRPORT_QUESTION = '黄花机场 全货运航线 数量'

let searcher: Searcher
let harness: BotHarness

beforeAll(async () => {
  searcher = await realSearcher()
  harness = await startBotHarness(searcher)
})
afterAll(() => harness.close())
beforeEach(() => {
  harness.api.reset()
  harness.logger.lines.length = 0
})

/** Checks a sendMessage/editMessageText call against Telegram's rules and returns the parsed text. */
function checkMessage(call: RecordedCall | undefined): ParsedTelegramHtml {
  expect(call).toBeDefined()
  const params = call?.params ?? {}
  expect(params.parse_mode).toBe('HTML')
  expect(params.link_preview_options).toEqual({ is_disabled: true })
  const parsed = assertTelegramHtml(String(params.text))
  for (const button of buttonsOf(params.reply_markup)) {
    expect(byteLength(button.callback_data)).toBeLessThanOrEqual(64)
  }
  return parsed
}

function buttonsOf(markup: unknown): (InlineKeyboardButton.CallbackButton & { callback_data: string })[] {
  return ((markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? []) as never
}

/** Every quote is a corpus paragraph verbatim, followed by its own article's attribution. */
async function expectQuotesFromCorpus(parsed: ParsedTelegramHtml, question: string, offset = 0, limit = 3) {
  const answer = await searcher.answer(question, { limit, offset })
  expect(parsed.blockquotes.length).toBeGreaterThan(0)
  parsed.blockquotes.forEach((quote, index) => {
    const passage = answer.results[index]
    expect(passage).toBeDefined()
    if (!passage) return
    const article = searcher.article(passage.articleId)
    expect(quote.text).toBe(article?.paragraphs[passage.paragraph])
    expect(parsed.text).toContain(`${quote.text}\n${formatAttribution(article ?? passage)}`)
  })
  return answer
}

describe('private chat', () => {
  it('quotes the passage with the figure in bold, its attribution, and 上下文/更多 buttons', async () => {
    const question = textMessage(privateChat, FIGURE_QUESTION)
    await harness.send(messageUpdate(question))
    const sent = harness.api.callsTo('sendMessage')
    expect(sent).toHaveLength(1)
    const call = sent[0]
    expect(call?.params.chat_id).toBe(user.id)
    expect(call?.params.reply_parameters).toMatchObject({ message_id: question.message_id })
    const parsed = checkMessage(call)
    expect(parsed.blockquotes.length).toBeLessThanOrEqual(3)
    const answer = await expectQuotesFromCorpus(parsed, FIGURE_QUESTION)
    expect(parsed.blockquotes[0]?.text).toContain(FIGURE)
    expect(parsed.bold).toContain(FIGURE)
    const buttons = buttonsOf(call?.params.reply_markup)
    expect(buttons.filter((button) => button.text.startsWith('上下文'))).toHaveLength(
      parsed.blockquotes.length,
    )
    expect(buttons.some((button) => button.text === zh.moreButton)).toBe(
      answer.total > parsed.blockquotes.length,
    )
  })

  it('leads with the answering sentence, the asked figure in bold, before the folded paragraph', async () => {
    await harness.send(messageUpdate(textMessage(privateChat, '邵阳规模工业企业有多少家？')))
    const parsed = checkMessage(harness.api.callsTo('sendMessage')[0])
    const firstLine = parsed.text.split('\n')[0] ?? ''
    expect(firstLine).toContain('由760家增长到2070家')
    expect(firstLine.length).toBeLessThan(parsed.blockquotes[0]?.text.length ?? 0)
    expect(parsed.blockquotes[0]?.expandable).toBe(true)
    expect(parsed.bold.slice(0, 2)).toEqual(['760家', '2070家'])
  })

  it('says first that the documents do not answer, and shows the closest passages only when asked, as not an answer', async () => {
    const question = '长沙黄花国际机场今年的货邮吞吐量是多少吨？'
    const asked = textMessage(privateChat, question)
    await harness.send(messageUpdate(asked))
    const call = harness.api.callsTo('sendMessage')[0]
    const parsed = checkMessage(call)
    expect(parsed.text.startsWith(zh.noResult.slice(0, -1))).toBe(true)
    expect(parsed.blockquotes).toHaveLength(0)
    const [closest] = buttonsOf(call?.params.reply_markup)
    expect(closest?.text).toBe(zh.closestButton)
    const message = botMessage(privateChat, String(call?.params.text), {
      messageId: 9100,
      replyTo: asked,
      replyMarkup: call?.params.reply_markup as InlineKeyboardMarkup,
    })
    harness.api.reset()
    await harness.send(callbackQueryUpdate(message, closest?.callback_data ?? ''))
    const [edit] = harness.api.callsTo('editMessageText')
    const shown = checkMessage(edit)
    expect(shown.text.startsWith(zh.closestHeader)).toBe(true)
    expect(shown.blockquotes.length).toBeGreaterThan(0)
    expect(buttonsOf(edit?.params.reply_markup).some((button) => button.text.startsWith('上下文'))).toBe(true)
  })

  it('answers an edited message as a new question', async () => {
    const original = textMessage(privateChat, '你好')
    await harness.send(editedMessageUpdate(original, AIRPORT_QUESTION))
    const [call] = harness.api.callsTo('sendMessage')
    expect(call?.params.reply_parameters).toMatchObject({ message_id: original.message_id })
    const parsed = checkMessage(call)
    await expectQuotesFromCorpus(parsed, AIRPORT_QUESTION)
    expect(parsed.blockquotes[0]?.text).toContain('全货运航线10条')
  })

  it('says plainly when nothing matches and suggests how to rephrase', async () => {
    const question = 'zzqx qqzv'
    expect((await searcher.answer(question)).found).toBe(false)
    await harness.send(messageUpdate(textMessage(privateChat, question)))
    const parsed = checkMessage(harness.api.callsTo('sendMessage')[0])
    expect(parsed.text).toContain(zh.noResult)
    expect(parsed.text).toContain(zh.rephrase)
    expect(parsed.blockquotes).toHaveLength(0)
  })

  it('tells an English asker the documents are Chinese and still searches names and numbers', async () => {
    const question = 'Hunan import and export 6417.6'
    await harness.send(messageUpdate(textMessage(privateChat, question)))
    const parsed = checkMessage(harness.api.callsTo('sendMessage')[0])
    expect(parsed.text.startsWith(zh.foreignNote)).toBe(true)
    await expectQuotesFromCorpus(parsed, question)
    expect(parsed.bold).toContain('6417.6')
  })

  it('answers a sticker with a short hint instead of silence', async () => {
    await harness.send(stickerUpdate(privateChat))
    const sent = harness.api.callsTo('sendMessage')
    expect(sent).toHaveLength(1)
    expect(sent[0]?.params.text).toBe(zh.nonText)
  })

  it('explains itself on /help with the corpus figures and examples, and /about', async () => {
    const stats = searcher.stats()
    await harness.send(messageUpdate(textMessage(privateChat, '/help')))
    await harness.send(messageUpdate(textMessage(privateChat, '/about')))
    const [help, about] = harness.api.callsTo('sendMessage').map(checkMessage)
    expect(help?.text).toContain(`${stats.articles} 篇文章、${stats.paragraphs} 个段落`)
    expect(help?.text).toContain(`@${botInfo.username}`)
    for (const example of zh.examples) {
      expect(help?.text).toContain(example)
      expect((await searcher.answer(example)).found).toBe(true)
    }
    expect(about?.text).toContain(stats.sources[0] ?? '')
  })

  it('greets briefly on /start, with examples to tap that are answered at once', async () => {
    await harness.send(messageUpdate(textMessage(privateChat, '/start')))
    await harness.send(messageUpdate(textMessage(privateChat, '/help')))
    const [startCall, helpCall] = harness.api.callsTo('sendMessage')
    const start = checkMessage(startCall)
    expect(start.text).not.toBe(checkMessage(helpCall).text)
    expect(start.text.length).toBeLessThan(checkMessage(helpCall).text.length / 2)
    expect(start.text).toContain('/help')
    const buttons = buttonsOf(startCall?.params.reply_markup)
    expect(buttons.map((button) => button.text)).toEqual(zh.examples.slice(0, 3))
    harness.api.reset()
    const greeting = botMessage(privateChat, String(startCall?.params.text), {
      messageId: 900,
      replyMarkup: startCall?.params.reply_markup as InlineKeyboardMarkup,
    })
    await harness.send(callbackQueryUpdate(greeting, buttons[0]?.callback_data ?? ''))
    const [answer] = harness.api.callsTo('sendMessage')
    const parsed = checkMessage(answer)
    await expectQuotesFromCorpus(parsed, zh.examples[0], 0, 3)
    expect(harness.api.callsTo('answerCallbackQuery')).toHaveLength(1)
  })
})

describe('groups', () => {
  it('answers /ask@bot in a supergroup with one short folded quote, replying to the asker', async () => {
    const question = textMessage(supergroup, `/ask@${botInfo.username} ${FIGURE_QUESTION}`)
    await harness.send(messageUpdate(question))
    const sent = harness.api.callsTo('sendMessage')
    expect(sent).toHaveLength(1)
    expect(sent[0]?.params.chat_id).toBe(supergroup.id)
    expect(sent[0]?.params.reply_parameters).toMatchObject({ message_id: question.message_id })
    const parsed = checkMessage(sent[0])
    expect(parsed.blockquotes.length).toBeGreaterThanOrEqual(1)
    expect(parsed.blockquotes.length).toBeLessThanOrEqual(2)
    await expectQuotesFromCorpus(parsed, FIGURE_QUESTION, 0, 2)
    expect(parsed.bold).toContain(FIGURE)
    // The answer shows without expanding anything: the first line is the answering sentence.
    expect(parsed.text.split('\n')[0]).toContain(FIGURE)
  })

  it('answers a reply to its own message', async () => {
    const earlier = textMessage(supergroup, '……', { from: botUser })
    const question = textMessage(supergroup, AIRPORT_QUESTION, {
      reply_to_message: earlier as Message['reply_to_message'],
    })
    await harness.send(messageUpdate(question))
    const sent = harness.api.callsTo('sendMessage')
    expect(sent).toHaveLength(1)
    expect(sent[0]?.params.reply_parameters).toMatchObject({ message_id: question.message_id })
    await expectQuotesFromCorpus(checkMessage(sent[0]), AIRPORT_QUESTION, 0, 2)
  })

  it('answers a message that mentions it', async () => {
    await harness.send(messageUpdate(textMessage(supergroup, `@${botInfo.username} ${AIRPORT_QUESTION}`)))
    expect(harness.api.callsTo('sendMessage')).toHaveLength(1)
  })

  it('explains how to ask when /ask comes without a question', async () => {
    const question = textMessage(supergroup, `/ask@${botInfo.username}`)
    await harness.send(messageUpdate(question))
    const [sent] = harness.api.callsTo('sendMessage')
    expect(sent?.params.reply_parameters).toMatchObject({ message_id: question.message_id })
    expect(checkMessage(sent).text).toContain(`/ask ${zh.examples[0]}`)
  })

  it('stays silent on ordinary chatter, media and edits', async () => {
    await harness.send(messageUpdate(textMessage(supergroup, '湖南前11月进出口总额是多少？大家知道吗')))
    await harness.send(stickerUpdate(supergroup))
    await harness.send(
      editedMessageUpdate(textMessage(supergroup, `/ask ${FIGURE_QUESTION}`), `/ask ${AIRPORT_QUESTION}`),
    )
    expect(harness.api.calls).toEqual([])
  })

  it('ignores channel posts', async () => {
    await harness.send(channelPostUpdate(FIGURE_QUESTION))
    expect(harness.api.calls).toEqual([])
  })
})

describe('buttons', () => {
  async function askPrivately(text: string): Promise<{ question: Message; answer: Message.TextMessage }> {
    const question = textMessage(privateChat, text)
    await harness.send(messageUpdate(question))
    const call = harness.api.callsTo('sendMessage')[0]
    const answer = botMessage(privateChat, String(call?.params.text), {
      messageId: 9001,
      replyTo: question,
      replyMarkup: call?.params.reply_markup as InlineKeyboardMarkup,
    })
    harness.api.reset()
    return { question, answer }
  }

  it('更多 edits the same message with the next passages (question read from the replied-to message)', async () => {
    const long = '湖南外贸前11个月的进出口总额具体做到多少了？是不是首次突破6000亿元'
    const { answer } = await askPrivately(long)
    const more = buttonsOf(answer.reply_markup).find((button) => button.text === zh.moreButton)
    expect(more?.callback_data).toBe('m:3')
    await harness.send(callbackQueryUpdate(answer, more?.callback_data ?? ''))
    const [edit] = harness.api.callsTo('editMessageText')
    expect(edit?.params).toMatchObject({ chat_id: privateChat.id, message_id: answer.message_id })
    const parsed = checkMessage(edit)
    await expectQuotesFromCorpus(parsed, long, 3)
    expect(parsed.text).toContain('第 4')
    expect(harness.api.callsTo('answerCallbackQuery')).toHaveLength(1)
    expect(harness.api.callsTo('sendMessage')).toEqual([])
  })

  it('a second press on the same 更多 just acknowledges (Telegram: message is not modified)', async () => {
    const { answer } = await askPrivately(FIGURE_QUESTION)
    const more = buttonsOf(answer.reply_markup).find((button) => button.text === zh.moreButton)
    harness.api.failNext('editMessageText', {
      error_code: 400,
      description:
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    })
    await harness.send(callbackQueryUpdate(answer, more?.callback_data ?? ''))
    expect(harness.api.callsTo('answerCallbackQuery').map((call) => call.params.text)).toEqual([undefined])
    expect(harness.api.callsTo('sendMessage')).toEqual([])
  })

  it('上下文 replies with the neighbouring paragraphs of the passage', async () => {
    const { answer } = await askPrivately(FIGURE_QUESTION)
    const button = buttonsOf(answer.reply_markup).find((candidate) => candidate.text.startsWith('上下文'))
    await harness.send(callbackQueryUpdate(answer, button?.callback_data ?? ''))
    const [sent] = harness.api.callsTo('sendMessage')
    expect(sent?.params.reply_parameters).toMatchObject({ message_id: answer.message_id })
    const parsed = checkMessage(sent)
    const top = (await searcher.answer(FIGURE_QUESTION, { limit: 1 })).results[0]
    const article = searcher.article(top?.articleId ?? '')
    const paragraph = top?.paragraph ?? 0
    // The first paragraph gets the two after it; any other its neighbours on both sides.
    const from = Math.max(0, Math.min(paragraph - 1, (article?.paragraphs.length ?? 0) - 3))
    const expected = article?.paragraphs.slice(from, from + 3).join('\n\n')
    expect(parsed.blockquotes[0]?.text.split('\n\n')).toHaveLength(3)
    expect(parsed.blockquotes[0]?.text).toBe(expected)
    expect(parsed.bold).toEqual([article?.paragraphs[paragraph]])
    expect(parsed.text.endsWith(formatAttribution(article ?? { title: '', source: '', authors: [] }))).toBe(
      true,
    )
    expect(harness.api.callsTo('answerCallbackQuery')).toHaveLength(1)
  })
})

describe('inline mode', () => {
  it('lists up to 10 article results with quote + attribution and pages with next_offset', async () => {
    await harness.send(inlineQueryUpdate('湖南'))
    const [call] = harness.api.callsTo('answerInlineQuery')
    const results = call?.params.results as InlineQueryResultArticle[]
    expect(results.length).toBeGreaterThan(0)
    expect(results.length).toBeLessThanOrEqual(10)
    expect(call?.params.cache_time).toBe(300)
    const answer = await searcher.answer('湖南', { limit: 10 })
    expect(call?.params.next_offset).toBe(answer.total > 10 ? '10' : '')
    results.forEach((result, index) => {
      const passage = answer.results[index]
      expect(result.type).toBe('article')
      expect(result.title).toBe(passage?.title)
      const content = result.input_message_content as { message_text: string; link_preview_options: unknown }
      expect(content.link_preview_options).toEqual({ is_disabled: true })
      const parsed = assertTelegramHtml(content.message_text)
      expect(parsed.blockquotes[0]?.text).toBe(
        searcher.article(passage?.articleId ?? '')?.paragraphs[passage?.paragraph ?? 0],
      )
    })
  })

  it('offers a help button for an empty inline query and pages with the offset Telegram sends back', async () => {
    await harness.send(inlineQueryUpdate(''))
    const [empty] = harness.api.callsTo('answerInlineQuery')
    expect(empty?.params).toMatchObject({
      results: [],
      button: { text: zh.inlineHelpButton, start_parameter: 'help' },
    })
    await harness.send(inlineQueryUpdate('湖南', '10'))
    const [, second] = harness.api.callsTo('answerInlineQuery')
    const answer = await searcher.answer('湖南', { limit: 10, offset: 10 })
    const results = second?.params.results as InlineQueryResultArticle[]
    expect(results.map((result) => result.id)).toEqual(answer.results.map((_, index) => String(10 + index)))
    expect(second?.params.next_offset).toBe(answer.total > 20 ? '20' : '')
  })
})

describe('reliability', () => {
  it('retries a send that Telegram rate-limited, and logs the failure without the token', async () => {
    harness.api.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    })
    await harness.send(messageUpdate(textMessage(privateChat, AIRPORT_QUESTION)))
    expect(harness.api.callsTo('sendMessage')).toHaveLength(2)
    expect(harness.logger.text()).toContain('Too Many Requests')
    expect(harness.logger.text()).not.toContain(BOT_TOKEN)
  })

  it('retries a send lost on the network a bounded number of times, logging it without the token', async () => {
    harness.api.dropNext('sendMessage')
    await harness.send(messageUpdate(textMessage(privateChat, AIRPORT_QUESTION)))
    expect(harness.api.callsTo('sendMessage')).toHaveLength(2)
    const failure = harness.logger.lines.find((line) => line.message === 'Bot API call failed')
    expect(failure?.fields).toMatchObject({ method: 'sendMessage' })
    expect(harness.logger.text()).not.toContain(BOT_TOKEN)

    harness.api.reset()
    harness.api.dropNext('sendMessage', 10)
    await harness.send(messageUpdate(textMessage(privateChat, AIRPORT_QUESTION)))
    // The answer and the apology: each tried once and retried twice, then given up.
    expect(harness.api.callsTo('sendMessage')).toHaveLength(6)
    expect(harness.logger.lines.some((line) => line.message === 'update failed')).toBe(true)
    expect(harness.logger.text()).not.toContain(BOT_TOKEN)
  })

  it('apologises briefly when answering fails, and logs at most 200 characters of the question', async () => {
    harness.api.failNext('sendMessage', { error_code: 400, description: "Bad Request: can't parse entities" })
    const longQuestion = `${AIRPORT_QUESTION}${'啊'.repeat(400)}`
    await harness.send(messageUpdate(textMessage(privateChat, longQuestion)))
    const sent = harness.api.callsTo('sendMessage')
    expect(sent).toHaveLength(2)
    expect(sent[1]?.params.text).toBe(zh.failure)
    const failure = harness.logger.lines.find((line) => line.message === 'update failed')
    expect(String(failure?.fields?.error)).toContain("can't parse entities")
    expect(String(failure?.fields?.text).length).toBeLessThanOrEqual(201)
    expect(harness.logger.text()).not.toContain(BOT_TOKEN)
  })

  it('handles the same update_id once', async () => {
    const update = messageUpdate(textMessage(privateChat, AIRPORT_QUESTION))
    await harness.send(update)
    await harness.send(update)
    expect(harness.api.callsTo('sendMessage')).toHaveLength(1)
  })

  it("keeps a group under Telegram's 20 messages a minute, counting the notice, over any minute", async () => {
    let now = 0
    const limited = await startBotHarness(searcher, { chatLimit: { limit: 1000, now: () => now } })
    try {
      const ask = async (at: number) => {
        now = at
        await limited.send(
          messageUpdate(textMessage(supergroup, `/ask@${botInfo.username} ${AIRPORT_QUESTION}`)),
        )
      }
      for (let second = 0; second < 40; second++) await ask(second * 1000)
      const texts = () => limited.api.callsTo('sendMessage').map((call) => call.params.text)
      expect(texts()).toHaveLength(20)
      expect(texts().filter((text) => text === zh.rateLimited)).toHaveLength(1)
      // A fixed window would open again at 60 s; the sliding minute still counts the flood until it ages out.
      await ask(70_000)
      expect(texts()).toHaveLength(20)
      await ask(100_000)
      expect(texts()).toHaveLength(21)
      expect(texts().at(-1)).not.toBe(zh.rateLimited)
    } finally {
      await limited.close()
    }
  })

  it('limits questions per chat and says so once', async () => {
    const limited = await startBotHarness(searcher, { chatLimit: { limit: 2, timeFrameMs: 60_000 } })
    try {
      for (let i = 0; i < 5; i++)
        await limited.send(messageUpdate(textMessage(privateChat, AIRPORT_QUESTION)))
      const texts = limited.api.callsTo('sendMessage').map((call) => call.params.text)
      expect(texts).toHaveLength(3)
      expect(texts.filter((text) => text === zh.rateLimited)).toHaveLength(1)
    } finally {
      await limited.close()
    }
  })
})
