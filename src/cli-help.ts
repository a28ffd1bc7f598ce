/** The help of every `npm run cli` command: what it does and each of its options. */
export const commandHelp: Record<string, string> = {
  ingest: `usage: npm run ingest -- <raw file>... [options]
Turns raw files (HTML pages, PDF, text) into article files in corpus/articles.
  --source NAME     source for articles that do not name one (e.g. 湖南日报)
  --force           rewrite articles even when they were corrected by hand
  --articles DIR    article directory (default corpus/articles)
  --raw DIR         where raw files are kept (default corpus/raw)
  --index FILE      the corpus table of contents (default corpus/index.md)
  -h, --help        this help`,
  articles: `usage: npm run -s cli -- articles [options]
Lists every article: id, date, source, title, paragraphs.
  --json            print the articles as JSON
  --dir DIR         article directory (default corpus/articles)
  -h, --help        this help`,
  search: `usage: npm run -s cli -- search "问题" [options]
       npm run -s cli -- search --batch FILE.jsonl --json [options]
Quotes the passages that answer a question, as the bot and the API do.
  --limit N         passages to show (1-20, default 5)
  --offset N        passages to skip (0-1000, default 0)
  --json            print the answer as the API's JSON (GET /api/search)
  --batch FILE      answer one question per line ({"id": ..., "q": "..."}); one JSON line each
  --corpus DIR      article directory (default corpus/articles)
  --index DIR       index directory (default build/index)
  -h, --help        this help`,
  'build-index': `usage: npm run build:index -- [options]
Builds the search index from the articles and writes it atomically.
  --corpus DIR      article directory (default corpus/articles)
  --out DIR         index directory (default build/index)
  -h, --help        this help`,
  reply: `usage: npm run -s cli -- reply "问题"
Prints the HTML message the bot would send for a question in a private chat.
  -h, --help        this help`,
}

/** The help of the CLI itself: its commands. */
export function cliHelp(): string {
  const summaries = Object.entries(commandHelp).map(([name, help]) => {
    const summary = help
      .split('\n')
      .find((line) => line && !line.startsWith('usage:') && !line.startsWith(' '))
    return `  ${name.padEnd(12)} ${summary ?? ''}`
  })
  return `usage: npm run -s cli -- <command> [options]   (npm run -s cli -- <command> --help for its options)
Commands:
${summaries.join('\n')}`
}
