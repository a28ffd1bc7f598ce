import { findExact } from '../bm25-index.ts'
import type { ParagraphDb } from '../paragraph-db.ts'
import type { ParagraphsOf } from './translate.ts'

type RadixRoot = Parameters<typeof findExact>[0]

/**
 * The paragraphs of an indexed word, read from the index: its own postings when it is an index token,
 * else the paragraphs holding all of its character bigrams (every Chinese run is indexed by its bigrams).
 */
export function createParagraphsOf(db: ParagraphDb): ParagraphsOf {
  const fields = ['text', 'title'].flatMap((field) => {
    const tree = db.data.index.indexes[field]
    return tree?.type === 'Radix' ? [fieldParagraphs(tree.node as unknown as RadixRoot)] : []
  })
  return (word) => {
    const found = fields.map((paragraphsOf) => paragraphsOf(word)).filter((set) => set !== undefined)
    return found.length > 1 ? new Set(found.flatMap((set) => [...set])) : found[0]
  }
}

/** The paragraphs of a word in one field's radix tree. */
function fieldParagraphs(root: RadixRoot): (word: string) => Set<number> | undefined {
  return (word) => {
    const own = findExact(root, word)
    if (own || word.length < 2) return own
    let paragraphs: Set<number> | undefined
    for (let i = 0; i + 1 < word.length; i++) {
      const postings = findExact(root, word.slice(i, i + 2))
      if (!postings) return undefined
      paragraphs = paragraphs ? new Set([...paragraphs].filter((id) => postings.has(id))) : new Set(postings)
    }
    return paragraphs
  }
}
