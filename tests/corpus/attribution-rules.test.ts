import { describe, expect, it } from 'vitest'
import {
  dateFromFileName,
  parseByline,
  parseDateline,
  parsePhotoCredit,
  readMastheadDate,
} from '../../src/corpus/attribution.ts'
import { CorpusError } from '../../src/corpus/corpus-error.ts'
import { articleIdPrefix, extractPage, MAX_PARAGRAPH_CHARS } from '../../src/corpus/extract-articles.ts'

/** A small page in the seeds' format: the PDF text puts a blank line after every printed line. */
const page = (lines: string[]) => `${lines.join('\n\n')}\n`

describe('bylines', () => {
  it('keeps role words out of the names', () => {
    expect(parseByline('湖南日报记者 张三 通讯员 李四')?.names).toEqual(['张三', '李四'])
    expect(parseByline('湖南日报全媒体记者 王五 实习生 陈六 摄')?.names).toEqual(['王五', '陈六'])
    expect(parseByline('本报记者 欧阳振华 唐 曦 整理')?.names).toEqual(['欧阳振华', '唐曦'])
    expect(parseByline('衡阳日报记者 赵六')).toMatchObject({ role: '衡阳日报记者', names: ['赵六'] })
  })

  it('reads a photographer in brackets after a caption', () => {
    expect(parsePhotoCredit('游客在岳麓山观赏红叶。（湖南日报记者 李健 摄）')).toEqual({
      caption: '游客在岳麓山观赏红叶。',
      credit: '（湖南日报记者 李健 摄）',
      photographers: ['李健'],
    })
  })

  it('reads several people with their roles in a dateline', () => {
    expect(parseDateline('湖南日报11月20日讯（记者 张三 通讯员 李四 王五）全市……')).toEqual({
      source: '湖南日报',
      month: 11,
      day: 20,
      authors: ['张三', '李四', '王五'],
    })
    expect(parseDateline('新华社北京12月1日电（记者 赵六）国务院……')).toMatchObject({
      source: '新华社',
      month: 12,
      day: 1,
      authors: ['赵六'],
    })
  })
})

describe('a page turned into articles', () => {
  const news = page([
    '衡阳秋冬种进度过半',
    '湖南日报记者 张三 通讯员 李四',
    '湖南日报11月20日讯 今天，衡阳市召开新闻发布会，发布全市秋冬种工作进展。',
    '全市已完成油菜种植120万亩。',
    '小麦播种进度过半。',
    '力争到2025年，全市油菜面积稳定在150万亩以上。',
  ])

  it('names the people, not their roles, and keeps short paragraphs apart', () => {
    const [article] = extractPage(news, 'page.txt', { date: '2025-11-21' }).articles
    expect(article).toMatchObject({
      title: '衡阳秋冬种进度过半',
      source: '湖南日报',
      authors: ['张三', '李四'],
      date: '2025-11-20',
    })
    expect(article!.paragraphs).toEqual([
      '湖南日报11月20日讯今天，衡阳市召开新闻发布会，发布全市秋冬种工作进展。',
      '全市已完成油菜种植120万亩。',
      '小麦播种进度过半。',
      '力争到2025年，全市油菜面积稳定在150万亩以上。',
    ])
  })

  it('never dates an article from its text: without the year the dateline stays undated, with a warning', () => {
    const { articles, warnings } = extractPage(news, 'page.txt')
    expect(articles[0]!.date).toBeUndefined()
    expect(warnings).toEqual([expect.stringMatching(/dateline 11月20日 left undated.*--date/)])
  })

  it('takes the year from the file name or the masthead', () => {
    expect(extractPage(news, 'hnrb-2025-11-21.txt').articles[0]!.date).toBe('2025-11-20')
    const withMasthead = `湖南日报  2025年11月21日  星期五  第3版\n\n${news}`
    const [article] = extractPage(withMasthead, 'page.txt').articles
    expect(article).toMatchObject({ title: '衡阳秋冬种进度过半', date: '2025-11-20' })
    expect(dateFromFileName('000_5aece39b5635e924.txt')).toBeUndefined()
    expect(readMastheadDate('力争到2025年11月20日完成全部任务。\n')).toBeUndefined()
  })

  it('dates a dateline of late December on a January page in the year before', () => {
    const text = page(['湖南日报12月31日讯 全省年度任务圆满完成。', '各地纷纷总结经验。'])
    expect(extractPage(text, 'page.txt', { date: '2026-01-02' }).articles[0]!.date).toBe('2025-12-31')
  })

  it('gives articles without a dateline the date passed with --date', () => {
    const text = page(['耒阳新建3座水厂', '近日，耒阳市新建的3座水厂正式通水。', '群众纷纷点赞。'])
    expect(extractPage(text, 'page.txt', { date: '2025-11-21' }).articles[0]!.date).toBe('2025-11-21')
    expect(() => extractPage(text, 'page.txt', { date: '2025-02-30' })).toThrow(/not a real date/)
  })

  it('does not take a byline of another paper for the title, and names that paper as the source', () => {
    const text = page([
      '衡阳日报记者 赵六',
      '耒阳新建3座水厂',
      '本报讯 近日，耒阳市新建的3座水厂正式通水，惠及群众12万人。',
      '水厂采用先进的净水工艺。',
    ])
    const [article] = extractPage(text, 'page.txt').articles
    expect(article).toMatchObject({ title: '耒阳新建3座水厂', source: '衡阳日报', authors: ['赵六'] })
    expect(article!.kicker).toBeUndefined()
  })

  it('titles a continuation by its first heading, marked （续）; a photo caption is not a title', () => {
    const text = page([
      '湘江新区新增企业3000家',
      '新华社长沙12月1日电（记者 王五 实习生 陈六）记者从湘江新区获悉，今年以来新区新增市场主体3000余家。',
      '新区将继续优化营商环境。',
      '11月30日，游客在岳麓山景区观赏红叶。（湖南日报记者 李健 摄）',
      '（上接1版②）',
      '招商引资成效明显',
      '全年引进项目120个，总投资超过800亿元。',
      '项目建设进度均超过预期。',
      '（本报记者 刘七 整理）',
    ])
    const { articles } = extractPage(text, 'page.txt', { date: '2025-12-02' })
    expect(articles.map(({ title, source, authors, date }) => ({ title, source, authors, date }))).toEqual([
      { title: '湘江新区新增企业3000家', source: '新华社', authors: ['王五', '陈六'], date: '2025-12-01' },
      { title: '图片新闻', source: '湖南日报', authors: ['李健'], date: '2025-11-30' },
      { title: '招商引资成效明显（续）', source: '新华社', authors: ['刘七'], date: '2025-12-02' },
    ])
    expect(articles[1]!.paragraphs).toEqual(['11月30日，游客在岳麓山景区观赏红叶。'])
    expect(articles[2]!.continuation).toBe('上接1版②')
  })

  it('keeps a photo printed inside an article in that article, its caption a paragraph', () => {
    const text = page([
      '湘江新区新增企业3000家',
      '湖南日报记者 王五',
      '湖南日报12月1日讯 记者从湘江新区获悉，今年以来新区新增市场主体3000余家。',
      '新区将继续优化营商环境。',
      '12月1日，企业负责人在新区政务大厅办理业务。（湖南日报记者 李健 摄）',
      '新区还推出了一批便民措施。',
      '企业办事更加方便。',
    ])
    const { articles } = extractPage(text, 'page.txt', { date: '2025-12-02' })
    expect(articles).toHaveLength(1)
    expect(articles[0]).toMatchObject({ title: '湘江新区新增企业3000家', authors: ['王五', '李健'] })
    expect(articles[0]!.paragraphs.slice(2)).toEqual([
      '12月1日，企业负责人在新区政务大厅办理业务。',
      '新区还推出了一批便民措施。',
      '企业办事更加方便。',
    ])
  })

  it('titles a continuation without a heading by its first sentence', () => {
    const text = page(['（上接1版①）', '会议强调，要把工作重心转到医疗救治上来。', '各地要抓好落实。'])
    expect(extractPage(text, 'page.txt').articles[0]!.title).toBe(
      '会议强调，要把工作重心转到医疗救治上来（续）',
    )
  })
})

describe('bounded input', () => {
  it('splits a paragraph over the limit at sentence ends, with a warning', () => {
    const sentence = '湖南加快打造五大国际物流通道和货运集结中心，外贸舞台更宽广。'
    const long = sentence.repeat(Math.ceil((MAX_PARAGRAPH_CHARS * 2.5) / sentence.length))
    const { articles, warnings } = extractPage(
      page(['外贸新观察', long, '这是第二段。', '这是第三段。']),
      'page.txt',
    )
    const paragraphs = articles[0]!.paragraphs
    expect(paragraphs.length).toBe(5)
    for (const paragraph of paragraphs) {
      expect(paragraph.length).toBeLessThanOrEqual(MAX_PARAGRAPH_CHARS)
      expect(paragraph.endsWith('。')).toBe(true)
    }
    expect(paragraphs.slice(0, 3).join('')).toBe(long)
    expect(warnings).toEqual([
      expect.stringMatching(/a paragraph of \d+ characters was split at sentence ends into 3/),
    ])
  })

  it('says why a page yields nothing', () => {
    const error = (() => {
      try {
        extractPage(page(['湖南日报记者 张三', '衡阳秋冬种进度过半']), 'empty-page.txt')
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(CorpusError)
    expect((error as Error).message).toMatch(
      /empty-page\.txt: no article found: its 2 text blocks are all headings, bylines or credits/,
    )
  })
})

describe('links', () => {
  it.each(['javascript:alert(1)', 'data:text/html,<b>x</b>', 'tg://resolve?domain=x'])(
    'drops a %s url with a warning and keeps http(s) ones',
    (url) => {
      const reprint = (link: string) =>
        `---\ntitle: 湖南外贸\nsource: 新浪财经\nurl: '${link}'\n---\n<p>湖南进出口总额首次突破6000亿元。</p>\n`
      const bad = extractPage(reprint(url), 'reprint.md')
      expect(bad.articles[0]!.url).toBeUndefined()
      expect(bad.warnings).toEqual([expect.stringContaining('only http and https links are kept')])
      expect(extractPage(reprint('https://finance.sina.com.cn/a.html'), 'reprint.md').articles[0]!.url).toBe(
        'https://finance.sina.com.cn/a.html',
      )
    },
  )
})

describe('article ids', () => {
  it('come from the whole file name, so files sharing a prefix never share ids', () => {
    expect(articleIdPrefix('000_5aece39b5635e924.txt')).toBe('000_5aece39b5635e924')
    expect(articleIdPrefix('000_other.txt')).toBe('000_other')
    expect(articleIdPrefix('湖南日报 第3版.TXT')).toMatch(/^txt-[0-9a-f]{8}$|^[a-z0-9-]+-[0-9a-f]{8}$/)
    expect(articleIdPrefix('Page 3.txt')).not.toBe(articleIdPrefix('page-3.txt'))
  })
})
