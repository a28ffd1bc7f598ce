import { describe, expect, it } from 'vitest'
import { zh } from '../../prompts/zh.ts'
import { renderAnswerHtml } from '../../src/render/answer-html.ts'
import { assertTelegramHtml } from '../helpers/telegram-html.ts'
import { answer, passage, tradeParagraph } from './fixtures.ts'

describe('renderAnswerHtml', () => {
  it('quotes the paragraph verbatim in a blockquote, then 《title》 · source · date · authors', () => {
    const rendered = renderAnswerHtml(answer([passage({ spotlight: [] })]), { surface: 'private', offset: 0 })
    const parsed = assertTelegramHtml(rendered.html)
    expect(parsed.blockquotes.map((quote) => quote.text)).toEqual([tradeParagraph])
    expect(parsed.text).toContain(
      `${tradeParagraph}\n《外贸“马车”何以跑出加速度》 · 湖南日报 · 2022-12-20 · 杨兴东`,
    )
    expect(rendered.shown).toHaveLength(1)
    expect(rendered.nextOffset).toBeUndefined()
  })

  it('leads with the answering sentence, its asked figure in bold, then the paragraph folded, then the attribution', () => {
    const parsed = assertTelegramHtml(
      renderAnswerHtml(answer([passage()]), { surface: 'private', offset: 0 }).html,
    )
    const spotlight = '前11月，湖南进出口总额首次突破6000亿元大关，达到6417.6亿元。'
    expect(parsed.text.startsWith(`${spotlight}\n${tradeParagraph}\n《外贸`)).toBe(true)
    expect(parsed.blockquotes).toEqual([{ text: tradeParagraph, expandable: true }])
    expect(parsed.bold).toEqual(['6417.6亿元', '前11月', '进出口总额', '6417.6亿元'])
  })

  it('shows the answer in a group without anything to expand', () => {
    const parsed = assertTelegramHtml(
      renderAnswerHtml(answer([passage({ spotlight: [] })]), { surface: 'group', offset: 0 }).html,
    )
    expect(parsed.blockquotes).toEqual([{ text: tradeParagraph, expandable: false }])
    const led = assertTelegramHtml(
      renderAnswerHtml(answer([passage()]), { surface: 'group', offset: 0 }).html,
    )
    expect(led.text.startsWith('前11月，湖南进出口总额首次突破6000亿元大关，达到6417.6亿元。\n')).toBe(true)
  })

  it('says first that nothing answers, naming the missing word, and offers the closest passages only on request', () => {
    const notFound = answer([passage()], {
      found: false,
      reason: 'missing-term',
      judgement: {
        score: 0.1,
        coverage: 0.6,
        missing: 1,
        missingTerm: '货邮吞吐量',
        typed: true,
        passageTyped: true,
      },
    })
    const rendered = renderAnswerHtml(notFound, { surface: 'private', offset: 0 })
    const parsed = assertTelegramHtml(rendered.html)
    expect(parsed.text.startsWith(zh.noResultMissing('货邮吞吐量'))).toBe(true)
    expect(parsed.blockquotes).toEqual([])
    expect(rendered).toMatchObject({ shown: [], closestAvailable: true })
    const closest = renderAnswerHtml(notFound, { surface: 'private', offset: 0, closest: true })
    const shown = assertTelegramHtml(closest.html)
    expect(shown.text.startsWith(zh.closestHeader)).toBe(true)
    expect(shown.blockquotes.map((quote) => quote.text)).toEqual([tradeParagraph])
  })

  it('escapes <, > and & from the corpus and " in the link, and links the title when a url is known', () => {
    const text = '比较：A<B & C>D，增长“10%”。'
    const rendered = renderAnswerHtml(
      answer([
        passage({
          text,
          title: '标题<i>不是标签</i> & 更多',
          url: 'https://example.com/a?x=1&y="2"',
          highlights: [{ start: text.indexOf('10%'), end: text.indexOf('10%') + 3, kind: 'figure' }],
        }),
      ]),
      { surface: 'private', offset: 0 },
    )
    expect(rendered.html).toContain('A&lt;B &amp; C&gt;D')
    expect(rendered.html).toContain('href="https://example.com/a?x=1&amp;y=&quot;2&quot;"')
    const parsed = assertTelegramHtml(rendered.html)
    expect(parsed.blockquotes[0]?.text).toBe(text)
    expect(parsed.links).toEqual([
      { href: 'https://example.com/a?x=1&y="2"', text: '《标题<i>不是标签</i> & 更多》' },
    ])
  })

  it('sends up to 3 passages in private chats and says which results these are', () => {
    const results = [0, 1, 2, 3].map((paragraph) =>
      passage({ paragraph, text: `第${paragraph}段：湖南进出口总额。` }),
    )
    const rendered = renderAnswerHtml(answer(results.slice(0, 3), { total: 7 }), {
      surface: 'private',
      offset: 0,
    })
    const parsed = assertTelegramHtml(rendered.html)
    expect(parsed.blockquotes).toHaveLength(3)
    expect(rendered.nextOffset).toBe(3)
    expect(parsed.text).toContain(zh.range(1, 3, 7))
  })

  it('gives groups one folded quote for a figure question', () => {
    const rendered = renderAnswerHtml(
      answer([passage(), passage({ paragraph: 3 })], { total: 2, asksFigure: true }),
      {
        surface: 'group',
        offset: 0,
      },
    )
    const parsed = assertTelegramHtml(rendered.html)
    expect(parsed.blockquotes).toEqual([{ text: tradeParagraph, expandable: true }])
    expect(rendered.nextOffset).toBe(1)
  })

  it('folds long quotes (expandable blockquote) and leaves short ones open', () => {
    const short = passage({ text: '湖南进出口总额达到6417.6亿元。' })
    const long = passage({ text: '湖南外贸稳中向好。'.repeat(60) })
    const parsed = assertTelegramHtml(
      renderAnswerHtml(answer([short, long]), { surface: 'private', offset: 0 }).html,
    )
    expect(parsed.blockquotes.map((quote) => quote.expandable)).toEqual([false, true])
  })

  it('says plainly when nothing was found and how to rephrase, without quotes', () => {
    const rendered = renderAnswerHtml(answer([]), { surface: 'private', offset: 0 })
    const parsed = assertTelegramHtml(rendered.html)
    expect(parsed.text).toBe(`${zh.noResult}\n${zh.rephrase}`)
    expect(parsed.blockquotes).toHaveLength(0)
    expect(rendered.shown).toEqual([])
  })

  it('tells an English asker that the documents are Chinese, and still quotes what matched', () => {
    const parsed = assertTelegramHtml(
      renderAnswerHtml(answer([passage()], { foreign: true }), { surface: 'private', offset: 0 }).html,
    )
    expect(parsed.text.startsWith(zh.foreignNote)).toBe(true)
    expect(parsed.blockquotes).toHaveLength(1)
  })

  it('quotes what matched a Latin-script question even when the searcher found no real answer', () => {
    const rendered = renderAnswerHtml(answer([passage()], { found: false, foreign: true }), {
      surface: 'private',
      offset: 0,
    })
    const parsed = assertTelegramHtml(rendered.html)
    expect(parsed.text.startsWith(zh.foreignNote)).toBe(true)
    expect(parsed.blockquotes.map((quote) => quote.text)).toEqual([tradeParagraph])
  })

  it('stays within 4096 characters and 100 entities for huge paragraphs full of highlights', () => {
    const text = '湖南6417.6亿元增长，'.repeat(500)
    const highlights = Array.from({ length: 500 }, (_, i) => ({
      start: i * 12 + 2,
      end: i * 12 + 10,
      kind: 'figure' as const,
    }))
    const results = [0, 1, 2].map((paragraph) => passage({ paragraph, text, highlights }))
    const rendered = renderAnswerHtml(answer(results, { total: 3 }), { surface: 'private', offset: 0 })
    const parsed = assertTelegramHtml(rendered.html)
    expect(parsed.text.length).toBeLessThanOrEqual(4096)
    expect(parsed.entities).toBeLessThanOrEqual(100)
    // Cut texts are marked, and what is shown is a verbatim slice of the paragraph.
    const quote = parsed.blockquotes[0]?.text ?? ''
    expect(quote.endsWith('…')).toBe(true)
    expect(text).toContain(quote.replace(/^…|…$/g, ''))
  })
})
