import { readFile } from 'node:fs/promises'
import { renderAnswerJson } from '../render/answer-json.ts'
import { openSearcher, type SearchPaths } from './open-searcher.ts'
import type { Answer, Searcher } from './types.ts'

const USAGE =
  'usage: search "问题" [--limit N] [--offset N] [--json] | search --batch FILE.jsonl --json; options --corpus DIR --index FILE (--help for more)'

interface SearchArgs {
  question?: string
  batch?: string
  limit: number
  offset: number
  json: boolean
  paths: SearchPaths
}

/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Parses the arguments of `search`. */
export function parseSearchArgs(args: readonly string[]): SearchArgs {
  const parsed: SearchArgs = { limit: 5, offset: 0, json: false, paths: {} }
  const words: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--json') parsed.json = true
    else if (arg === '--limit') {
      const value = Number(args[++i])
      if (!Number.isInteger(value) || value < 1 || value > 20)
        throw new UsageError(`--limit needs a whole number from 1 to 20; ${USAGE}`)
      parsed.limit = value
    } else if (arg === '--offset') {
      const value = Number(args[++i])
      if (!Number.isInteger(value) || value < 0 || value > 1000)
        throw new UsageError(`--offset needs a whole number from 0 to 1000; ${USAGE}`)
      parsed.offset = value
    } else if (arg === '--batch') {
      const file = args[++i]
      if (!file) throw new UsageError(`--batch needs a file; ${USAGE}`)
      parsed.batch = file
    } else if (arg === '--corpus' || arg === '--index') {
      const value = args[++i]
      if (!value) throw new UsageError(`${arg} needs a path; ${USAGE}`)
      if (arg === '--corpus') parsed.paths.corpusDir = value
      else parsed.paths.indexPath = value
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}; ${USAGE}`)
    else words.push(arg)
  }
  if (parsed.batch) {
    if (words.length > 0) throw new UsageError(`give either a question or --batch, not both; ${USAGE}`)
    return parsed
  }
  const question = words.join(' ').trim()
  if (!question) throw new UsageError(`the question is empty; ${USAGE}`)
  parsed.question = question
  return parsed
}

/** One line of a batch file. */
export interface BatchQuestion {
  id: string | number
  q: string
}

/** Parses a JSONL batch of questions ({id, q} per line); errors name the file and the line. */
export function parseBatch(text: string, file: string): BatchQuestion[] {
  const questions: BatchQuestion[] = []
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return
    const where = `${file}:${index + 1}`
    let row: unknown
    try {
      row = JSON.parse(line)
    } catch {
      throw new UsageError(`${where}: not valid JSON (expected {"id": ..., "q": "..."})`)
    }
    const { id, q } = (row ?? {}) as Partial<BatchQuestion>
    if (typeof row !== 'object' || row === null || (typeof id !== 'string' && typeof id !== 'number')) {
      throw new UsageError(`${where}: needs an "id" (string or number)`)
    }
    if (typeof q !== 'string' || !q.trim()) throw new UsageError(`${where}: needs a non-empty "q"`)
    questions.push({ id, q })
  })
  return questions
}

/** `search`: answers one question (text or JSON) or a JSONL batch (JSON lines {id, found, results}). */
export async function runSearch(
  args: string[],
  open: (paths: SearchPaths) => Promise<Searcher> = openSearcher,
): Promise<number> {
  try {
    const options = parseSearchArgs(args)
    if (options.batch) {
      let text: string
      try {
        text = await readFile(options.batch, 'utf8')
      } catch (cause) {
        throw new UsageError(
          `cannot read ${options.batch}: ${(cause as NodeJS.ErrnoException).code ?? cause}`,
        )
      }
      const questions = parseBatch(text, options.batch)
      const searcher = await open(options.paths)
      for (const { id, q } of questions) {
        process.stdout.write(`${JSON.stringify({ id, ...(await answerJson(searcher, q, options)) })}\n`)
      }
      return 0
    }
    const searcher = await open(options.paths)
    if (options.json) {
      const json = await answerJson(searcher, options.question as string, options)
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
      return 0
    }
    const answer = await searcher.answer(options.question as string, {
      limit: options.limit,
      offset: options.offset,
    })
    process.stdout.write(formatAnswer(answer))
    return 0
  } catch (error) {
    process.stderr.write(`search: ${(error as Error).message}\n`)
    return error instanceof UsageError ? 2 : 1
  }
}

/** The answer as GET /api/search returns it: one JSON shape for the CLI and the API. */
async function answerJson(
  searcher: Searcher,
  question: string,
  options: Pick<SearchArgs, 'limit' | 'offset'>,
) {
  const paging = { limit: options.limit, offset: options.offset }
  const started = performance.now()
  const answer = await searcher.answer(question, paging)
  return renderAnswerJson(question, answer, paging, Math.round((performance.now() - started) * 100) / 100)
}

/** Plain-text rendering for a terminal: each passage with its attribution and score. */
function formatAnswer(answer: Answer): string {
  const why =
    answer.reason === 'missing-term' ? `: the documents lack "${answer.judgement?.missingTerm}"` : ''
  const lines = [
    answer.found
      ? `${answer.total} passages`
      : `not found in the corpus${why} (closest passages below, not answers)`,
  ]
  answer.results.forEach((passage, i) => {
    const byline = [passage.source, passage.date, passage.authors.join('、')].filter(Boolean).join(' · ')
    lines.push(
      '',
      `[${i + 1}] ${passage.title} — ${byline}  (#${passage.paragraph}, score ${passage.score.toFixed(2)})`,
    )
    const spotlight = passage.spotlight.map(({ start, end }) => passage.text.slice(start, end)).join(' … ')
    if (spotlight && spotlight.length < passage.text.length) lines.push(`→ ${spotlight}`)
    lines.push(passage.text)
  })
  return `${lines.join('\n')}\n`
}
