/**
 * Issue 12 check: Chinese questions are searched exactly as before the English lexicon existed.
 * For every question of a set, compares the top 5 (ids and scores) of the searcher with the lexicon
 * and of the same index without it, and prints how many differ.
 *
 *   npx tsx scripts/chinese-unchanged.ts                        the public set (non-English questions)
 *   npx tsx scripts/chinese-unchanged.ts --cmrc ../shared/benchmarks/cmrc2018/cmrc2018_dev.json
 */
import { readFile } from 'node:fs/promises'
import { loadArticles } from '../src/corpus/load-corpus.ts'
import type { Article } from '../src/corpus/types.ts'
import { loadCmrc } from '../src/search/cmrc.ts'
import { buildBundle, createNodeTokenizer } from '../src/search/open-searcher.ts'
import { createSearcher } from '../src/search/searcher.ts'
import type { Answer } from '../src/search/types.ts'

const args = process.argv.slice(2)
const cmrcAt = args.indexOf('--cmrc')
let articles: Article[]
let questions: string[]
if (cmrcAt >= 0) {
  const cmrc = await loadCmrc(args[cmrcAt + 1] ?? '../shared/benchmarks/cmrc2018/cmrc2018_dev.json')
  articles = cmrc.articles
  questions = cmrc.questions.map((question) => question.question)
} else {
  articles = await loadArticles('corpus/articles')
  questions = (await readFile(args[0] ?? '../shared/eval/qa-public.jsonl', 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { q: string; style?: string })
    .filter((entry) => entry.style !== 'english')
    .map((entry) => entry.q)
}
const node = await createNodeTokenizer()
const bundle = await buildBundle(articles, node)
const { english: _, ...withoutEnglish } = bundle
const withLexicon = createSearcher(bundle, node.tokenizer)
const without = createSearcher(withoutEnglish, node.tokenizer)
const top5 = (answer: Answer) =>
  answer.results.map((passage) => `${passage.articleId}#${passage.paragraph}:${passage.score}`).join(' ')
let changed = 0
let translated = 0
for (const question of questions) {
  const [a, b] = [await withLexicon.answer(question), await without.answer(question)]
  if (a.translation) translated++
  if (top5(a) !== top5(b) || a.found !== b.found) {
    changed++
    console.log(`changed: ${question} -> ${a.translation?.terms.join(' ') ?? ''}`)
  }
}
console.log(
  `${questions.length} Chinese questions: ${changed} with a different top 5, ${translated} treated as English`,
)
process.exit(changed === 0 ? 0 : 1)
