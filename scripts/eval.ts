/**
 * Retrieval, spotlight and abstention evaluation.
 *   npm run -s eval -- FILE.jsonl [FILE.jsonl …]  questions {id, q, answer[], type, style} against the corpus index;
 *                                               answer [] = the documents do not answer it
 *   npm run -s eval -- --cmrc FILE.json          CMRC 2018: contexts as documents, hit when the question's own
 *                                               context ranks; abstention with each question's own context removed
 * Both print the spotlight figures, the abstention rate on each side and the curve of the answerability score.
 */
import { readFile } from 'node:fs/promises'
import { loadArticles } from '../src/corpus/load-corpus.ts'
import { defaultAnswerability } from '../src/search/answerability.ts'
import type { IndexBundle } from '../src/search/build-index.ts'
import { loadCmrc } from '../src/search/cmrc.ts'
import {
  buildBundle,
  createNodeTokenizer,
  type NodeTokenizer,
  openSearcher,
} from '../src/search/open-searcher.ts'
import { createSearcher } from '../src/search/searcher.ts'
import { createTokenizer } from '../src/search/tokenizer.ts'
import type { Answer, Passage, Searcher } from '../src/search/types.ts'
import { createVocabularySegmenter } from '../src/search/vocabulary-segmenter.ts'

interface EvalQuestion {
  id: string
  q: string
  answer: string[]
  type?: string
  style?: string
}

/** Ranks (1-based) of the first answering passage, or 0 when none in the top 10. */
class RankStats {
  ranks: number[] = []
  add(rank: number) {
    this.ranks.push(rank)
  }
  hitAt(k: number) {
    return this.ranks.length ? this.ranks.filter((r) => r > 0 && r <= k).length / this.ranks.length : 0
  }
  mrr() {
    return this.ranks.length
      ? this.ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0) / this.ranks.length
      : 0
  }
  line(label: string) {
    const f = (x: number) => x.toFixed(3)
    return `${label.padEnd(14)} n=${String(this.ranks.length).padStart(4)}  hit@1 ${f(this.hitAt(1))}  hit@3 ${f(this.hitAt(3))}  hit@5 ${f(this.hitAt(5))}  MRR@10 ${f(this.mrr())}`
  }
}

const squeeze = (text: string) => text.replace(/\s+/gu, '')

/** The text of a passage's spotlight (its sentences joined). */
function spotlightText(passage: Passage): string {
  return passage.spotlight.map(({ start, end }) => passage.text.slice(start, end)).join('')
}

/** How often the first passage's spotlight holds the answer, when the passage does, and how long it is. */
class SpotlightStats {
  held = 0
  holding = 0
  share = 0
  misses: string[] = []
  add(passage: Passage | undefined, expected: readonly string[], id: string, any = false) {
    if (!passage) return
    const holds = (text: string) =>
      any
        ? expected.some((answer) => squeeze(text).includes(squeeze(answer)))
        : expected.every((answer) => squeeze(text).includes(squeeze(answer)))
    if (!holds(passage.text)) return
    this.holding++
    const spot = spotlightText(passage)
    this.share += (spot || passage.text).length / passage.text.length
    if (holds(spot)) this.held++
    else this.misses.push(`  spotlight misses ${id}: ${expected.join(' / ')} -> ${spot.slice(0, 50)}`)
  }
  rate() {
    return (this.held / (this.holding || 1)).toFixed(3)
  }
  meanShare() {
    return (this.share / (this.holding || 1)).toFixed(3)
  }
  line() {
    const n = this.holding || 1
    return `spotlight      holds the answer ${(this.held / n).toFixed(3)} (${this.held}/${this.holding} first passages holding it), mean length ${(this.share / n).toFixed(3)} of the paragraph`
  }
}

/** One question's answerability, for the curve: its score, and whether a figure question's passage lacked any figure. */
interface Judged {
  answerable: boolean
  score: number
  blocked: boolean
}

function judged(answer: Answer, answerable: boolean): Judged {
  const judgement = answer.judgement
  return {
    answerable,
    score: judgement?.score ?? Number.NEGATIVE_INFINITY,
    blocked: judgement ? !judgement.passageTyped : true,
  }
}

/**
 * The abstention curve: for each threshold of the answerability score, the share of answerable questions still
 * answered (recall), the share of unanswerable ones refused, and the precision of found:true on this mix.
 */
function printCurve(rows: readonly Judged[], label: string): void {
  const answerable = rows.filter((row) => row.answerable)
  const unanswerable = rows.filter((row) => !row.answerable)
  if (answerable.length === 0 || unanswerable.length === 0) return
  const chosen = defaultAnswerability.threshold
  console.log(
    `curve (${label}): threshold  answerable found:true (recall)  unanswerable found:false  precision`,
  )
  const thresholds = [0, 0.1, 0.15, 0.2, chosen, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6]
  for (const threshold of [...new Set(thresholds)].sort((a, b) => a - b)) {
    const found = (row: Judged) => !row.blocked && row.score >= threshold
    const kept = answerable.filter(found).length
    const refused = unanswerable.filter((row) => !found(row)).length
    const answered = kept + (unanswerable.length - refused)
    console.log(
      `  ${threshold === chosen ? '*' : ' '} ${threshold.toFixed(2).padStart(5)}  ${(kept / answerable.length).toFixed(3).padStart(8)}  ${(refused / unanswerable.length).toFixed(3).padStart(8)}  ${(answered ? kept / answered : 1).toFixed(3).padStart(8)}`,
    )
  }
  console.log(
    `  (* the threshold in use; n = ${answerable.length} answerable, ${unanswerable.length} unanswerable)`,
  )
}

/** A passage answers when it contains every answer string, all whitespace removed from both. */
function answers(passage: Passage, expected: readonly string[]): boolean {
  const text = squeeze(passage.text)
  return expected.every((answer) => text.includes(squeeze(answer)))
}

async function readQuestions(path: string): Promise<EvalQuestion[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new Error(`cannot read ${path}`, { cause })
  }
  return text.split('\n').flatMap((line, i) => {
    if (!line.trim()) return []
    try {
      const row = JSON.parse(line) as EvalQuestion
      if (typeof row.q !== 'string' || !Array.isArray(row.answer)) throw new Error('needs "q" and "answer"')
      return [row]
    } catch (cause) {
      throw new Error(`${path}:${i + 1}: ${(cause as Error).message}`)
    }
  })
}

async function evalQuestions(paths: readonly string[], searcher: Searcher): Promise<void> {
  const questions = (await Promise.all(paths.map(readQuestions))).flat()
  const spotlight = new SpotlightStats()
  const curve: Judged[] = []
  const overall = new RankStats()
  const chinese = new RankStats()
  const byStyle = new Map<string, RankStats>()
  let unanswerable = 0
  let abstained = 0
  let answerable = 0
  let wronglyAbstained = 0
  let chineseAnswerable = 0
  let chineseWronglyAbstained = 0
  const misses: string[] = []
  for (const question of questions) {
    const result = await searcher.answer(question.q, { limit: 10 })
    if (question.style !== 'english') curve.push(judged(result, question.answer.length > 0))
    if (question.answer.length === 0) {
      unanswerable++
      if (!result.found) abstained++
      else misses.push(`  answered ${question.id} ${question.q} -> ${result.results[0]?.text.slice(0, 40)}`)
      continue
    }
    answerable++
    const isChinese = question.style !== 'english'
    if (isChinese) chineseAnswerable++
    if (!result.found) {
      wronglyAbstained++
      if (isChinese) chineseWronglyAbstained++
      misses.push(`  abstained ${question.id} ${question.q}`)
    }
    const rank = result.results.findIndex((passage) => answers(passage, question.answer)) + 1
    if (isChinese) spotlight.add(result.results[0], question.answer, question.id)
    if (rank !== 1) misses.push(`  rank ${rank || '-'} ${question.id} [${question.style}] ${question.q}`)
    overall.add(rank)
    const style = question.style ?? 'unknown'
    if (isChinese) chinese.add(rank)
    const stats = byStyle.get(style) ?? new RankStats()
    stats.add(rank)
    byStyle.set(style, stats)
  }
  if (process.argv.includes('--verbose')) console.log([...misses, ...spotlight.misses].join('\n'))
  console.log(overall.line('all'))
  for (const [style, stats] of [...byStyle].sort()) console.log(stats.line(`  ${style}`))
  console.log(chinese.line('non-english'))
  const share = (a: number, b: number) => (b ? a / b : 0).toFixed(3)
  console.log(spotlight.line())
  printCurve(curve, 'non-english questions')
  console.log(
    `abstention     unanswerable found:false ${share(abstained, unanswerable)} (${abstained}/${unanswerable})  answerable found:false ${share(wronglyAbstained, answerable)} (${wronglyAbstained}/${answerable}; non-english ${share(chineseWronglyAbstained, chineseAnswerable)}, ${chineseWronglyAbstained}/${chineseAnswerable})`,
  )
  console.log(
    `SUMMARY hit@1 ${chinese.hitAt(1).toFixed(3)} hit@3 ${chinese.hitAt(3).toFixed(3)} MRR@10 ${chinese.mrr().toFixed(3)} (non-english, n=${chinese.ranks.length}); spotlight ${spotlight.rate()} at ${spotlight.meanShare()} of the paragraph; all hit@1 ${overall.hitAt(1).toFixed(3)} hit@3 ${overall.hitAt(3).toFixed(3)}; abstain ${share(abstained, unanswerable)} of unanswerable, ${share(wronglyAbstained, answerable)} of answerable (${share(chineseWronglyAbstained, chineseAnswerable)} non-english)`,
  )
}

async function evalCmrc(path: string, args: readonly string[]): Promise<void> {
  const { articles, questions } = await loadCmrc(path)
  const node = await createNodeTokenizer()
  const started = performance.now()
  const bundle = await buildBundle(articles, node, { vocabulary: args.includes('--segmenter') })
  const searcher = createSearcher(bundle, node.tokenizer)
  const buildMs = performance.now() - started
  if (args.includes('--segmenter')) {
    await compareSegmenters(
      bundle,
      node,
      questions.map((question) => question.question),
    )
  }
  // Unanswerable twins (SQuAD 2.0 style): each question against an index without its own context. Two halves of
  // the contexts, each indexed alone, serve every question from the other half.
  const folds = await Promise.all(
    [0, 1].map(async (half) =>
      createSearcher(
        await buildBundle(
          articles.filter((_, i) => i % 2 === half),
          node,
        ),
        node.tokenizer,
      ),
    ),
  )
  const half = new Map(articles.map((article, i) => [article.id, i % 2]))
  const own = new RankStats()
  const spotlight = new SpotlightStats()
  const curve: Judged[] = []
  let answerAt1 = 0
  let answerAt5 = 0
  for (const question of questions) {
    const answer = await searcher.answer(question.question, { limit: 10 })
    const { results } = answer
    curve.push(judged(answer, true))
    spotlight.add(results[0], question.answers, question.id, true)
    const without = folds[1 - (half.get(question.articleId) ?? 0)] as Searcher
    curve.push(judged(await without.answer(question.question, { limit: 1 }), false))
    own.add(results.findIndex((passage) => passage.articleId === question.articleId) + 1)
    const holds = (passage: Passage | undefined) =>
      passage !== undefined &&
      question.answers.some((answer) => squeeze(passage.text).includes(squeeze(answer)))
    if (holds(results[0])) answerAt1++
    if (results.slice(0, 5).some(holds)) answerAt5++
  }
  console.log(
    `CMRC 2018: ${articles.length} contexts, ${questions.length} questions, index built in ${buildMs.toFixed(0)} ms`,
  )
  console.log(own.line('own context'))
  const n = questions.length || 1
  console.log(`answer text    in top 1 ${(answerAt1 / n).toFixed(3)}  in top 5 ${(answerAt5 / n).toFixed(3)}`)
  console.log(spotlight.line())
  printCurve(curve, 'CMRC, each question with and without its own context')
  const abstained = (answerable: boolean) => {
    const side = curve.filter((row) => row.answerable === answerable)
    const refused = side.filter((row) => row.blocked || row.score < defaultAnswerability.threshold).length
    return `${(refused / (side.length || 1)).toFixed(3)} (${refused}/${side.length})`
  }
  console.log(
    `abstention     own context removed found:false ${abstained(false)}  own context present found:false ${abstained(true)}`,
  )
  console.log(
    `SUMMARY CMRC hit@1 ${own.hitAt(1).toFixed(3)} hit@3 ${own.hitAt(3).toFixed(3)} hit@5 ${own.hitAt(5).toFixed(3)} MRR@10 ${own.mrr().toFixed(3)}`,
  )
}

/**
 * How often the Worker's segmenter (DAG over the bundle's vocabulary) gives the same query terms and the same
 * top 5 as nodejieba.
 */
async function compareSegmenters(bundle: IndexBundle, node: NodeTokenizer, questions: readonly string[]) {
  const words = bundle.vocabulary
  if (!words) throw new Error('compareSegmenters: build the bundle with { vocabulary: true }')
  const tokenizer = createTokenizer({
    segment: createVocabularySegmenter(words),
    stopwords: node.stopwords,
  })
  const jieba = createSearcher(bundle, node.tokenizer)
  const vocabulary = createSearcher(bundle, tokenizer)
  let sameTerms = 0
  let sameTop5 = 0
  const key = (passages: readonly Passage[]) => passages.map((p) => `${p.articleId}#${p.paragraph}`).join(' ')
  const termSet = (terms: readonly { token: string }[]) =>
    [...new Set(terms.map((t) => t.token))].sort().join(' ')
  for (const question of questions) {
    if (termSet(node.tokenizer.analyze(question)) === termSet(tokenizer.analyze(question))) sameTerms++
    const [a, b] = [await jieba.answer(question), await vocabulary.answer(question)]
    if (key(a.results) === key(b.results)) sameTop5++
  }
  const n = questions.length || 1
  console.log(
    `segmenter      vocabulary DAG vs nodejieba over ${questions.length} questions: same terms ${(sameTerms / n).toFixed(3)}, same top 5 ${(sameTop5 / n).toFixed(3)} (vocabulary ${Object.keys(words.words).length} words)`,
  )
}

async function main(args: string[]): Promise<number> {
  const cmrc = args.indexOf('--cmrc')
  if (cmrc >= 0) {
    const path = args[cmrc + 1]
    if (!path) throw new Error('usage: eval --cmrc FILE.json')
    await evalCmrc(path, args)
    return 0
  }
  const paths = args.filter((arg) => arg.endsWith('.jsonl'))
  const path = paths[0]
  if (!path)
    throw new Error('usage: eval FILE.jsonl [--verbose] [--segmenter] | eval --cmrc FILE.json [--segmenter]')
  const ranking = args.includes('--ranking') ? JSON.parse(args[args.indexOf('--ranking') + 1] ?? '{}') : {}
  if (args.includes('--segmenter')) {
    const node = await createNodeTokenizer()
    const bundle = await buildBundle(await loadArticles(), node, { vocabulary: true })
    await compareSegmenters(
      bundle,
      node,
      (await readQuestions(path)).map((question) => question.q),
    )
  }
  await evalQuestions(paths, await openSearcher({ ranking }))
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`eval: ${error.message}`)
    process.exit(1)
  },
)
