import { describe, expect, it } from 'vitest'
import { addressedQuestion, clipQuestion, extractQuestion } from '../../src/bot/question.ts'
import { botInfo } from '../helpers/fake-bot-api.ts'
import { botUser, detectEntities, privateChat, supergroup, textMessage } from '../helpers/telegram-updates.ts'

const name = botInfo.username

describe('extractQuestion', () => {
  it('drops the leading command and mentions of the bot, keeps other mentions', () => {
    const text = `/ask@${name} 湖南 @someone 进出口总额 @${name}`
    expect(extractQuestion(text, detectEntities(text), name)).toBe('湖南 @someone 进出口总额')
  })
})

describe('addressedQuestion', () => {
  it('takes any private text as the question', () => {
    expect(
      addressedQuestion(textMessage(privateChat, '  湖南前11月进出口总额是多少？ '), botInfo, false),
    ).toBe('湖南前11月进出口总额是多少？')
  })

  it('in groups takes /ask, /ask@bot, a mention and a reply to the bot, and ignores chatter', () => {
    const ask = (text: string, extra = {}) =>
      addressedQuestion(textMessage(supergroup, text, extra), botInfo, false)
    expect(ask('/ask 黄花机场 全货运航线')).toBe('黄花机场 全货运航线')
    expect(ask(`/ask@${name} 黄花机场`)).toBe('黄花机场')
    expect(ask('/ask@other_bot 黄花机场')).toBeUndefined()
    expect(ask(`@${name} 黄花机场`)).toBe('黄花机场')
    expect(ask('黄花机场', { reply_to_message: textMessage(supergroup, '答案', { from: botUser }) })).toBe(
      '黄花机场',
    )
    expect(ask('今天中午吃什么？')).toBeUndefined()
    expect(ask('/ask')).toBe('')
  })

  it('does not answer edited group messages again', () => {
    expect(addressedQuestion(textMessage(supergroup, '/ask 黄花机场'), botInfo, true)).toBeUndefined()
  })
})

describe('clipQuestion', () => {
  it('cuts at 200 characters without splitting an emoji into a lone surrogate', () => {
    expect(clipQuestion(`${'湖'.repeat(199)}😀尾`)).toBe('湖'.repeat(199))
    expect(clipQuestion(`${'湖'.repeat(198)}😀尾`)).toBe(`${'湖'.repeat(198)}😀`)
    expect(clipQuestion(`  黄花机场 \n\t 全货运航线  `)).toBe('黄花机场 全货运航线')
  })
})
