import { beforeAll, describe, expect, it } from 'vitest'
import { detectAnswerType } from '../../src/search/answer-type.ts'
import { openSearcher } from '../../src/search/open-searcher.ts'
import { splitSentences } from '../../src/search/sentences.ts'
import type { Passage, Searcher } from '../../src/search/types.ts'
import { CORPUS_DIR, INDEX_PATH } from '../helpers/searcher.ts'

const sentences = (text: string) => splitSentences(text).map(({ start, end }) => text.slice(start, end))
const spotlight = (passage: Passage | undefined) =>
  (passage?.spotlight ?? []).map(({ start, end }) => passage?.text.slice(start, end)).join('')

describe('splitSentences', () => {
  it('splits on 。！？； and line ends, keeping each sentence verbatim', () => {
    expect(sentences('前11月，进出口总额达到6417.6亿元。增长多少？很多！其一；其二\n其三')).toEqual([
      '前11月，进出口总额达到6417.6亿元。',
      '增长多少？',
      '很多！',
      '其一；',
      '其二',
      '其三',
    ])
  })

  it('never splits inside quotes or brackets, and ends a sentence at a quote closing after 。', () => {
    expect(sentences('他说：“今年增长5%。明年更好。”随后离开。《关于做好……。》已印发。')).toEqual([
      '他说：“今年增长5%。明年更好。”',
      '随后离开。',
      '《关于做好……。》已印发。',
    ])
  })

  it('ignores quotes that do not balance rather than swallowing the paragraph', () => {
    expect(sentences('他说：“今年增长5%。明年更好。')).toEqual(['他说：“今年增长5%。', '明年更好。'])
  })
})

describe('detectAnswerType', () => {
  it('reads the asked figure and its unit, a person, a place, a date or a list', () => {
    expect(detectAnswerType('邵阳规模工业企业有多少家')).toEqual({ kind: 'figure', units: ['家'] })
    expect(detectAnswerType('岳麓山实验室总投资多少亿元').units).toEqual(['元'])
    expect(detectAnswerType('普惠园在园幼儿占比是多少').units).toContain('%')
    expect(detectAnswerType('湖南省和长沙市排全国第几').units).toEqual(['第'])
    expect(detectAnswerType('省人民检察院检察长是谁').kind).toBe('person')
    expect(detectAnswerType('座谈会在哪里召开').kind).toBe('place')
    expect(detectAnswerType('湖南支持哪几个市建设配送中心').kind).toBe('place')
    expect(detectAnswerType('实施意见是哪天通过的').kind).toBe('date')
    expect(detectAnswerType('湘潭市养老服务有哪些举措').kind).toBe('list')
    // 家 inside a name (万家民营企业) is not the asked unit.
    expect(detectAnswerType('万家民营企业评营商环境湖南排第几').units).toEqual(['第'])
  })
})

describe('answer(): spotlight and found', () => {
  let searcher: Searcher
  beforeAll(async () => {
    searcher = await openSearcher({ corpusDir: CORPUS_DIR, indexPath: INDEX_PATH })
  })

  it('points at the sentence holding the asked figure with its unit', async () => {
    const answer = await searcher.answer('邵阳规模工业企业有多少家？')
    expect(answer.found).toBe(true)
    const [top] = answer.results
    expect(spotlight(top)).toContain('由760家增长到2070家')
    expect(spotlight(top).length).toBeLessThan((top?.text.length ?? 0) / 2)
    const figures = top?.highlights
      .filter((h) => h.kind === 'figure')
      .map((h) => top.text.slice(h.start, h.end))
    expect(figures).toEqual(['760家', '2070家'])
  })

  it('refuses a question whose rare word the documents lack, naming it', async () => {
    const answer = await searcher.answer('长沙黄花国际机场今年的货邮吞吐量是多少吨？')
    expect(answer).toMatchObject({ found: false, reason: 'missing-term' })
    expect(answer.judgement?.missingTerm).toMatch(/货邮|吞吐量/u)
    expect(answer.results.length).toBeGreaterThan(0)
  })

  it('refuses questions about other places and out-of-scope topics', async () => {
    for (const question of ['上海GDP是多少', '北京天气', '今天几号', '广东省前11月进出口总额是多少']) {
      expect((await searcher.answer(question)).found, question).toBe(false)
    }
  })

  it('refuses a figure question whose best passage holds no figure of the asked kind', async () => {
    const answer = await searcher.answer('岳麓山实验室总投资多少？')
    expect(answer.found).toBe(false)
  })

  it('still answers through a typo (研发经废 for 研发经费)', async () => {
    const answer = await searcher.answer('珠晖区全社会研发经废总量有多少')
    expect(answer.found).toBe(true)
    expect(spotlight(answer.results[0])).toContain('2.9亿元')
  })
})
