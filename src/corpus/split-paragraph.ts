// A paragraph longer than a quote can be (one extracted line of megabytes) is cut at sentence ends.

const SENTENCE = /[^。！？!?；;]*(?:[。！？!?；;]+[”’」』）)]*|$)/gu

/** Splits a paragraph longer than `limit` characters into pieces of at most `limit`, at sentence ends where it can. */
export function splitLongParagraph(text: string, limit: number): string[] {
  if (text.length <= limit) return [text]
  const pieces: string[] = []
  let current = ''
  for (const match of text.matchAll(SENTENCE)) {
    const sentence = match[0]
    if (sentence === '') continue
    if (current.length + sentence.length <= limit) {
      current += sentence
      continue
    }
    if (current) pieces.push(current)
    current = ''
    // A single sentence over the limit is cut at clause marks, else at the limit itself.
    for (const part of cutLongSentence(sentence, limit)) {
      if (current.length + part.length <= limit) current += part
      else {
        if (current) pieces.push(current)
        current = part
      }
    }
  }
  if (current) pieces.push(current)
  return pieces
}

function cutLongSentence(sentence: string, limit: number): string[] {
  if (sentence.length <= limit) return [sentence]
  const parts: string[] = []
  let rest = sentence
  while (rest.length > limit) {
    const window = rest.slice(0, limit)
    const clause = Math.max(window.lastIndexOf('，'), window.lastIndexOf('、'), window.lastIndexOf(','))
    const cut = clause >= limit / 2 ? clause + 1 : limit
    parts.push(rest.slice(0, cut))
    rest = rest.slice(cut)
  }
  if (rest) parts.push(rest)
  return parts
}
