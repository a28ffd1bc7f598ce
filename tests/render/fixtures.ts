import type { Answer, Passage } from '../../src/search/types.ts'

/** A paragraph of 湖南日报's 三湘时评 (seed 000), as the corpus keeps it. */
export const tradeParagraph =
  '外贸是拉动我国经济增长的“三驾马车”之一。即将过去的一年，湖南外贸这驾“马车”跑得不易，也跑出了好成绩——前11月，湖南进出口总额首次突破6000亿元大关，达到6417.6亿元。不沿边不靠海的湖南，在国际国内各种不确定因素叠加的背景下，何以通江达海，奔腾向前？'

/** Highlights the way the searcher reports them: [start, end) of terms and figures. */
export function rangeOf(text: string, needle: string, kind: 'term' | 'figure') {
  const start = text.indexOf(needle)
  if (start < 0) throw new Error(`"${needle}" not in text`)
  return { start, end: start + needle.length, kind }
}

export function passage(overrides: Partial<Passage> = {}): Passage {
  const text = overrides.text ?? tradeParagraph
  return {
    text,
    title: '外贸“马车”何以跑出加速度',
    source: '湖南日报',
    date: '2022-12-20',
    authors: ['杨兴东'],
    articleId: 'hnrb-2022-12-20-sanxiang-shiping',
    paragraph: 0,
    score: 12.5,
    spotlight: overrides.text
      ? []
      : [rangeOf(text, '前11月，湖南进出口总额首次突破6000亿元大关，达到6417.6亿元。', 'term')].map(
          ({ start, end }) => ({ start, end }),
        ),
    highlights: overrides.text
      ? []
      : [
          rangeOf(text, '进出口总额', 'term'),
          rangeOf(text, '6417.6亿元', 'figure'),
          rangeOf(text, '前11月', 'term'),
        ],
    ...overrides,
  }
}

export function answer(results: Passage[], overrides: Partial<Answer> = {}): Answer {
  return {
    found: results.length > 0,
    results,
    total: results.length,
    foreign: false,
    asksFigure: false,
    asks: 'other',
    ...overrides,
  }
}
