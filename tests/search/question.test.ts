import { describe, expect, it } from 'vitest'
import { detectAnswerType } from '../../src/search/answer-type.ts'
import { isForeignQuestion } from '../../src/search/question.ts'

const asksForFigure = (question: string) => detectAnswerType(question).kind === 'figure'

describe('question kind', () => {
  it('tells a question asking for a figure', () => {
    expect(asksForFigure('黄花机场全货运航线有几条')).toBe(true)
    expect(asksForFigure('入学率有多高')).toBe(true)
    expect(asksForFigure('how many cargo routes')).toBe(true)
    expect(asksForFigure('几乎所有企业都复工了吗')).toBe(false)
    expect(asksForFigure('湘潭市民政局的党委书记是谁')).toBe(false)
  })

  it('tells a question mostly in a Latin script', () => {
    expect(isForeignQuestion('What is the minimum wage in Changsha?')).toBe(true)
    expect(isForeignQuestion('衡阳珠晖区2021年GDP有多少？')).toBe(false)
  })
})
