/** The bot's limits as a flooding user meets them: inline queries, deep offsets, command-menu taps. */
import type { InlineQueryResultArticle } from 'grammy/types'
import { beforeAll, describe, expect, it } from 'vitest'
import { zh } from '../../prompts/zh.ts'
import type { Searcher } from '../../src/search/types.ts'
import { startBotHarness } from '../helpers/bot-harness.ts'
import { countingSearcher, realSearcher } from '../helpers/searcher.ts'
import { inlineQueryUpdate, messageUpdate, privateChat, textMessage } from '../helpers/telegram-updates.ts'

let searcher: Searcher
beforeAll(async () => {
  searcher = await realSearcher()
})

describe('inline queries', () => {
  it('are limited per user: a flood of 60 runs at most 15 searches, the rest get an empty list saying why', async () => {
    const probe = countingSearcher(searcher)
    const harness = await startBotHarness(probe, { chatLimit: {} })
    try {
      for (let i = 0; i < 60; i++) await harness.send(inlineQueryUpdate(`湖南${i}`))
      const answers = harness.api.callsTo('answerInlineQuery')
      expect(answers).toHaveLength(60)
      expect(probe.searches()).toBe(15)
      const refused = answers.filter(
        (call) => (call.params.button as { text?: string } | undefined)?.text === zh.rateLimited,
      )
      expect(refused).toHaveLength(45)
      expect(refused[0]?.params).toMatchObject({
        results: [],
        cache_time: 0,
        button: { text: zh.rateLimited, start_parameter: 'help' },
      })
    } finally {
      await harness.close()
    }
  })

  it('serve at most five pages: a deep offset sent by the client runs no search', async () => {
    const probe = countingSearcher(searcher)
    const harness = await startBotHarness(probe)
    try {
      await harness.send(inlineQueryUpdate('湖南', '990'))
      const [deep] = harness.api.callsTo('answerInlineQuery')
      expect(deep?.params).toMatchObject({ results: [], next_offset: '' })
      expect(probe.searches()).toBe(0)
      await harness.send(inlineQueryUpdate('湖南', '40'))
      const [, last] = harness.api.callsTo('answerInlineQuery')
      expect((last?.params.results as InlineQueryResultArticle[] | undefined)?.length).toBeGreaterThan(0)
      expect(last?.params.next_offset).toBe('')
    } finally {
      await harness.close()
    }
  })
})

describe('the burst limit', () => {
  it('does not count taps on the command menu', async () => {
    const harness = await startBotHarness(searcher, { chatLimit: {} })
    try {
      for (const command of ['/help', '/start', '/about', '/help', '/help', '/about', '/start', '/help']) {
        await harness.send(messageUpdate(textMessage(privateChat, command)))
      }
      const texts = harness.api.callsTo('sendMessage').map((call) => call.params.text)
      expect(texts).toHaveLength(8)
      expect(texts).not.toContain(zh.rateLimited)
      // Questions are still limited: 6 in the burst, then one notice.
      for (let i = 0; i < 8; i++) await harness.send(messageUpdate(textMessage(privateChat, `湖南${i}`)))
      const after = harness.api.callsTo('sendMessage').map((call) => call.params.text)
      expect(after.filter((text) => text === zh.rateLimited)).toHaveLength(1)
      expect(after).toHaveLength(8 + 6 + 1)
    } finally {
      await harness.close()
    }
  })
})
