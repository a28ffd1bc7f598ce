import type { PostingsReader } from '../postings.ts'
import type { ParagraphsOf } from './translate.ts'

/**
 * The paragraphs of an indexed word, read from the index: its own postings when it is an index token,
 * else the paragraphs holding all of its character bigrams (every Chinese run is indexed by its bigrams);
 * each field (text, title) on its own, then joined.
 */
export function createParagraphsOf(postings: PostingsReader): ParagraphsOf {
  const fields = (['text', 'title'] as const).map((field) => fieldParagraphs(postings, field))
  return (word) => {
    const found = fields.map((paragraphsOf) => paragraphsOf(word)).filter((set) => set !== undefined)
    return found.length > 1 ? new Set(found.flatMap((set) => [...set])) : found[0]
  }
}

/** The paragraphs of a word in one field. */
function fieldParagraphs(
  postings: PostingsReader,
  field: 'text' | 'title',
): (word: string) => Set<number> | undefined {
  return (word) => {
    const own = postings.paragraphsWith(word, field)
    if (own || word.length < 2) return own
    let paragraphs: Set<number> | undefined
    for (let i = 0; i + 1 < word.length; i++) {
      const bigram = postings.paragraphsWith(word.slice(i, i + 2), field)
      if (!bigram) return undefined
      paragraphs = paragraphs ? new Set([...paragraphs].filter((id) => bigram.has(id))) : bigram
    }
    return paragraphs
  }
}
