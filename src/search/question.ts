const LATIN_LETTER = /[a-z]/giu
const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu

/** True when a question is mostly in a Latin script (more Latin letters than CJK characters). */
export function isForeignQuestion(question: string): boolean {
  const latin = question.match(LATIN_LETTER)?.length ?? 0
  const cjk = question.match(CJK_CHAR)?.length ?? 0
  return latin > cjk
}
