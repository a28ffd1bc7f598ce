import { runReply } from './bot/cli-reply.ts'
import { runArticles } from './corpus/cli-articles.ts'
import { runIngest } from './corpus/cli-ingest.ts'
import { runBuildIndex } from './search/cli-build-index.ts'
import { runMisses } from './search/cli-misses.ts'
import { runSearch } from './search/cli-search.ts'

/** Subcommands: each lives in its own file and returns an exit code. */
const commands: Record<string, (args: string[]) => Promise<number>> = {
  ingest: runIngest,
  articles: runArticles,
  search: runSearch,
  'build-index': runBuildIndex,
  reply: runReply,
  misses: runMisses,
}

const [name, ...args] = process.argv.slice(2)
const command = name === undefined ? undefined : commands[name]
if (!command) {
  process.stderr.write(`usage: npm run cli -- <${Object.keys(commands).join('|')}> [options]\n`)
  process.exitCode = 1
} else {
  try {
    process.exitCode = await command(args)
  } catch (error) {
    // One clear line for the user; no stack trace.
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  }
}
