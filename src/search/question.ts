const LATIN_LETTER = /[a-z]/giu
const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu
const FIGURE_QUESTION =
  /多少|几(?!乎)[个名家件所位次年天条种项岁倍成]?|比例|比重|占比|百分之|百分比|排名|排第|第几|多高|多大|多长|多久|多远|多重|数量|\bhow (?:many|much|long|far|high)\b|\bwhat (?:percentage|proportion|share|number|amount|rate)\b|\bwhich rank\b/iu

/** True when a question is mostly in a Latin script (more Latin letters than CJK characters). */
export function isForeignQuestion(question: string): boolean {
  const latin = question.match(LATIN_LETTER)?.length ?? 0
  const cjk = question.match(CJK_CHAR)?.length ?? 0
  return latin > cjk
}

/** True when a question asks for a figure (多少, 几, 比例, how many ...). */
export function asksForFigure(normalizedQuestion: string): boolean {
  return FIGURE_QUESTION.test(normalizedQuestion)
}
