import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadArticles } from '../../src/corpus/load-corpus.ts'
import { buildBundle, createNodeTokenizer } from '../../src/search/open-searcher.ts'
import { createSearcher } from '../../src/search/searcher.ts'
import type { Answer, Searcher } from '../../src/search/types.ts'

/** Every Chinese question of the public set (the English ones aside). */
const questions = readFileSync(new URL('../../../shared/eval/qa-public.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { id: string; q: string; style?: string })
  .filter((entry) => entry.style !== 'english')

let withLexicon: Searcher
let without: Searcher

beforeAll(async () => {
  const node = await createNodeTokenizer('corpus/dict')
  const bundle = await buildBundle(await loadArticles('corpus/articles'), node)
  const { english: _, ...withoutEnglish } = bundle
  withLexicon = createSearcher(bundle, node.tokenizer)
  without = createSearcher(withoutEnglish, node.tokenizer)
}, 60_000)

const top5 = (answer: Answer) =>
  answer.results.map((passage) => [`${passage.articleId}#${passage.paragraph}`, passage.score])

describe('Chinese public questions rank exactly as without the English lexicon', () => {
  it('has the public questions to check', () => expect(questions.length).toBeGreaterThan(50))
  it.each(questions)('$id $q', async ({ q }) => {
    const [a, b] = [await withLexicon.answer(q), await without.answer(q)]
    expect(a.translation).toBeUndefined()
    expect(top5(a)).toEqual(top5(b))
    expect(a.found).toBe(b.found)
  })
})
