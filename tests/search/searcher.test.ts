import { beforeAll, describe, expect, it } from 'vitest'
import { UNKNOWN_SOURCE } from '../../src/corpus/types.ts'
import { buildBundle, createNodeTokenizer } from '../../src/search/open-searcher.ts'
import { createSearcher } from '../../src/search/searcher.ts'
import type { Answer, Passage, Searcher } from '../../src/search/types.ts'
import { fixtureArticles } from '../fixtures/search/articles.ts'

let searcher: Searcher
const ids = (answer: Answer) => answer.results.map((passage) => `${passage.articleId}#${passage.paragraph}`)
const marked = (passage: Passage) =>
  passage.highlights.map((highlight) => [highlight.kind, passage.text.slice(highlight.start, highlight.end)])

beforeAll(async () => {
  const node = await createNodeTokenizer('corpus/dict')
  searcher = createSearcher(await buildBundle(fixtureArticles, node), node.tokenizer)
})

describe('answer', () => {
  it('quotes the paragraph with its attribution', async () => {
    const answer = await searcher.answer('黄花机场全货运航线有几条')
    expect(answer).toMatchObject({ found: true, total: 1, foreign: false, asksFigure: true })
    expect(answer.results).toHaveLength(1)
    expect(answer.results[0]).toMatchObject({
      text: fixtureArticles[0]?.paragraphs[1],
      title: '湖南外贸跑出加速度',
      source: '湖南日报',
      date: '2022-12-20',
      authors: ['杨兴东'],
      url: 'https://example.org/waimao',
      articleId: 'waimao',
      paragraph: 1,
    })
  })

  it('ranks paragraphs by BM25 over words and bigrams, with the title as evidence', async () => {
    expect(ids(await searcher.answer('湖南外贸进出口总额'))).toEqual([
      'waimao#0',
      'waimao#2',
      'waimao#1',
      'waimao#3',
    ])
    expect(ids(await searcher.answer('湘潭残疾人两项补贴标准'))).toEqual([
      'xiangtan-minzheng#1',
      'canlian#0',
      'canlian#1',
      'xiangtan-minzheng#0',
      'canlian#2',
    ])
  })

  it('shows a reprinted paragraph once', async () => {
    const answer = await searcher.answer('长沙残疾人集中托养机构有多少家', { limit: 10 })
    expect(ids(answer)).toEqual([
      'canlian-zhuanzai#0',
      'canlian#1',
      'xiangtan-minzheng#1',
      'canlian#2',
      'waimao#1',
    ])
    expect(answer.total).toBe(5)
  })

  it('answers a question in Traditional characters as in Simplified', async () => {
    const traditional = await searcher.answer('長沙市殘聯扶持建成了多少家殘疾人集中托養機構？')
    const simplified = await searcher.answer('长沙市残联扶持建成了多少家残疾人集中托养机构？')
    expect(ids(traditional)).toEqual(ids(simplified))
    expect(ids(traditional)[0]).toBe('canlian-zhuanzai#0')
  })

  it('searches synonyms of the question terms', async () => {
    expect(ids(await searcher.answer('最低生活保障审核要多久'))).toEqual([
      'xiangtan-minzheng#2',
      'xiangtan-minzheng#0',
    ])
  })

  it('highlights the matched terms and, for a figure question, the figures', async () => {
    const [passage] = (await searcher.answer('黄花机场全货运航线有几条')).results
    if (!passage) throw new Error('no result')
    // Whole words only: 黄花机场 covers two thirds of the one word 黄花国际机场.
    expect(marked(passage)).toEqual([
      ['term', '黄花国际机场'],
      ['term', '货运航线'],
      ['figure', '10条'],
    ])
    const [rate] = (await searcher.answer('湘潭两项补贴每人每月多少钱')).results
    expect(rate && marked(rate)).toEqual([
      ['term', '两项补贴'],
      ['figure', '75元/人/月'],
    ])
  })

  it('highlights only terms when the question does not ask for a figure', async () => {
    const [passage] = (await searcher.answer('湘雅医院义诊')).results
    expect(passage && marked(passage)).toEqual([
      ['term', '湘雅医院'],
      ['term', '义诊'],
    ])
  })

  it('says found: false when nothing in the corpus answers', async () => {
    expect(await searcher.answer('月球背面有多少座环形山')).toMatchObject({ found: false, results: [] })
    const weak = await searcher.answer('湘潭地铁一号线什么时候开通')
    expect(weak.found).toBe(false)
    expect(await searcher.answer('How many cargo routes does the airport have?')).toMatchObject({
      found: false,
      foreign: true,
    })
    expect(await searcher.answer('吗？')).toMatchObject({ found: false, results: [], total: 0 })
  })

  it('pages through the ranking', async () => {
    const all = await searcher.answer('湘潭残疾人两项补贴标准', { limit: 10 })
    const page = await searcher.answer('湘潭残疾人两项补贴标准', { limit: 2, offset: 2 })
    expect(ids(page)).toEqual(ids(all).slice(2, 4))
    expect(page.total).toBe(all.total)
  })
})

describe('context, article and stats', () => {
  it('gives the neighbouring paragraphs of a passage', () => {
    // At the ends the window slides inward: the first and the last paragraph get two neighbours too.
    expect(searcher.context('waimao', 0)).toMatchObject({ paragraph: 0, from: 0, to: 2 })
    expect(searcher.context('waimao', 3)).toMatchObject({ paragraph: 3, from: 1, to: 3 })
    expect(searcher.context('waimao', 1)).toMatchObject({ paragraph: 1, from: 0, to: 2 })
    expect(searcher.context('waimao', 2, 5)).toMatchObject({ paragraph: 2, from: 0, to: 3 })
    expect(searcher.context('waimao', 2, 1)?.article.id).toBe('waimao')
    expect(searcher.context('waimao', 4)).toBeUndefined()
    expect(searcher.context('nope', 0)).toBeUndefined()
  })

  it('finds articles by id and describes the corpus', () => {
    expect(searcher.article('canlian')?.title).toBe('长沙残疾人事业十年发展纪实')
    expect(searcher.article('nope')).toBeUndefined()
    expect(searcher.stats()).toMatchObject({
      articles: 4,
      paragraphs: 11,
      dates: { from: '2022-10-08', to: '2022-12-30' },
      sources: ['新浪财经（转载长沙晚报）', '湖南日报', '湘潭市民政局', '长沙晚报'],
    })
  })

  it('lists only named sources: an article whose source is not printed adds none', async () => {
    const node = await createNodeTokenizer('corpus/dict')
    const unattributed = { ...fixtureArticles[0]!, id: 'no-source', source: UNKNOWN_SOURCE }
    const withUnknown = createSearcher(
      await buildBundle([...fixtureArticles, unattributed], node),
      node.tokenizer,
    )
    expect(withUnknown.stats().articles).toBe(5)
    expect(withUnknown.stats().sources).toEqual([
      '新浪财经（转载长沙晚报）',
      '湖南日报',
      '湘潭市民政局',
      '长沙晚报',
    ])
  })
})
