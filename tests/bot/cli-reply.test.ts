import { describe, expect, it } from 'vitest'
import { replyCommand } from '../../src/bot/cli-reply.ts'
import { passagesPerMessage, renderAnswerHtml } from '../../src/render/answer-html.ts'
import { realSearcher } from '../helpers/searcher.ts'
import { assertTelegramHtml } from '../helpers/telegram-html.ts'

describe('cli reply', () => {
  it('prints exactly the HTML message the bot sends in a private chat', async () => {
    const searcher = await realSearcher()
    let out = ''
    const code = await replyCommand(['湖南前11月进出口总额是多少？'], {
      openSearcher: async () => searcher,
      write: (text) => {
        out += text
      },
      writeError: () => {},
    })
    expect(code).toBe(0)
    const answer = await searcher.answer('湖南前11月进出口总额是多少？', {
      limit: passagesPerMessage('private'),
    })
    expect(out).toBe(`${renderAnswerHtml(answer, { surface: 'private', offset: 0 }).html}\n`)
    expect(assertTelegramHtml(out.trimEnd()).bold).toContain('6417.6亿元')
  })

  it('prints usage and exits 2 without a question', async () => {
    let error = ''
    const code = await replyCommand([], {
      openSearcher: () => Promise.reject(new Error('not needed')),
      write: () => {},
      writeError: (text) => {
        error += text
      },
    })
    expect(code).toBe(2)
    expect(error).toContain('reply "问题"')
  })
})
