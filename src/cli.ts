import { runReply } from './bot/cli-reply.ts'
import { cliHelp, commandHelp } from './cli-help.ts'
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

const isHelp = (arg: string) => arg === '--help' || arg === '-h' || arg === 'help'
const [name, ...args] = process.argv.slice(2)
const command = name === undefined ? undefined : commands[name]
if (name === undefined || isHelp(name)) {
  process.stdout.write(`${cliHelp()}\n`)
  process.exitCode = name === undefined ? 2 : 0
} else if (!command) {
  process.stderr.write(`unknown command "${name}"\n${cliHelp()}\n`)
  process.exitCode = 2
} else if (args.some((arg) => arg === '--help' || arg === '-h')) {
  process.stdout.write(`${commandHelp[name]}\n`)
  process.exitCode = 0
} else {
  try {
    process.exitCode = await command(args)
  } catch (error) {
    // One clear line for the user; no stack trace.
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  }
}
