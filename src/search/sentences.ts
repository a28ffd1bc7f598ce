/** A character range [start, end) in a text. */
export interface TextRange {
  start: number
  end: number
}

const OPENERS = '「『“‘《（(【〔〈'
const CLOSERS = '」』”’》）)】〕〉'
const QUOTE_CLOSERS = '」』”’'
const ENDS = '。！？；!?;'
const SPACE = /\s/u

/**
 * Splits a paragraph into its sentences, verbatim: a sentence ends after 。！？； (and a run of them), or at a
 * line end, but never inside quotes 「」“”《》 or brackets; a quote that closes right after an end mark ends
 * the sentence with it. Leading and trailing white space is left out of each range. When the quotes of a
 * paragraph do not balance, they are ignored rather than swallowing the rest of it.
 */
export function splitSentences(text: string): TextRange[] {
  const nested = split(text, true)
  return nested ?? (split(text, false) as TextRange[])
}

function split(text: string, respectQuotes: boolean): TextRange[] | undefined {
  const ranges: TextRange[] = []
  let depth = 0
  let start = 0
  const push = (end: number) => {
    let from = start
    let to = end
    while (from < to && SPACE.test(text[from] as string)) from++
    while (to > from && SPACE.test(text[to - 1] as string)) to--
    if (to > from) ranges.push({ start: from, end: to })
    start = end
  }
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string
    if (char === '\n') {
      if (depth > 0 && respectQuotes) return undefined
      push(i + 1)
      continue
    }
    if (respectQuotes && OPENERS.includes(char)) {
      depth++
      continue
    }
    if (respectQuotes && CLOSERS.includes(char)) {
      if (depth === 0) return undefined
      depth--
      // “……。” ends a sentence at the closing quote (a title 《……。》 or a bracket does not).
      if (depth === 0 && QUOTE_CLOSERS.includes(char) && ENDS.includes(text[i - 1] as string))
        push(endOfRun(text, i + 1))
      continue
    }
    if (depth === 0 && ENDS.includes(char)) {
      const end = endOfRun(text, i + 1)
      push(end)
      i = end - 1
    }
  }
  if (depth > 0 && respectQuotes) return undefined
  push(text.length)
  return ranges
}

/** Past any further end marks (？！, ……。) that belong to the same sentence end. */
function endOfRun(text: string, at: number): number {
  let end = at
  while (end < text.length && ENDS.includes(text[end] as string)) end++
  return end
}
