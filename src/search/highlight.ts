import type { NormalizedText } from './normalize.ts'
import type { Highlight } from './types.ts'

const MULTIPLIER = '(?:万亿|亿|万|千|百)'
const UNIT =
  '(?:美元|欧元|元|个百分点|百分点|平方公里|平方米|公里|千米|公顷|万亩|亩|千瓦时|千瓦|兆瓦|吨|标箱|人次|人|户|家|个|名|条|所|件|项|台|辆|架|班|列|座|张|床|套|批|次|岁|倍|小时|分钟|天|周|年|月|日)'
/** A date (2021年7月14日) or a number with its unit: 6417.6亿元, 45.4%, 10条, 75元/人/月, 2万余名 (not a bare number). */
const FIGURE = new RegExp(
  `\\d{4}年\\d{1,2}月(?:\\d{1,2}日)?|\\d{1,2}月\\d{1,2}日|\\d[\\d,]*(?:\\.\\d+)?(?:%|‰|(?:${MULTIPLIER}(?:多|余)?${UNIT}?|(?:多|余)?${UNIT})(?:多|余)?(?:/[\\u4e00-\\u9fff]{1,2})*)`,
  'gu',
)

/**
 * Finds where the query terms (and, when asked, the figures) occur in a passage, as non-overlapping
 * ranges of the original text; figures win over the terms they overlap. `folded` is the passage normalized.
 */
export function findHighlights(
  text: string,
  folded: NormalizedText,
  terms: readonly string[],
  withFigures: boolean,
): Highlight[] {
  const { offsets } = folded
  const toOriginal = (start: number, end: number, kind: Highlight['kind']): Highlight =>
    offsets ? { start: offsets[start] ?? 0, end: offsets[end] ?? text.length, kind } : { start, end, kind }

  const figures: Highlight[] = []
  if (withFigures) {
    for (const match of folded.text.matchAll(FIGURE)) {
      const start = match.index
      figures.push(toOriginal(start, start + match[0].length, 'figure'))
    }
  }

  const covered = new Uint8Array(folded.text.length)
  for (const term of [...new Set(terms)].sort((a, b) => b.length - a.length)) {
    if (!term) continue
    for (let at = folded.text.indexOf(term); at >= 0; at = folded.text.indexOf(term, at + term.length)) {
      covered.fill(1, at, at + term.length)
    }
  }
  const termRanges: Highlight[] = []
  for (let i = 0; i < covered.length; i++) {
    if (!covered[i]) continue
    let end = i
    while (end < covered.length && covered[end]) end++
    termRanges.push(toOriginal(i, end, 'term'))
    i = end
  }

  const overlapsFigure = (range: Highlight) => figures.some((f) => range.start < f.end && f.start < range.end)
  return [...figures, ...termRanges.filter((range) => !overlapsFigure(range))].sort(
    (a, b) => a.start - b.start,
  )
}
