import { parseArgs } from 'node:util'
import { type IngestReport, ingestBatch } from './ingest.ts'

const USAGE =
  'usage: npm run ingest -- <raw file or folder>... [--date YYYY-MM-DD] [--source 湖南日报] [--dry-run] [--force] [--articles dir] [--raw dir] [--index file]'

/** `ingest <raw file or folder>...`: turns raw files into article files (see ingestBatch). */
export async function runIngest(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      force: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      source: { type: 'string' },
      date: { type: 'string' },
      articles: { type: 'string', default: 'corpus/articles' },
      raw: { type: 'string', default: 'corpus/raw' },
      index: { type: 'string', default: 'corpus/index.md' },
    },
  })
  if (positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`)
    return 1
  }
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    process.stderr.write(`error: --date ${values.date}: write the date as YYYY-MM-DD\n`)
    return 1
  }
  const dryRun = values['dry-run']
  const { files } = await ingestBatch(positionals, {
    articlesDir: values.articles,
    rawDir: values.raw,
    indexPath: values.index,
    force: values.force,
    dryRun,
    ...(values.source ? { defaultSource: values.source } : {}),
    ...(values.date ? { date: values.date } : {}),
    onFile: (report, index, total) => {
      for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`)
      process.stdout.write(`[${index + 1}/${total}] ${describeFile(report)}\n`)
    },
  })
  process.stdout.write(`\n${renderSummary(files)}\n`)
  process.stdout.write(
    dryRun
      ? 'Dry run: nothing was written.\n'
      : 'Done. A running `npm start` picks the changes up by itself.\n',
  )
  return 0
}

function describeFile(report: IngestReport): string {
  if (report.duplicateOf) return `${report.rawFile}: already in the corpus as ${report.duplicateOf}, skipped`
  return (
    `${report.rawFile} (${report.encoding}): ${report.written.length} written, ${report.unchanged.length} unchanged, ` +
    `${report.kept.length} kept (hand-corrected), ${report.removed.length} removed${report.copiedRaw ? ', raw file copied' : ''}`
  )
}

/** The summary table printed after a batch: one row per file and a total. */
export function renderSummary(files: IngestReport[]): string {
  const rows = files.map((file) => [
    file.rawFile,
    String(file.articles),
    String(file.paragraphs),
    String(file.warnings.length),
    file.duplicateOf
      ? 'skipped (duplicate)'
      : `${file.written.length} written, ${file.removed.length} removed`,
  ])
  const sum = (pick: (file: IngestReport) => number) =>
    String(files.reduce((total, file) => total + pick(file), 0))
  rows.push([
    `total (${files.length} files)`,
    sum((file) => file.articles),
    sum((file) => file.paragraphs),
    sum((file) => file.warnings.length),
    `${sum((file) => file.written.length)} written, ${sum((file) => file.removed.length)} removed`,
  ])
  const header = ['file', 'articles', 'paragraphs', 'warnings', 'changes']
  const width = (column: number) =>
    Math.max(...[header, ...rows].map((row) => displayLength(row[column] ?? '')))
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 || column === 4
          ? cell + ' '.repeat(width(column) - displayLength(cell))
          : ' '.repeat(width(column) - displayLength(cell)) + cell,
      )
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.slice(0, -1).map(line), line(rows.at(-1)!)].join('\n')
}

/** Terminal cells: CJK characters are two wide. */
function displayLength(text: string): number {
  let length = 0
  for (const char of text) length += /[\u2E80-\uFFEF]/u.test(char) ? 2 : 1
  return length
}
