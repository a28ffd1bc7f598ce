import { beforeAll, describe, expect, it } from 'vitest'
import { detectAnswerType, splitQuestion } from '../../src/search/answer-type.ts'
import { restrictEvidence, weighEvidence } from '../../src/search/evidence.ts'
import { openSearcher } from '../../src/search/open-searcher.ts'
import { splitSentences } from '../../src/search/sentences.ts'
import { chooseSpotlight } from '../../src/search/spotlight.ts'
import type { Term } from '../../src/search/tokenizer.ts'
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

/** Evidence for a question from the given words (each found where it stands in the question), all equally rare. */
function evidenceOf(question: string, words: string[]) {
  const terms: Term[] = words.map((token) => {
    const start = question.indexOf(token)
    return { token, kind: 'word', start, end: start + token.length }
  })
  return weighEvidence(terms, () => 1, 100)
}
const chosen = (text: string, ranges: { start: number; end: number }[]) =>
  ranges.map(({ start, end }) => text.slice(start, end))

describe('chooseSpotlight', () => {
  it('reads a list question past the heading that introduces the list', () => {
    const text = '（六）争当承接产业转移“领头雁”。重点引进三类500强企业，实施精准招商。加强要素保障。'
    const question = '承接产业转移重点引进哪些企业'
    const spot = chooseSpotlight(text, evidenceOf(question, ['承接', '产业转移']), detectAnswerType(question))
    expect(chosen(text, spot.ranges)).toEqual([
      '（六）争当承接产业转移“领头雁”。重点引进三类500强企业，实施精准招商。',
    ])
  })

  it('gives a question asking two things the best sentence for each', () => {
    const text =
      '首趟班列今天上午从衡阳集结中心发车。班列装载40标箱小苏打。沿途经过多个站点。最终抵达越南胡志明市。'
    const question = '班列装载的什么货，最终抵达哪里'
    const evidence = evidenceOf(question, ['班列', '装载', '抵达'])
    const parts = splitQuestion(question).map((range) => ({
      evidence: restrictEvidence(evidence, range),
      answerType: detectAnswerType(question.slice(range.start, range.end)),
    }))
    expect(parts).toHaveLength(2)
    const spot = chooseSpotlight(text, evidence, detectAnswerType(question), [], parts)
    expect(chosen(text, spot.ranges)).toEqual(['班列装载40标箱小苏打。', '最终抵达越南胡志明市。'])
  })

  it('joins the next sentence when it holds the asked figure the chosen one lacks', () => {
    const text = '邵阳大力发展规模工业企业。目前总数达到2070家。'
    const question = '邵阳规模工业企业有多少家'
    const spot = chooseSpotlight(
      text,
      evidenceOf(question, ['邵阳', '规模', '工业企业']),
      detectAnswerType(question),
    )
    expect(chosen(text, spot.ranges)).toEqual([text])
    expect(spot.typed).toBe(true)
    expect(chosen(text, spot.figures)).toEqual(['2070家'])
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
