import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { extractArticles } from '../../src/corpus/extract-articles.ts'
import { htmlToBlocks } from '../../src/corpus/html-article.ts'
import { removeRepeats } from '../../src/corpus/pdf-articles.ts'

const seed = (name: string) => extractArticles(readFileSync(`corpus/raw/${name}`, 'utf8'), name)
const summary = (name: string) =>
  seed(name).map(({ id, title, subtitle, kicker, source, date, authors, continuation }) => ({
    id,
    title,
    subtitle,
    kicker,
    source,
    date,
    authors,
    continuation,
  }))

describe('extractArticles on the seeds', () => {
  it('splits a newspaper page into articles, continuations and photo news, matching far-away headlines', () => {
    const articles = summary('000_5aece39b5635e924.txt')
    expect(articles.map((article) => [article.id, article.title, article.continuation])).toEqual([
      ['000_5aece39b5635e924-01', '通江达海 奔腾向前', undefined],
      ['000_5aece39b5635e924-02', '“为湖南的营商环境点赞”', undefined],
      ['000_5aece39b5635e924-03', '为加快建设法治湖南贡献智慧力量', undefined],
      ['000_5aece39b5635e924-04', '习近平对中央政治局各位同志的对照检查发言一一点评…（续）', '上接1版①'],
      ['000_5aece39b5635e924-05', '会议强调，要全面准确理解党中央关于做好新阶段疫情…（续）', '上接1版②'],
      ['000_5aece39b5635e924-06', '突出加大医疗资源建设投入…（续）', '紧接1版③'],
      ['000_5aece39b5635e924-07', '《人民日报》还推荐了洛索洛芬钠片作为布洛芬片等防…（续）', '紧接1版④'],
      ['000_5aece39b5635e924-08', '在永州市零陵区菱角塘镇永连村…（续）', '上接1版⑤'],
      ['000_5aece39b5635e924-09', '图片新闻', undefined],
    ])
    expect(articles[0]).toMatchObject({
      kicker: '三湘时评',
      subtitle: '——“新时代新征程新伟业”系列评之三',
      authors: ['杨兴东'],
      source: '湖南日报',
    })
    // The page never says its year: the dateline 12月27日 stays undated rather than guessed from the text.
    expect(articles[2]).toMatchObject({ date: undefined, authors: ['唐亚新'] })
    expect(articles[8]).toMatchObject({ authors: ['李健'], date: undefined })
  })

  it('reads datelines, bylines, kickers and a signature date', () => {
    const articles = summary('001_2904c4fe19879769.txt')
    expect(articles.map((article) => article.title)).toEqual([
      '织牢健康保障网，绘就乡村幸福底色',
      '隆回：筑牢防返贫防线',
      '关于做好2022年元旦春节期间有关工作的通知',
      '涟源：构建后续帮扶新模式',
      '加快推进湖南水利高质量发展',
      '赞歌唱响新时代',
    ])
    expect(articles[1]).toMatchObject({ date: '2021-12-29', authors: ['肖霄', '魏志坚', '邹嵩'] })
    expect(articles[2]).toMatchObject({ date: '2021-12-29', continuation: '上接1版' })
    expect(articles[4]).toMatchObject({ subtitle: '——访省水利厅党组书记罗毅君', authors: ['肖秀芬'] })
    expect(articles[5]).toMatchObject({ authors: ['辜鹏博', '施泉江'], date: '2021-12-29' })
  })

  it('rejoins a paragraph the layout interrupted with other articles', () => {
    const notice = seed('001_2904c4fe19879769.txt')[2]!
    expect(notice.paragraphs).toContain(
      notice.paragraphs.find((paragraph) =>
        paragraph.startsWith('四、大力唱响时代主旋律，丰富群众精神文化生活。围绕'),
      ),
    )
    expect(
      notice.paragraphs.some((paragraph) =>
        paragraph.startsWith('九、持续推进正风肃纪，严防元旦春节“节日腐败”。'),
      ),
    ).toBe(true)
    expect(notice.paragraphs.at(-1)).toBe('中共湖南省委办公厅 湖南省人民政府办公厅 2021年12月29日')
  })

  it('keeps one copy of a passage the extraction repeated', () => {
    const health = seed('001_2904c4fe19879769.txt')[0]!
    const repeated = '2021年，支援医院指导县医院开展新适宜技术356项'
    expect(health.paragraphs.filter((paragraph) => paragraph.includes(repeated))).toHaveLength(1)
  })

  it('treats a work report as one document from its issuer', () => {
    expect(summary('002_38a591a8f6fde36a.txt')).toMatchObject([
      { title: '打造新时代民政工作“湘潭样板”', source: '湘潭市民政局', authors: ['吴珊', '杨柳盎'] },
    ])
  })

  it('finds headlines printed after their article', () => {
    expect(summary('003_99b0c8ee233b9a7d.txt').map((article) => [article.title, article.authors])).toEqual([
      ['民生福祉不断提升', []],
      ['产业珠晖：登高望远振翅飞', ['陈羽唯', '唐兰荣', '唐曦']],
      ['邵阳：壮大先进制造业产业链 塑造发展新动能新优势', ['杨相峰', '陈历军', '肖洋桂']],
    ])
  })

  it('reads a web reprint: front matter, original title and source, no HTML or boilerplate', () => {
    const [article] = seed('004_c9bab9bd04141fd1.txt')
    expect(article).toMatchObject({
      title: '湖南通过关于贯彻落实《中共中央国务院关于新时代推动中部地区高质量发展的意见》的实施意见',
      source: '新浪财经（转载湖南日报）',
      date: '2021-07-27',
      authors: [],
    })
    expect(article!.subtitle).toMatch(/^原标题：中共湖南省委 湖南省人民政府 关于贯彻落实/)
    expect(article!.paragraphs[0]).toBe('（2021年7月14日中国共产党湖南省第十一届委员会第十三次全体会议通过）')
    const body = article!.paragraphs.join('\n')
    expect(body).not.toMatch(/[<>{}]|&#|责任编辑|新浪财经APP|appendQr/)
    expect(body).toContain('推动生活服务业线上线下融合')
  })

  it('leaves no spaced-out characters and no paragraph ending mid-sentence in the articles', () => {
    for (const name of ['000_5aece39b5635e924.txt', '003_99b0c8ee233b9a7d.txt']) {
      for (const article of seed(name)) {
        for (const paragraph of article.paragraphs) {
          expect(paragraph).not.toMatch(/\p{Script=Han} \p{Script=Han} \p{Script=Han}/u)
          if (/[，、]$/.test(paragraph)) throw new Error(`${article.id} ends mid-sentence: ${paragraph}`)
        }
      }
    }
  })
})

describe('htmlToBlocks', () => {
  it('drops tags, comments and CSS and decodes entities', () => {
    const html =
      '<div><p>　　甲&amp;乙</p><!-- 文末二维码 --><style>.a&#123;color:red&#125;</style><p class="article-editor">责任编辑：王珊珊</p><p>丙<span>丁</span></p></div>'
    expect(htmlToBlocks(html)).toEqual(['甲&乙', '丙丁'])
  })
})

describe('removeRepeats', () => {
  it('drops a paragraph repeated word for word', () => {
    expect(removeRepeats(['甲。', '乙。', '甲。'])).toEqual(['甲。', '乙。'])
  })
})
