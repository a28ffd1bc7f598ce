import { beforeAll, describe, expect, it } from 'vitest'
import { loadArticles } from '../../src/corpus/load-corpus.ts'
import { buildEnglishLexicon } from '../../src/search/english/build-lexicon.ts'
import { loadCedictEntries } from '../../src/search/english/cedict-entries.ts'
import type { EnglishLexicon } from '../../src/search/english/lexicon.ts'
import { buildBundle, createNodeTokenizer } from '../../src/search/open-searcher.ts'
import { createSearcher } from '../../src/search/searcher.ts'
import type { Answer, Searcher } from '../../src/search/types.ts'
import { fixtureArticles } from '../fixtures/search/articles.ts'

let searcher: Searcher
let chineseOnly: Searcher
let lexicon: EnglishLexicon

beforeAll(async () => {
  const node = await createNodeTokenizer('corpus/dict')
  const bundle = await buildBundle(fixtureArticles, node)
  lexicon = bundle.english as EnglishLexicon
  searcher = createSearcher(bundle, node.tokenizer)
  const { english: _, ...withoutEnglish } = bundle
  chineseOnly = createSearcher(withoutEnglish, node.tokenizer)
})

const top = (answer: Answer) => answer.results.map((passage) => `${passage.articleId}#${passage.paragraph}`)

describe('English questions', () => {
  it('maps the longest English phrase first and keeps the months and numbers', async () => {
    const answer = await searcher.answer(
      "What was Hunan's total import and export value in the first 11 months?",
    )
    expect(answer.translation?.terms).toEqual(expect.arrayContaining(['湖南', '进出口', '前11月']))
    // "import and export" is one phrase (进出口), not 进口 and 出口.
    expect(answer.translation?.terms).not.toContain('进口')
    expect(top(answer)[0]).toBe('waimao#0')
    expect(answer.foreign).toBe(true)
  })

  it('drops English stop words, keeps percentages and spelt-out numbers', async () => {
    const answer = await searcher.answer(
      'Which import and export value grew by 45.4 percent in the first eleven months?',
    )
    expect(answer.translation?.terms).toEqual(expect.arrayContaining(['45.4%', '前11月']))
    expect(answer.translation?.terms.join(' ')).not.toMatch(/[a-z]/u)
    expect(top(answer).slice(0, 2)).toContain('waimao#2')
  })

  it('maps pinyin place names to the Chinese names of the corpus', async () => {
    expect(lexicon.names.xiangtan).toContain('湘潭')
    expect(lexicon.names.changsha).toContain('长沙')
    // Names come from the corpus: a city the fixture never mentions has no entry.
    expect(lexicon.names.shaoyang).toBeUndefined()
    const answer = await searcher.answer('What is the rural minimum living allowance standard in Xiangtan?')
    expect(answer.translation?.terms).toContain('湘潭')
    expect(top(answer)[0]).toBe('xiangtan-minzheng#0')
  })

  it('reads domain phrases from the English glossary, keeping only words the corpus holds', async () => {
    const answer = await searcher.answer('What is the rural minimum living allowance standard in Xiangtan?')
    expect(answer.translation?.terms).toContain('低保')
    expect(lexicon.exact['allowance living minimum']?.[0]).toBe('低保')
    // 规模以上工业企业 (industrial enterprises above designated size) is in the glossary, not in the fixture corpus.
    expect(Object.values(lexicon.exact).flat()).not.toContain('规模以上工业企业')
  })

  it('answers a mixed English and Chinese question', async () => {
    const answer = await searcher.answer('Xiangtan 两项补贴 how much per month?')
    expect(answer.translation?.terms).toEqual(expect.arrayContaining(['湘潭', '两项补贴']))
    expect(top(answer)[0]).toBe('xiangtan-minzheng#1')
    expect(answer.asksFigure).toBe(true)
  })

  it('says nothing was found when the English words have no match in the corpus', async () => {
    expect(await searcher.answer('How many penguins live on the moon?')).toMatchObject({ found: false })
  })

  it('builds the lexicon from CC-CEDICT senses present in the corpus only', async () => {
    const built = buildEnglishLexicon({
      articles: fixtureArticles,
      normalize: (text) => text,
      cedict: await loadCedictEntries(),
    })
    const words = new Set(Object.values(built.phrases).flat())
    expect(words.has('进出口')).toBe(true)
    // 企鹅 (penguin) is in the dictionary but not in the fixture corpus.
    expect(words.has('企鹅')).toBe(false)
  })
})

describe('Chinese questions', () => {
  it.each([
    '湖南前11月进出口总额是多少？',
    '湘潭 农村低保 平均标准',
    '长沙残疾人托养机构有多少家',
    '湖南GDP',
    '5G网络',
  ])('are searched exactly as without the English lexicon: %s', async (question) => {
    const [withLexicon, without] = await Promise.all([
      searcher.answer(question),
      chineseOnly.answer(question),
    ])
    expect(withLexicon.translation).toBeUndefined()
    expect(top(withLexicon)).toEqual(top(without))
    expect(withLexicon.results.map((passage) => passage.score)).toEqual(
      without.results.map((passage) => passage.score),
    )
  })
})

describe('English questions over the seed corpus', () => {
  it('reads "industrial enterprises above designated size" as the name the corpus prints (规模工业企业)', async () => {
    const node = await createNodeTokenizer('corpus/dict')
    const seed = createSearcher(
      await buildBundle(await loadArticles('corpus/articles'), node),
      node.tokenizer,
    )
    const answer = await seed.answer(
      'How many industrial enterprises above designated size does Shaoyang have?',
    )
    expect(answer.translation?.terms).toEqual(expect.arrayContaining(['规模工业企业', '邵阳']))
    expect(answer.found).toBe(true)
    expect(answer.results[0]?.text).toContain('规模工业企业总数由760家增长到2070家')
  }, 60_000)
})
