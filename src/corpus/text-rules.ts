// Character classes and small text rules shared by the cleaning steps.

const HAN = '\\p{Script=Han}'
/** CJK punctuation and full-width forms, including the curly quotes and dashes used in Chinese text. */
const CJK_PUNCT =
  '\\u3000-\\u303F\\uFF00-\\uFFEF\\u2018\\u2019\\u201C\\u201D\\u2014\\u2026\\u00B7\\u25B2\\u25C0\\u2460-\\u2473\\u2605'
const CJK = `[${HAN}${CJK_PUNCT}]`
const SPACES = '[ \\t\\u00A0\\u3000]+'

const SPACE_BETWEEN_CJK = new RegExp(`(?<=${CJK})${SPACES}(?=${CJK})`, 'gu')
const SPACE_AFTER_CJK = new RegExp(`(?<=${CJK})${SPACES}(?=[0-9A-Za-z%(])`, 'gu')
const SPACE_BEFORE_CJK = new RegExp(`(?<=[0-9A-Za-z%).])${SPACES}(?=${CJK})`, 'gu')
const SPACED_RUN = new RegExp(`(?:${CJK} ){2,}${CJK}`, 'gu')
const HAN_CHAR = new RegExp(HAN, 'u')

/** Removes the spaces PDF extraction puts between CJK characters and around numbers; keeps spaces between Latin words. */
export function collapseSpaces(text: string): string {
  return text
    .replace(SPACE_BETWEEN_CJK, '')
    .replace(SPACE_AFTER_CJK, '')
    .replace(SPACE_BEFORE_CJK, '')
    .replace(/[ \t\u00A0]{2,}/g, ' ')
    .trim()
}

/** Collapses only evenly spaced-out runs (`湖 南 外 贸`) and number spacing, keeping word gaps in headlines. */
export function collapseHeadingSpaces(text: string): string {
  return text
    .replace(SPACED_RUN, (run) => run.replace(/ /g, ''))
    .replace(SPACE_AFTER_CJK, '')
    .replace(SPACE_BEFORE_CJK, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Printed width of a line in CJK character cells (ASCII counts half, curly quotes half). */
export function displayWidth(text: string): number {
  let width = 0
  for (const char of text.trim()) {
    width += char.charCodeAt(0) < 0x80 || '“”‘’'.includes(char) ? 0.5 : 1
  }
  return width
}

/** True when the text ends a sentence (。！？… possibly followed by closing quotes or brackets). */
export function endsSentence(text: string): boolean {
  return /[。！？!?…；;][”’」』）)]*$/u.test(text.trim())
}

/** True when the text ends with any punctuation that can close a clause (sentence-final, comma, colon...). */
export function endsWithPunctuation(text: string): boolean {
  return /[。！？!?…；;，,、：:][”’」』）)]*$/u.test(text.trim())
}

/** True when the text contains a sentence-final mark before its end. */
export function hasInnerSentenceEnd(text: string): boolean {
  return /[。！？!?]/.test(text.trim().slice(0, -1))
}

/** True when a string contains at least one Han character. */
export function hasHan(text: string): boolean {
  return HAN_CHAR.test(text)
}

/** Joins two pieces of one paragraph: no space in Chinese text, one space between Latin words. */
export function joinPieces(left: string, right: string): string {
  if (/[A-Za-z0-9,.;:]$/.test(left) && /^[A-Za-z]/.test(right)) return `${left} ${right}`
  return left + right
}
