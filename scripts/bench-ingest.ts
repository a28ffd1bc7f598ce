/**
 * `npm run -s bench:ingest -- [--mb 50]`: generates one huge page in the seeds' format (PDF text: narrow
 * lines with a blank line after each, headlines, bylines, datelines, captions, continuation markers, plus
 * one 5 MB line without breaks), ingests it into a temporary corpus and prints the time and peak memory.
 * Each article's text is drawn from the seed pages, shuffled by a seeded generator, so it is real Chinese.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ingestRawFile } from '../src/corpus/ingest.ts'

const { values } = parseArgs({ options: { mb: { type: 'string', default: '50' } } })
const targetBytes = Number(values.mb) * 1024 * 1024

/** Small deterministic generator (mulberry32), so every run ingests the same page. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let value = Math.imul(state ^ (state >>> 15), 1 | state)
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

async function seedSentences(): Promise<string[]> {
  const sentences: string[] = []
  for (const name of await readdir('corpus/articles')) {
    const text = await readFile(join('corpus/articles', name), 'utf8')
    const body = text.split('\n---\n')[1] ?? ''
    sentences.push(...(body.match(/[^。！？\n]{8,}[。！？]/gu) ?? []))
  }
  return sentences
}

function wrap(paragraph: string, width: number): string[] {
  const lines: string[] = []
  for (let index = 0; index < paragraph.length; index += width)
    lines.push(paragraph.slice(index, index + width))
  return lines
}

async function generatePage(): Promise<string> {
  const sentences = await seedSentences()
  const next = random(42)
  const pick = () => sentences[Math.floor(next() * sentences.length)]!
  const names = ['张三', '李四', '王五', '赵六', '陈历军', '欧阳振华']
  const parts: string[] = []
  let size = 0
  let article = 0
  const push = (line: string) => {
    parts.push(line, '')
    size += Buffer.byteLength(line) + 2
  }
  while (size < targetBytes) {
    article++
    if (article % 7 === 0) push(`（上接1版${'①②③④⑤'[article % 5]}）`)
    else
      push(
        `${pick()
          .slice(0, 12)
          .replace(/[，。！？、“”]/gu, '')}第${article}篇`,
      )
    push(`湖南日报全媒体记者 ${names[article % names.length]} 通讯员 ${names[(article + 1) % names.length]}`)
    const paragraphs = 3 + Math.floor(next() * 8)
    for (let index = 0; index < paragraphs; index++) {
      let paragraph = ''
      const count = 1 + Math.floor(next() * 4)
      for (let sentence = 0; sentence < count; sentence++) paragraph += pick()
      if (index === 0) paragraph = `湖南日报${1 + (article % 12)}月${1 + (article % 28)}日讯 ${paragraph}`
      for (const line of wrap(paragraph, 16)) push(line)
    }
    if (article % 11 === 0) push(`${pick()}（湖南日报记者 ${names[article % names.length]} 摄）`)
    if (article === 50) {
      // One line of 5 MB: a paragraph the extraction cannot break by layout.
      let huge = ''
      while (huge.length < (5 * 1024 * 1024) / 3) huge += pick()
      push(huge)
    }
  }
  return parts.join('\n')
}

const dir = await mkdtemp(join(tmpdir(), 'xiangwen-bench-ingest-'))
try {
  const page = await generatePage()
  const path = join(dir, 'big-page.txt')
  await writeFile(path, page)
  const bytes = Buffer.byteLength(page)
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 50)
  const started = performance.now()
  const report = await ingestRawFile(path, {
    articlesDir: join(dir, 'corpus', 'articles'),
    rawDir: join(dir, 'corpus', 'raw'),
    indexPath: join(dir, 'corpus', 'index.md'),
    date: '2025-11-20',
  })
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024)
  const splits = report.warnings.filter((warning) => warning.includes('was split')).length
  console.log(
    `ingest ${(bytes / 1024 / 1024).toFixed(1)} MB page: ${report.articles} articles, ${report.paragraphs} paragraphs, ` +
      `${splits} long paragraphs split; ${seconds.toFixed(1)} s, peak RSS ${(maxRss / 1024 / 1024).toFixed(0)} MB ` +
      `(limits: 120 s, 1024 MB) ${seconds < 120 && maxRss < 1024 ** 3 ? 'OK' : 'OVER'}`,
  )
} finally {
  await rm(dir, { recursive: true, force: true })
}
