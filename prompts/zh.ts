/**
 * Every user-facing text of the bot, the search page and the API errors, in Chinese.
 * Functions receive only numbers and strings that are already HTML-escaped (names ending in `Html`).
 */

/** Corpus facts the help texts mention (from Searcher.stats()). */
export interface CorpusFacts {
  articles: number
  paragraphs: number
  dateFrom?: string
  dateTo?: string
  /** Source names, already HTML-escaped. */
  sourcesHtml: string[]
}

function dateRange(facts: CorpusFacts): string {
  if (facts.dateFrom && facts.dateTo && facts.dateFrom !== facts.dateTo) {
    return `${facts.dateFrom} 至 ${facts.dateTo}`
  }
  return facts.dateFrom ?? facts.dateTo ?? '未注明日期'
}

/** Questions that the corpus answers; shown in /help and on the search page. */
const examples = ['湖南前11月进出口总额是多少？', '黄花机场 全货运航线 数量', '湘潭 农村低保 平均标准'] as const

export const zh = {
  examples,

  commands: {
    start: '开始使用',
    help: '怎样提问',
    ask: '提问（群组中使用：/ask 问题）',
    about: '资料来源',
  },

  start: (botUsername: string): string =>
    [
      '你好，我是<b>湘问</b>：问我关于湖南报刊和政府文件的问题，我只引用原文段落并注明出处。',
      '直接发来问题即可；点下面的例子试试。更多用法见 /help。',
      `在任何聊天里输入 <code>@${botUsername} 问题</code> 也能引用原文。`,
    ].join('\n'),

  help: (facts: CorpusFacts, botUsername: string): string =>
    [
      '<b>湘问</b>：回答关于湖南报刊和政府文件的问题，<b>只引用原文段落</b>并注明出处，不编写答案。',
      '',
      `资料：${facts.articles} 篇文章、${facts.paragraphs} 个段落，日期 ${dateRange(facts)}。`,
      `来源：${facts.sourcesHtml.join('、') || '—'}。`,
      '',
      '<b>怎样提问</b>',
      '私聊：直接发问题。',
      `群组：<code>/ask 问题</code>、<code>@${botUsername} 问题</code>，或回复我的消息。`,
      `任意聊天：输入 <code>@${botUsername} 问题</code> 选择一段原文发送。`,
      '',
      '<b>例如</b>',
      ...examples.map((example) => `• ${example}`),
      '',
      '提示：用关键的名称、地名、数字提问效果最好。点「更多」看下一批结果，点「上下文」看前后段落。',
    ].join('\n'),

  about: (facts: CorpusFacts): string =>
    [
      '<b>关于湘问的资料</b>',
      '',
      `共 ${facts.articles} 篇文章、${facts.paragraphs} 个段落，日期 ${dateRange(facts)}。`,
      `来源：${facts.sourcesHtml.join('、') || '—'}。`,
      '',
      '内容取自湖南的报纸版面（如《湖南日报》）和政府工作报告等公开文件，按原文分段收录。',
      '每条回答都是原文段落的逐字引用，后附标题、来源、日期和作者；如需核实，请以原始出处为准。',
    ].join('\n'),

  askUsage: (botUsername: string): string =>
    `请在命令后写上问题，例如：<code>/ask ${examples[0]}</code>，或 <code>@${botUsername} ${examples[1]}</code>。`,

  noResult: '没有找到能回答这个问题的原文。',
  noResultMissing: (term: string): string => `没有找到能回答这个问题的原文：资料里没有提到「${term}」。`,
  closestButton: '看最接近的段落（不是答案）',
  closestHeader: '资料没有直接回答这个问题。以下是最接近的段落，仅供参考，并不是答案：',
  closestPageSummary: (count: number): string => `最接近的 ${count} 个段落（不是答案）`,
  rephrase: '可以试试：少用几个词，只留关键的名称、地名或数字，例如「黄花机场 全货运航线」。',
  foreignNote: '资料均为中文文件；下面按问题中的名称和数字检索。用中文提问效果更好。',

  /** "Results 1–3 of 12". */
  range: (from: number, to: number, total: number): string =>
    from === to ? `第 ${from} 条，共 ${total} 条` : `第 ${from}–${to} 条，共 ${total} 条`,

  moreButton: '更多',
  contextButton: (index: number, count: number): string => (count > 1 ? `上下文 ${index}` : '上下文'),
  noMore: '没有更多结果了。',
  questionLost: '找不到原来的问题了，请重新提问。',
  contextMissing: '这段原文已不在资料中，请重新提问。',
  contextHeader: (from: number, to: number): string => `第 ${from}–${to} 段：`,

  nonText: '我只能回答文字问题。请用中文发一个问题，例如「湖南前11月进出口总额是多少？」',
  rateLimited: '提问太快了，请稍等几秒再问。',
  failure: '抱歉，处理这个问题时出错了，请稍后再试。',

  inlineHelpButton: '怎样提问',
  inlineNoResultTitle: '没有找到相关原文',
  inlineNoResultDescription: '试试少用几个词，只留关键的名称或数字',

  page: {
    title: '湘问 · 原文检索',
    heading: '湘问',
    tagline: '关于湖南报刊与政府文件的问题：只引用原文段落，并注明出处。',
    placeholder: '输入问题，例如：湖南前11月进出口总额是多少？',
    submit: '搜索',
    previous: '上一页',
    next: '下一页',
    examplesLabel: '例如：',
    corpus: (articles: number, paragraphs: number): string => `资料：${articles} 篇文章，${paragraphs} 个段落`,
    context: '上下文',
    original: '原文链接',
    wholeArticle: '全文',
    backToResults: '返回搜索',
    paragraphLabel: (index: number): string => `第 ${index} 段`,
    clipped: (kept: number, asked: number): string =>
      `问题有 ${asked} 个字，超过上限；只按前 ${kept} 个字检索。`,
    api: 'API',
  },

  api: {
    notFound: '没有这个地址。',
    notFoundPage: '没有这个页面。',
    backToSearch: '回到搜索页',
    articleNotFound: '没有这个 id 的文章。',
    invalid: '请求参数不正确。',
    tooLarge: '请求体太大。',
    notJson: '请求体不是 JSON。',
    unsupportedMediaType:
      '请求体须为 JSON（Content-Type: application/json），例如 {"q":"湖南前11月进出口总额是多少？"}；也可以用 GET /api/search?q=…。',
    methodNotAllowed: (allowed: string): string => `这个地址不支持该请求方法，可用：${allowed}。`,
    unauthorized: '密钥不正确。',
    rawQuery:
      '请求地址里有未编码的字符。请对问题做 URL 编码，例如 curl -G --data-urlencode "q=外贸" http://…/api/search。',
    /** Why a field is invalid (zod's messages, in Chinese). */
    field: {
      required: '必填',
      string: '必须是文字',
      empty: '不能为空',
      tooLong: (max: number): string => `不能超过 ${max} 个字`,
      wholeNumber: (min: number, max: number): string => `必须是 ${min} 到 ${max} 的整数`,
      object: '必须是 JSON 对象',
    },
    notUpdate: '请求体不是 Telegram 的 Update。',
    rateLimited: '请求太频繁，请稍后再试。',
    rateLimitedPage: (seconds: number): string => `请求太频繁，请 ${seconds} 秒后再试。`,
    internal: '服务器内部错误。',
    busy: '服务器正忙，请一秒后再试。',
  },
} as const

export type Texts = typeof zh
