import { create, type Orama } from '@orama/orama'
import { createBm25Index } from './bm25-index.ts'
import type { SearchTokenizer } from './tokenizer.ts'

/** The indexed fields of a paragraph: its text and its article's title (with subtitle). */
export const paragraphSchema = { text: 'string', title: 'string' } as const

export type ParagraphDb = Orama<typeof paragraphSchema>

/** A paragraph document; its id is `${articleId}#${paragraph}`. */
export interface ParagraphDoc {
  id: string
  text: string
  title: string
}

/** Creates an empty Orama database of paragraphs with the given tokenizer and the BM25 index fixes. */
export function createParagraphDb(tokenizer: SearchTokenizer): ParagraphDb {
  return create({
    schema: paragraphSchema,
    components: { tokenizer, index: createBm25Index() },
  }) as ParagraphDb
}

/** The id of a paragraph document. */
export function paragraphId(articleId: string, paragraph: number): string {
  return `${articleId}#${paragraph}`
}

/** Splits a paragraph document id into article id and paragraph number. */
export function parseParagraphId(id: string): { articleId: string; paragraph: number } {
  const hash = id.lastIndexOf('#')
  const paragraph = Number(id.slice(hash + 1))
  if (hash < 0 || !Number.isInteger(paragraph)) throw new Error(`index: malformed paragraph id "${id}"`)
  return { articleId: id.slice(0, hash), paragraph }
}
