import { passagesPerMessage, renderAnswerHtml } from '../render/answer-html.ts'
import type { Searcher } from '../search/types.ts'
import { extractQuestion } from './question.ts'

export interface ReplyCommandDeps {
  openSearcher: () => Promise<Searcher>
  write: (text: string) => void
  writeError: (text: string) => void
}

/** `cli reply "问题"`: prints exactly the HTML message the bot would send in a private chat. */
export async function replyCommand(args: string[], deps: ReplyCommandDeps): Promise<number> {
  const question = extractQuestion(args.join(' '), undefined, '')
  if (question === '') {
    deps.writeError('Usage: npm run -s cli -- reply "问题"\n')
    return 2
  }
  const searcher = await deps.openSearcher()
  const answer = await searcher.answer(question, { limit: passagesPerMessage('private'), offset: 0 })
  deps.write(`${renderAnswerHtml(answer, { surface: 'private', offset: 0 }).html}\n`)
  return 0
}

/** The `reply` subcommand of src/cli.ts (Node: opens the searcher over corpus/articles, builds the index if stale). */
export async function runReply(args: string[]): Promise<number> {
  const { openSearcher } = await import('../search/open-searcher.ts')
  return replyCommand(args, {
    openSearcher: () =>
      openSearcher({
        onRebuild: (reason) => process.stderr.write(`building the search index (${reason})…\n`),
      }),
    write: (text) => process.stdout.write(text),
    writeError: (text) => process.stderr.write(text),
  })
}
