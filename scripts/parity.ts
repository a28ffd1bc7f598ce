/**
 * `npm run -s parity [-- --cmrc N] [--jieba-wasm DIR]`: does the Worker rank as Node does?
 * Node's searcher (nodejieba queries) against the Worker's code path run in Node (the same createSearcher
 * and bundle, queries cut by a jieba-free segmenter), on the public question set and N CMRC 2018 questions
 * (default 500). For each candidate query segmenter it prints token agreement and top-5 parity;
 * exits 1 when the Worker's own segmenter (the jieba port) agrees on fewer than 99% of top-5 lists.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadArticles } from '../src/corpus/load-corpus.ts'
import type { Article } from '../src/corpus/types.ts'
import type { IndexBundle } from '../src/search/build-index.ts'
import { loadCmrc } from '../src/search/cmrc.ts'
import { buildBundle, createNodeTokenizer, type NodeTokenizer } from '../src/search/open-searcher.ts'
import { createSearcher } from '../src/search/searcher.ts'
import type { Segmenter } from '../src/search/tokenizer.ts'
import type { Searcher } from '../src/search/types.ts'
import { createVocabularySegmenter } from '../src/search/vocabulary-segmenter.ts'
import { createWorkerSearcher, createWorkerTokenizer } from '../src/worker/worker-index.ts'
import { toWorkerIndex } from '../src/worker/write-worker-index.ts'

const PUBLIC_SET = '../shared/eval/qa-public.jsonl'
const CMRC_FILE = '../shared/benchmarks/cmrc2018/cmrc2018_dev.json'
const REQUIRED_PARITY = 0.99

interface Candidate {
  name: string
  /** The query segmenter; the Worker's own when absent. */
  segmenter?: (bundle: IndexBundle) => Segmenter
}

interface Agreement {
  questions: number
  sameTokens: number
  /** Query tokens of Node found in the candidate's, over all questions (multiset share). */
  tokenShare: number
  sameTop5: number
  sameFound: number
  differences: string[]
}

/** Top-5 paragraph ids of an answer, in order. */
async function top5(searcher: Searcher, question: string): Promise<{ ids: string[]; found: boolean }> {
  const answer = await searcher.answer(question, { limit: 5 })
  return {
    ids: answer.results.map((passage) => `${passage.articleId}#${passage.paragraph}`),
    found: answer.found,
  }
}

async function compare(
  label: string,
  articles: readonly Article[],
  questions: readonly string[],
  node: NodeTokenizer,
  candidates: readonly Candidate[],
): Promise<Map<string, Agreement>> {
  const started = performance.now()
  const bundle = await buildBundle(articles, node, { vocabulary: true })
  const index = await toWorkerIndex(bundle, node)
  const reference = createSearcher(bundle, node.tokenizer)
  const expected = []
  for (const question of questions) {
    expected.push({
      tokens: node.tokenizer.analyze(question).map((term) => term.token),
      ...(await top5(reference, question)),
    })
  }
  console.log(
    `${label}: ${articles.length} articles, ${questions.length} questions (index built in ${Math.round(performance.now() - started)} ms)`,
  )
  const results = new Map<string, Agreement>()
  for (const candidate of candidates) {
    const segment = candidate.segmenter?.(bundle)
    const tokenizer = createWorkerTokenizer(index, segment)
    const searcher = createWorkerSearcher(index, segment ? { segment } : {})
    const agreement: Agreement = {
      questions: 0,
      sameTokens: 0,
      tokenShare: 0,
      sameTop5: 0,
      sameFound: 0,
      differences: [],
    }
    let held = 0
    let all = 0
    for (const [i, question] of questions.entries()) {
      const want = expected[i]!
      const tokens = tokenizer.analyze(question).map((term) => term.token)
      const got = await top5(searcher, question)
      agreement.questions++
      if (tokens.join('\u0000') === want.tokens.join('\u0000')) agreement.sameTokens++
      const pool = new Map<string, number>()
      for (const token of tokens) pool.set(token, (pool.get(token) ?? 0) + 1)
      for (const token of want.tokens) {
        all++
        const left = pool.get(token) ?? 0
        if (left > 0) {
          held++
          pool.set(token, left - 1)
        }
      }
      if (got.found === want.found) agreement.sameFound++
      if (got.ids.join(' ') === want.ids.join(' ')) agreement.sameTop5++
      else if (agreement.differences.length < 5) {
        agreement.differences.push(
          `    ${question}\n      node   ${want.tokens.join('|')}\n      worker ${tokens.join('|')}`,
        )
      }
    }
    agreement.tokenShare = all ? held / all : 1
    results.set(candidate.name, agreement)
    const percent = (n: number) => `${((100 * n) / agreement.questions).toFixed(1)}%`
    console.log(
      `  ${candidate.name.padEnd(22)} same tokens ${percent(agreement.sameTokens).padStart(6)}  token share ${(100 * agreement.tokenShare).toFixed(1).padStart(5)}%  same top-5 ${percent(agreement.sameTop5).padStart(6)}  same found ${percent(agreement.sameFound).padStart(6)}`,
    )
    if (process.argv.includes('--verbose')) for (const line of agreement.differences) console.log(line)
  }
  return results
}

async function readPublicQuestions(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new Error(`cannot read the public question set ${path}`, { cause })
  })
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const row = JSON.parse(line) as { q?: unknown }
      if (typeof row.q !== 'string') throw new Error(`${path}:${i + 1}: no "q"`)
      return row.q
    })
}

/** jieba-rs in WebAssembly, loaded from a scratch install (not a project dependency), with the corpus user dictionary. */
async function loadJiebaWasm(dir: string, userDictPath: string): Promise<Segmenter> {
  const entry = pathToFileURL(resolve(dir, 'pkg/nodejs/jieba_rs_wasm.js')).href
  const jieba = (await import(entry)) as {
    cut(text: string, hmm?: boolean): string[]
    add_word(word: string, frequency?: number, tag?: string): number
  }
  for (const line of (await readFile(userDictPath, 'utf8')).split('\n')) {
    const [word, frequency] = line.trim().split(/\s+/u)
    if (word && !word.startsWith('#')) jieba.add_word(word, frequency ? Number(frequency) : undefined)
  }
  return (text) => jieba.cut(text, true)
}

/** Every k-th question so that `count` spread over the whole set. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items]
  const step = items.length / count
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)] as T)
}

async function main(args: string[]): Promise<number> {
  const flag = (name: string) => {
    const at = args.indexOf(name)
    return at >= 0 ? args[at + 1] : undefined
  }
  const cmrcCount = Number(flag('--cmrc') ?? 500)
  const node = await createNodeTokenizer()
  const intl = new Intl.Segmenter('zh', { granularity: 'word' })
  const candidates: Candidate[] = [
    { name: 'jieba port (Worker)' },
    {
      name: 'vocabulary segmenter',
      segmenter: (bundle) => createVocabularySegmenter(bundle.vocabulary ?? { total: 0, words: {} }),
    },
    {
      name: 'Intl.Segmenter zh',
      segmenter: () => (text) => Array.from(intl.segment(text), (part) => part.segment),
    },
  ]
  const jiebaWasmDir = flag('--jieba-wasm')
  if (jiebaWasmDir) {
    const segment = await loadJiebaWasm(jiebaWasmDir, join('corpus/dict', 'user-dict.txt'))
    candidates.push({ name: 'jieba-wasm 2.4.0', segmenter: () => segment })
  }

  const publicSet = await compare(
    'public set',
    await loadArticles(),
    await readPublicQuestions(PUBLIC_SET),
    node,
    candidates,
  )
  const cmrc = await loadCmrc(CMRC_FILE)
  const cmrcSet = await compare(
    'CMRC 2018 dev',
    cmrc.articles,
    spread(cmrc.questions, cmrcCount).map((question) => question.question),
    node,
    candidates,
  )
  const worker = candidates[0]!.name
  const a = publicSet.get(worker)!
  const b = cmrcSet.get(worker)!
  const parity = (a.sameTop5 + b.sameTop5) / (a.questions + b.questions)
  console.log(
    `Worker top-5 parity: ${(100 * parity).toFixed(1)}% of ${a.questions + b.questions} questions (public ${a.sameTop5}/${a.questions}, CMRC ${b.sameTop5}/${b.questions}); required ${100 * REQUIRED_PARITY}%`,
  )
  return parity >= REQUIRED_PARITY && a.sameTop5 / a.questions >= REQUIRED_PARITY ? 0 : 1
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`parity: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  },
)
