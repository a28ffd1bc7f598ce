import { describe, expect, it } from 'vitest'
import { buildUnits } from '../../src/corpus/pdf-units.ts'

/** Seed 000 style: the PDF extraction puts a blank line after every printed line. */
const dense = (lines: string[]) => `${lines.join('\n\n')}\n`

const texts = (input: string) => buildUnits(input).map((unit) => `${unit.kind}:${unit.text}`)

describe('buildUnits on PDF text', () => {
  it('joins a line broken mid-sentence, even across a blank line', () => {
    const input = [
      '实施重度残疾人“单人保”政策，织密',
      '残疾人民生保障网。2021 年，长沙市',
      '困难残疾人生活补助、重残护理补贴',
      '',
      '分 别 提 标 至 140 元/人/月 、100 元/人/',
      '月；从 2019 年开始，全市将重度残疾人',
      '的范围界定拓展到三级智力残疾人。',
    ].join('\n')
    expect(texts(input)).toEqual([
      'text:实施重度残疾人“单人保”政策，织密残疾人民生保障网。2021年，长沙市困难残疾人生活补助、重残护理补贴分别提标至140元/人/月、100元/人/月；从2019年开始，全市将重度残疾人的范围界定拓展到三级智力残疾人。',
    ])
  })

  it('keeps a real paragraph end: a sentence end on a short line', () => {
    const input = dense([
      '湖南外贸这驾“马车”跑得不易，也跑出了',
      '江达海，奔腾向前？',
      '我们有了更多走出去的“大通道”。',
      '今年以来，湖南加快打造五大国际物流',
      '通道和货运集结中心。',
    ])
    expect(texts(input)).toEqual([
      'text:湖南外贸这驾“马车”跑得不易，也跑出了江达海，奔腾向前？',
      'text:我们有了更多走出去的“大通道”。',
      'text:今年以来，湖南加快打造五大国际物流通道和货运集结中心。',
    ])
  })

  it('ignores blank lines when the page has one after every line, but keeps tight headline blocks', () => {
    const input = [
      '隋忠诚在全省法院检察院工作情况通报协商',
      '座谈会上强调',
      '',
      '为加快建设法治湖南贡献智慧力量',
      '',
      '三湘时评',
      '',
      '通江达海 奔腾向前',
      '——“新时代新征程新伟业”系列评之三',
      '',
      '▲ ▲（上接1版①）',
      '',
      '习近平对中央政治局各位同志的',
      '',
      '对照检查发言一一点评。',
      '',
    ].join('\n')
    expect(texts(input)).toEqual([
      'heading:隋忠诚在全省法院检察院工作情况通报协商座谈会上强调',
      'heading:为加快建设法治湖南贡献智慧力量',
      'heading:三湘时评',
      'heading:通江达海 奔腾向前',
      'heading:——“新时代新征程新伟业”系列评之三',
      'marker:▲ ▲（上接1版①）',
      'text:习近平对中央政治局各位同志的对照检查发言一一点评。',
    ])
  })

  it('reads bylines, credits and continuation markers with text after them', () => {
    const units = buildUnits(
      dense([
        '湖南日报全媒体评论员 杨兴东',
        '外贸是拉动我国经济增长的“三驾马车”之一。',
        '（参与记者：李永亮）',
        '▲ ▲（紧接 1版③）突出加大医疗资源建',
        '设投入。',
      ]),
    )
    expect(units.map((unit) => [unit.kind, unit.names, unit.label])).toEqual([
      ['byline', ['杨兴东'], undefined],
      ['text', [], undefined],
      ['credit', ['李永亮'], undefined],
      ['marker', [], '紧接1版③'],
      ['text', [], undefined],
    ])
    expect(units[4]!.text).toBe('突出加大医疗资源建设投入。')
  })

  it('reads a byline whose names are on the next line, and names the PDF spaced out', () => {
    const units = buildUnits(
      '湖南日报全媒体记者\n段涵敏 王为薇 周阳乐\n\n在这片美丽的土地上①陈羽唯 唐兰荣 唐 曦\n',
    )
    expect(units.map((unit) => [unit.kind, unit.names, unit.label])).toEqual([
      ['byline', ['段涵敏', '王为薇', '周阳乐'], undefined],
      ['byline', ['陈羽唯', '唐兰荣', '唐曦'], '在这片美丽的土地上①'],
    ])
  })

  it('separates a photo caption from its credit', () => {
    const input = [
      '11月 9日，双峰县益寿苑康养中心，老人们在开展丰富多彩的文娱活动。近',
      '年，该县推进养老服务体系建设。 湖南日报全媒体记者 李健 摄',
      '',
    ].join('\n')
    expect(buildUnits(input).map((unit) => [unit.kind, unit.text, unit.names])).toEqual([
      [
        'caption',
        '11月9日，双峰县益寿苑康养中心，老人们在开展丰富多彩的文娱活动。近年，该县推进养老服务体系建设。',
        [],
      ],
      ['photo-credit', '湖南日报全媒体记者 李健 摄', ['李健']],
    ])
  })

  it('starts a new paragraph at a ★ section head', () => {
    const input = [
      '市精神卫生康复特护楼正式投入使用，共有',
      '',
      '床位296张，目前170余名精神障碍患者入住。',
      '★圆满完成省考核指标任务。',
    ].join('\n')
    expect(texts(input)).toEqual([
      'text:市精神卫生康复特护楼正式投入使用，共有床位296张，目前170余名精神障碍患者入住。',
      'text:★圆满完成省考核指标任务。',
    ])
  })
})
