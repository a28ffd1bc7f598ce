import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadArticles } from '../../src/corpus/load-corpus.ts'

interface EvalCase {
  id: string
  seed: string
  answer: string[]
}

const strip = (text: string) => text.replace(/\s+/g, '')
const cases = readFileSync(new URL('../../../shared/eval/qa-public.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as EvalCase)
  .filter((evalCase) => evalCase.answer.length > 0)

describe('the corpus holds every public eval answer inside one paragraph', async () => {
  const articles = await loadArticles('corpus/articles')
  it.each(cases)('$id', (evalCase) => {
    const paragraphs = articles
      .filter((article) => article.raw.file === evalCase.seed)
      .flatMap((article) => article.paragraphs.map(strip))
    for (const answer of evalCase.answer) {
      expect(
        paragraphs.some((paragraph) => paragraph.includes(strip(answer))),
        answer,
      ).toBe(true)
    }
  })
})
