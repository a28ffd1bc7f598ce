/** The real searcher over the real corpus (corpus/articles, index in build/), opened once per test file. */
import { openSearcher } from '../../src/search/open-searcher.ts'
import type { Searcher } from '../../src/search/types.ts'

export const CORPUS_DIR = 'corpus/articles'
export const INDEX_PATH = 'build/index.json'

let opened: Promise<Searcher> | undefined

export function realSearcher(): Promise<Searcher> {
  opened ??= openSearcher({ corpusDir: CORPUS_DIR, indexPath: INDEX_PATH })
  return opened
}

/** A searcher that counts the searches it runs. */
export function countingSearcher(inner: Searcher): Searcher & { searches: () => number } {
  let searches = 0
  return {
    ...inner,
    answer: (question, options) => {
      searches++
      return inner.answer(question, options)
    },
    searches: () => searches,
  }
}
