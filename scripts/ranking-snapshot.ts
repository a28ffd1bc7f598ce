/**
 * The top-5 passages of every Chinese public question (seed corpus) and every CMRC 2018 dev question (its
 * contexts as the corpus), as paragraph ids. `--write` records them in tests/fixtures/ranking/top5.json; the
 * ranking test compares the searcher of the day with that record, so a change of storage cannot move a rank.
 *
 *   npm run -s ranking -- [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { loadArticles } from '../src/corpus/load-corpus.ts'
import { loadCmrc } from '../src/search/cmrc.ts'
import { buildBundle, createNodeTokenizer } from '../src/search/open-searcher.ts'
import { createSearcher } from '../src/search/searcher.ts'

export const SNAPSHOT = new URL('../tests/fixtures/ranking/top5.json', import.meta.url)
const PUBLIC = new URL('../../shared/eval/qa-public.jsonl', import.meta.url)
const CMRC = new URL('../../shared/benchmarks/cmrc2018/cmrc2018_dev.json', import.meta.url)

export interface RankingSnapshot {
  /** question id -> the ids (`article#paragraph`) of its first five passages. */
  public: Record<string, string[]>
  cmrc: Record<string, string[]>
}

/** Ranks every question with the current code and returns the snapshot. */
export async function rankAll(): Promise<RankingSnapshot> {
  const node = await createNodeTokenizer('corpus/dict')
  const seed = createSearcher(await buildBundle(await loadArticles('corpus/articles'), node), node.tokenizer)
  const snapshot: RankingSnapshot = { public: {}, cmrc: {} }
  const questions = readFileSync(PUBLIC, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { id: string; q: string; style?: string })
    .filter((entry) => entry.style !== 'english')
  for (const { id, q } of questions) snapshot.public[id] = ids(await seed.answer(q))
  const cmrc = await loadCmrc(CMRC.pathname)
  const searcher = createSearcher(await buildBundle(cmrc.articles, node), node.tokenizer)
  for (const { id, question } of cmrc.questions) snapshot.cmrc[id] = ids(await searcher.answer(question))
  return snapshot
}

const ids = (answer: { results: { articleId: string; paragraph: number }[] }) =>
  answer.results.map((passage) => `${passage.articleId}#${passage.paragraph}`)

if (import.meta.url === `file://${process.argv[1]}`) {
  const snapshot = await rankAll()
  const count = Object.keys(snapshot.public).length + Object.keys(snapshot.cmrc).length
  if (process.argv.includes('--write')) {
    writeFileSync(SNAPSHOT, `${JSON.stringify(snapshot)}\n`)
    console.log(`wrote the top-5 of ${count} questions to ${SNAPSHOT.pathname}`)
  } else {
    const recorded = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as RankingSnapshot
    let moved = 0
    for (const set of ['public', 'cmrc'] as const) {
      for (const [id, top] of Object.entries(snapshot[set])) {
        if (JSON.stringify(top) !== JSON.stringify(recorded[set][id])) {
          moved++
          if (moved <= 20) console.log(`${set} ${id}: ${recorded[set][id]?.join(' ')} -> ${top.join(' ')}`)
        }
      }
    }
    console.log(`${count - moved}/${count} questions keep their top-5`)
    process.exitCode = moved ? 1 : 0
  }
}
