import { parseArgs } from 'node:util'
import { ingestRawFile } from './ingest.ts'

const USAGE =
  'usage: npm run ingest -- <raw file>... [--force] [--source 湖南日报] [--articles dir] [--raw dir] [--index file]'

/** `ingest <raw file>...`: turns raw files into article files (see ingestRawFile). */
export async function runIngest(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      force: { type: 'boolean', default: false },
      source: { type: 'string' },
      articles: { type: 'string', default: 'corpus/articles' },
      raw: { type: 'string', default: 'corpus/raw' },
      index: { type: 'string', default: 'corpus/index.md' },
    },
  })
  if (positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`)
    return 1
  }
  for (const path of positionals) {
    const report = await ingestRawFile(path, {
      articlesDir: values.articles,
      rawDir: values.raw,
      indexPath: values.index,
      force: values.force,
      ...(values.source ? { defaultSource: values.source } : {}),
    })
    for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`)
    process.stdout.write(
      `${report.rawFile} (${report.encoding}): ${report.written.length} written, ${report.unchanged.length} unchanged, ` +
        `${report.kept.length} kept (hand-corrected), ${report.removed.length} removed${report.copiedRaw ? ', raw file copied' : ''}\n`,
    )
  }
  return 0
}
