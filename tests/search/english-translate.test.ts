import { describe, expect, it } from 'vitest'
import { parseGlossary } from '../../src/search/english/build-lexicon.ts'
import type { EnglishLexicon } from '../../src/search/english/lexicon.ts'
import { createTranslator } from '../../src/search/english/translate.ts'

/** A translator over a hand-made lexicon and the paragraphs (by id) each Chinese word stands in. */
function translatorOf(lexicon: Partial<EnglishLexicon>, paragraphs: Record<string, number[]>) {
  return createTranslator(
    { exact: {}, phrases: {}, words: {}, names: {}, maxPhrase: 6, ...lexicon },
    {
      paragraphsOf: (word) => (paragraphs[word] ? new Set(paragraphs[word]) : undefined),
      docsCount: 100,
    },
  )
}

describe('choosing among the senses of an English word', () => {
  it('prefers the sense the corpus uses often over a rare one when neither shares a paragraph with the rest', () => {
    const translate = translatorOf(
      { exact: { develop: ['生发', '发展'], tourism: ['旅游'] } },
      { 生发: [90], 发展: [1, 2, 3, 4, 5, 6, 7, 8], 旅游: [50] },
    )
    expect(translate('How does tourism develop?')?.terms).toEqual(['旅游', '发展'])
  })

  it('prefers the sense that stands in one paragraph with the other words of the question', () => {
    const translate = translatorOf(
      { exact: { share: ['共享', '比重'], export: ['出口'] } },
      { 共享: [1, 2, 3, 4, 5, 6], 比重: [20], 出口: [20, 21] },
    )
    expect(translate('What share of exports?')?.terms).toEqual(['比重', '出口'])
  })

  it('prefers senses of neighbouring words that form one word of the corpus', () => {
    const translate = translatorOf(
      { exact: { disabled: ['残疾'], student: ['学子', '学生'] } },
      { 残疾: [2, 3], 学子: [2], 学生: [3], 残疾学生: [3] },
    )
    expect(translate('disabled students')?.terms).toEqual(['残疾', '学生'])
  })
})

describe('phrases', () => {
  it('takes a whole gloss that starts or ends with a stop word, never a stop word alone', () => {
    const translate = translatorOf(
      { exact: { 'above scale': ['规模以上'], scale: ['规模'], firm: ['企业'] } },
      { 规模以上: [1], 规模: [1, 2], 企业: [1, 2] },
    )
    expect(translate('How many above-scale firms?')?.terms).toEqual(['规模以上', '企业'])
    expect(translate('firms of any scale')?.terms).toEqual(['企业', '规模'])
  })
})

describe('long gloss lists', () => {
  it('weighs the sense the corpus uses even when the dictionary lists it late', () => {
    const senses = ['建设', '发扬', '开发', '生发', '发达', '研发', '开展', '打造', '开拓', '发展']
    const paragraphs: Record<string, number[]> = Object.fromEntries(senses.map((word, i) => [word, [i]]))
    paragraphs.发展 = [
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    ]
    expect(translatorOf({ exact: { develop: senses } }, paragraphs)('develop')?.terms).toEqual(['发展'])
  })
})

describe('words the dictionary lacks', () => {
  it('reads a compound as its two parts, an agent noun as its verb', () => {
    const translate = translatorOf({ exact: { bee: ['蜜蜂'], keep: ['养殖'] } }, { 蜜蜂: [4], 养殖: [4, 5] })
    expect(translate('Who is the beekeeper?')?.terms).toEqual(['蜜蜂', '养殖'])
  })

  it('splits a compound only into whole glosses, not partial senses', () => {
    const translate = translatorOf(
      { exact: { next: ['其后'], listing: ['上市'] }, words: { chi: ['胡志明'] } },
      { 其后: [1], 胡志明: [2], 上市: [3] },
    )
    expect(translate('ChiNext listing')?.query).toBe('chinext 上市')
  })

  it('keeps a word with no sense and no parts as it is (missing evidence)', () => {
    const translate = translatorOf({ exact: { hunan: ['湖南'] } }, { 湖南: [1] })
    expect(translate('How many pandas in hunan?')?.query).toBe('pandas 湖南')
  })
})

describe('dates', () => {
  it('reads "the end of" a month or year as the Chinese date phrase', () => {
    const translate = translatorOf({ exact: { insured: ['参保'] } }, { 参保: [1] })
    expect(translate('How many insured by the end of November?')?.terms).toEqual(['参保', '11月底'])
    expect(translate('insured at the end of last year')?.terms).toEqual(['参保', '去年底'])
    expect(translate('insured at end of the year')?.terms).toEqual(['参保', '年底'])
  })

  it('names a Five-Year Plan as China does', () => {
    const translate = translatorOf({ exact: { relocate: ['搬迁'] } }, { 搬迁: [1] })
    expect(translate('Who did they relocate during the 13th Five-Year Plan?')?.terms).toEqual([
      '搬迁',
      '十三五',
    ])
    expect(translate('relocate in the 14th five year plan')?.terms).toEqual(['搬迁', '十四五'])
  })
})

describe('pinyin names', () => {
  const translate = translatorOf(
    { exact: { long: ['长久'] }, names: { long: ['龙山'], changsha: ['长沙'] } },
    { 长久: [1, 2], 龙山: [3], 长沙: [1, 4] },
  )

  it('reads a capitalized word as a name', () => {
    expect(translate('Who met Long in Changsha?')?.terms).toEqual(['龙山', '长沙'])
  })

  it('reads a lower-case English word, or the first word of the question, as English', () => {
    expect(translate('a long stay in changsha')?.terms).toEqual(['长久', '长沙'])
    expect(translate('Long stays in Changsha')?.terms).toEqual(['长久', '长沙'])
  })
})

describe('the English glossary', () => {
  it('reads phrases and their Chinese words, comments and blank lines aside', () => {
    expect(
      parseGlossary(
        '# general vocabulary\n\nminimum living allowance = 低保 最低生活保障\nyear-on-year = 同比\n',
      ),
    ).toEqual([
      { english: ['minimum', 'living', 'allowance'], chinese: ['低保', '最低生活保障'] },
      { english: ['year', 'on', 'year'], chinese: ['同比'] },
    ])
  })

  it('names the line of a malformed entry', () => {
    expect(() => parseGlossary('per capita = 人均\nyear on year 同比\n')).toThrow(
      'english-glossary.txt:2: expected "english phrase = 中文词 [中文词 …]"',
    )
    expect(() => parseGlossary('GDP = gross product\n')).toThrow('english-glossary.txt:1')
  })
})
