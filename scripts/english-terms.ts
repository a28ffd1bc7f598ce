/**
 * Issue 12 diagnosis: for each English question of one or more sets, the Chinese terms searched, the rank of the
 * first passage holding the answer, `found`, the answerability score and the first passage's opening.
 *
 *   npx tsx scripts/english-terms.ts [FILE.jsonl …]   default: the public English set and our dev set
 *   add --misses to print only the questions whose answering passage is not first (or wrongly found/refused)
 */
import { readFile } from 'node:fs/promises'
import { openSearcher } from '../src/search/open-searcher.ts'

interface Question {
  id: string
  q: string
  answer: string[]
}

const args = process.argv.slice(2)
const onlyMisses = args.includes('--misses')
const paths = args.filter((arg) => arg.endsWith('.jsonl'))
const files = paths.length
  ? paths
  : ['../shared/eval/qa-english-public.jsonl', 'tests/fixtures/english/dev-questions.jsonl']
const searcher = await openSearcher()
const squeeze = (text: string) => text.replace(/\s+/gu, '')
for (const file of files) {
  const questions = (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Question & { style?: string })
    .filter((question) => question.style === undefined || question.style === 'english')
  console.log(`# ${file}`)
  const tally = { answerable: 0, at1: 0, at3: 0, refused: 0, unanswerable: 0, declined: 0 }
  for (const question of questions) {
    const answer = await searcher.answer(question.q, { limit: 10 })
    const rank =
      answer.results.findIndex((passage) =>
        question.answer.every((text) => squeeze(passage.text).includes(squeeze(text))),
      ) + 1
    const answerable = question.answer.length > 0
    const ok = answerable ? rank === 1 && answer.found : !answer.found
    if (answerable) {
      tally.answerable++
      if (rank === 1) tally.at1++
      if (rank > 0 && rank <= 3) tally.at3++
      if (!answer.found) tally.refused++
    } else {
      tally.unanswerable++
      if (!answer.found) tally.declined++
    }
    if (onlyMisses && ok) continue
    const first = answer.results[0]
    console.log(
      `${question.id} ${answerable ? `rank ${rank || '-'}` : 'unanswerable'} found:${answer.found} score ${answer.judgement?.score.toFixed(2) ?? '-'}${answer.reason ? ` (${answer.reason})` : ''}\n  ${question.q}\n  terms: ${answer.translation?.terms.join(' · ') ?? '(not translated)'}\n  first: ${first ? `${first.articleId}#${first.paragraph} ${first.text.slice(0, 60)}` : '-'}`,
    )
  }
  const share = (count: number, of: number) => (of ? count / of : 0).toFixed(3)
  console.log(
    `SUMMARY ${file}: answerable n=${tally.answerable} hit@1 ${share(tally.at1, tally.answerable)} hit@3 ${share(tally.at3, tally.answerable)} found:false ${tally.refused}/${tally.answerable}; unanswerable n=${tally.unanswerable} found:false ${tally.declined}/${tally.unanswerable}`,
  )
}
process.exit(0)
