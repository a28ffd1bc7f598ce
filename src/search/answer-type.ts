/**
 * What kind of answer a question asks for, read from its wording (normalized: simplified, lower case):
 * a figure (with the unit it names), a person, a place, a date, a list, or anything else.
 */
export type AnswerKind = 'figure' | 'date' | 'person' | 'place' | 'list' | 'other'

export interface AnswerType {
  kind: AnswerKind
  /** For a figure: the units the question names (多少家 -> 家; 多少亿元 -> 元; 占比 -> %); empty when it names none. */
  units: string[]
}

const DATE_QUESTION =
  /什么时候|什么时间|何时|哪天|哪一天|哪日|哪年|哪一年|几月几[日号]|几月份|哪个月|几号|何年|\bwhen\b|\bwhat (?:date|year|day)\b|\bwhich (?:date|year|day)\b/iu
const PERSON_QUESTION = /谁|哪位|哪几位|什么人|叫什么名字|叫什么|姓名|\bwho\b|\bwhose\b/iu
const PLACE_QUESTION =
  /哪里|哪儿|在哪|何处|何地|什么地方|哪个地方|哪些地方|哪(?:个|一个|些|几个)?(?:省|市|县|区|城市|地区|乡镇|镇|村|园区)|\bwhere\b/iu
/** 哪几个市, 哪些城市: a place even though 几个 asks for a number. */
const PLACE_NAME_QUESTION = /哪(?:个|一个|些|几个)(?:省|市|县|区|城市|地区|乡镇|镇|村|园区|国家)/u
const LIST_QUESTION =
  /哪些|哪几|有什么|有啥|什么样的(?:举措|措施|政策)|(?:举措|措施|政策|要求|任务|做法)[是有]?什么|\bwhat (?:measures|steps|actions)\b/iu
const FIGURE_QUESTION =
  /多少|几(?!乎)[个名家件所位次年天条种项岁倍成万亿千百]?|比例|比重|占比|百分之|百分比|排名|排第|第几|多高|多大|多长|多久|多远|多重|多深|多宽|数量|规模|增速|增幅|\bhow (?:many|much|long|far|high|deep|big|large)\b|\bwhat (?:percentage|proportion|share|number|amount|rate)\b|\bwhich rank\b/iu

/** The unit a rank question asks for (第几, 排名): an ordinal such as 第七 or 第3. */
export const RANK = '第'
const RANK_QUESTION = /第几|排名|排第|名次|位次|\bwhich rank\b/u
const ORDINAL = /第[一二三四五六七八九十百\d]+/u

/**
 * Units a figure question may name, each with the unit texts that answer it. A measure (占比, 投资, 面积) names
 * its unit anywhere in the question; a counter (家, 条, 所) only right after 多少/几, since it is also part of
 * names (万家民营企业).
 */
const MEASURES: [RegExp, string[]][] = [
  [/个百分点/u, ['个百分点', '百分点']],
  [
    /百分之|百分比|比例|比重|占比|增速|增幅|\brate\b|\bpercent|\bshare\b|率|占(?:到|了)?(?:gdp|地区生产总值|全|总)?.{0,8}多少/u,
    ['%', '‰', '个百分点', '成'],
  ],
  [/[亿万千]?元|钱|资金|投资|金额|收入|营收|产值|总额|gdp|\byuan\b|\bvalue\b|\bfunding\b|\binvest/u, ['元']],
  [/吨/u, ['吨']],
  [/公里|千米|多远|多长/u, ['公里', '千米', '米', '光年', '英里', '公尺']],
  [/多深|多高|米/u, ['米', '公尺']],
  [/多少岁|几岁|年龄|年纪|岁数/u, ['岁']],
  [/平方|面积|亩|公顷|多大/u, ['平方', '亩', '公顷', 'm2']],
  [/多少(?:人|名|位)|几(?:人|名|位)|人数|\bpeople\b|\bpersons?\b/u, ['人', '名', '人次', '位']],
  [/多少(?:户)|几户|户数|\bhouseholds?\b/u, ['户']],
  [/多久|多长时间|几年|多少年/u, ['年', '月', '天', '日', '小时']],
]
const COUNTERS: [RegExp, string[]][] = [
  [/^人次/u, ['人次']],
  [/^家/u, ['家']],
  [/^个/u, ['个', '家', '所', '座', '项']],
  [/^条/u, ['条']],
  [/^所/u, ['所']],
  [/^件/u, ['件']],
  [/^项/u, ['项']],
  [/^倍/u, ['倍']],
  [/^[张台辆架座套批次名]/u, []],
]

/** Reads the answer type a question asks for (the question normalized as the index is). */
export function detectAnswerType(normalizedQuestion: string): AnswerType {
  const q = normalizedQuestion
  if (DATE_QUESTION.test(q)) return { kind: 'date', units: [] }
  if (PERSON_QUESTION.test(q)) return { kind: 'person', units: [] }
  if (PLACE_NAME_QUESTION.test(q) || (PLACE_QUESTION.test(q) && !FIGURE_QUESTION.test(q)))
    return { kind: 'place', units: [] }
  // 哪几个部分 asks which ones, not how many.
  if (/哪几|哪些/u.test(q)) return { kind: 'list', units: [] }
  if (FIGURE_QUESTION.test(q)) return { kind: 'figure', units: figureUnits(q) }
  if (LIST_QUESTION.test(q)) return { kind: 'list', units: [] }
  return { kind: 'other', units: [] }
}

/** The units named where the question asks for the figure (after 多少/几, or by the measure it names). */
function figureUnits(q: string): string[] {
  if (RANK_QUESTION.test(q)) return [RANK]
  // A change (增长多少) is answered by a rate or an amount alike.
  if (/(?:增长|增加|提高|下降|减少|上涨|增幅)了?(?:多少|几)(?![\u4e00-\u9fff])/u.test(q)) return []
  const asked = /(?:多少|几)([\u4e00-\u9fff%]{0,3})/u.exec(q)?.[1] ?? ''
  for (const [pattern, units] of COUNTERS) {
    if (pattern.test(asked)) return units.length ? units : [asked[0] as string]
  }
  for (const text of [asked, q]) {
    if (!text) continue
    for (const [pattern, units] of MEASURES) if (pattern.test(text)) return units
  }
  return []
}

const MULTIPLIER = '(?:万亿|亿|万|千|百)'
const UNIT =
  '(?:m2|km2|美元|欧元|英镑|日元|港元|元|个百分点|百分点|平方公里|平方千米|平方米|公里|千米|厘米|毫米|公分|公尺|英尺|英里|光年|米|公顷|万亩|亩|千瓦时|千瓦|兆瓦|公斤|千克|克|吨|标箱|人次|人|户|家|个|名|位|条|所|件|项|台|辆|架|班|列|座|张|床|套|批|次|种|枚|本|部|首|只|头|层|场|届|期|篇|岁|倍|度|小时|分钟|秒|天|周|年|月|日|成)'
/** A number in Chinese numerals with its unit: 五位, 两个, 三十多家 (a bare 一 or 十 says nothing). */
const CHINESE_FIGURE = '[零〇一二两三四五六七八九十百千万亿]+(?:多|余)?'
/** Per-unit denominators that belong to a figure (75元/人/月, 3000元/吨), nothing else after a slash. */
const PER = '(?:/(?:人|户|月|年|天|日|次|亩|吨|平方米|小时|件|台|个))'

/**
 * A date (2021年7月14日, 11月20日) or a number with its unit: 6417.6亿元, 45.4%, 10条, 75元/人/月, 2万余名;
 * not a bare number, and never the character after the unit.
 */
export const FIGURE_PATTERN = new RegExp(
  `${CHINESE_FIGURE}${UNIT}|\\d{4}年(?:\\d{1,2}月(?:\\d{1,2}[日号])?)?|\\d{1,2}月\\d{1,2}[日号]|\\d[\\d,]*(?:\\.\\d+)?(?:%|‰|(?:(?:多|余)?${MULTIPLIER}(?:多|余)?${UNIT}?|(?:多|余)?${UNIT})(?:多|余)?${PER}*)`,
  'gu',
)

const ORDINALS = new RegExp(ORDINAL.source, 'gu')

const DATE_IN_TEXT =
  /\d{4}年|\d{1,2}月(?:\d{1,2}[日号])?|[今去明前]年|年[底初中]|[上下]半年|\d{1,2}[日号]|日前|近日|当天|今天|昨天/u

/** Where figures stand in a text (normalized), with their text. */
export function findFigures(text: string): { start: number; end: number; text: string }[] {
  return [...text.matchAll(FIGURE_PATTERN), ...text.matchAll(ORDINALS)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    text: match[0],
  }))
}

/** True when a figure answers a figure question: it carries one of the asked units, or any unit when none was named. */
export function figureFits(figure: string, units: readonly string[]): boolean {
  if (units.includes(RANK)) return ORDINAL.test(figure)
  // Without a named unit any figure answers, but 一个 or 一种 is mostly an article, not a count.
  if (units.length === 0) return /[\d两二三四五六七八九十百千万亿]/u.test(figure)
  return units.some((unit) => figure.includes(unit))
}

/** True when a text (normalized) holds a date or a time expression. */
export function holdsDate(text: string): boolean {
  return DATE_IN_TEXT.test(text)
}

/** A question word: what makes a clause ask something. */
const ASKS = /什么|哪|多少|几|谁|怎么|怎样|如何|是否|何时|多久|多长|多大|多高|吗/u

/**
 * The clauses of a question that asks two or more things (装的什么货，目的地是哪里), as ranges of the question;
 * empty for a question that asks one thing.
 */
export function splitQuestion(normalizedQuestion: string): { start: number; end: number }[] {
  const clauses: { start: number; end: number }[] = []
  let start = 0
  for (const match of normalizedQuestion.matchAll(/[，,？?；;。！!]|$/gu)) {
    const end = match.index
    if (end > start && ASKS.test(normalizedQuestion.slice(start, end))) clauses.push({ start, end })
    start = end + 1
    if (end >= normalizedQuestion.length) break
  }
  return clauses.length > 1 ? clauses : []
}
