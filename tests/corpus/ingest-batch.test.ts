import { type ChildProcess, spawn } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { renderSummary } from '../../src/corpus/cli-ingest.ts'
import { ingestBatch, ingestRawFile } from '../../src/corpus/ingest.ts'
import { recoverCorpus, stageCorpusChange, stagingDir } from '../../src/corpus/ingest-journal.ts'
import { loadArticles } from '../../src/corpus/load-corpus.ts'

let root: string
let options: { articlesDir: string; rawDir: string; indexPath: string }

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'xiangwen-batch-'))
  options = {
    articlesDir: join(root, 'corpus', 'articles'),
    rawDir: join(root, 'corpus', 'raw'),
    indexPath: join(root, 'corpus', 'index.md'),
  }
})

const page = (title: string, body: string[]) => `${[title, '湖南日报记者 张三', ...body].join('\n\n')}\n`

const firstPage = page('衡阳秋冬种进度过半', [
  '湖南日报11月20日讯 今天，衡阳市召开新闻发布会，发布全市秋冬种工作进展。',
  '全市已完成油菜种植120万亩。',
  '小麦播种进度过半。',
])
const secondPage = page('耒阳新建3座水厂', [
  '湖南日报11月21日讯 近日，耒阳市新建的3座水厂正式通水，惠及群众12万人。',
  '水厂采用先进的净水工艺。',
  '群众纷纷点赞。',
])

/** Titles listed in corpus/index.md, and those of the article files: they must always agree. */
async function corpusState() {
  const articles = await loadArticles(options.articlesDir)
  const index = await readFile(options.indexPath, 'utf8')
  const rows = index.split('\n').filter((line) => /^\| [a-z0-9]/.test(line) && !line.startsWith('| id |'))
  return {
    ids: articles.map((article) => article.id),
    rowIds: rows.map((row) => row.split(' | ')[0]!.slice(2)),
  }
}

async function leftovers(): Promise<string[]> {
  const found: string[] = []
  for (const dir of [join(root, 'corpus'), options.articlesDir, options.rawDir]) {
    for (const name of await readdir(dir).catch(() => [])) {
      if (name.endsWith('.tmp') || name.startsWith('.')) found.push(join(dir, name))
    }
  }
  return found
}

describe('ids that cannot collide', () => {
  it('keeps the articles of two files whose names start alike', async () => {
    const pages = join(root, 'pages')
    await mkdir(pages)
    await writeFile(join(pages, '000_a.txt'), firstPage)
    await writeFile(join(pages, '000_b.txt'), secondPage)
    await ingestRawFile(join(pages, '000_a.txt'), options)
    await ingestRawFile(join(pages, '000_b.txt'), options)
    const articles = await loadArticles(options.articlesDir)
    expect(articles.map((article) => [article.id, article.title])).toEqual([
      ['000_a-01', '衡阳秋冬种进度过半'],
      ['000_b-01', '耒阳新建3座水厂'],
    ])
  })

  it('refuses a file whose ids another file already uses, writing nothing', async () => {
    const pages = join(root, 'pages')
    await mkdir(pages)
    await writeFile(join(pages, 'page.txt'), firstPage)
    await writeFile(join(pages, 'page.md'), secondPage)
    await ingestRawFile(join(pages, 'page.txt'), options)
    const before = await readdir(options.articlesDir)
    await expect(ingestRawFile(join(pages, 'page.md'), options)).rejects.toThrow(
      /page\.md: its article ids would start with "page-", already used by page\.txt; rename the file/,
    )
    expect(await readdir(options.articlesDir)).toEqual(before)
  })

  it('re-ingesting the same file changes nothing, and the same bytes under another name are skipped', async () => {
    const path = join(root, 'page.txt')
    await writeFile(path, firstPage)
    await ingestRawFile(path, options)
    const indexTime = (await stat(options.indexPath)).mtimeMs
    const again = await ingestRawFile(path, options)
    expect(again).toMatchObject({ written: [], removed: [], unchanged: ['page-01'], copiedRaw: false })
    expect((await stat(options.indexPath)).mtimeMs).toBe(indexTime)

    const copy = join(root, 'copy.txt')
    await copyFile(path, copy)
    const duplicate = await ingestRawFile(copy, options)
    expect(duplicate).toMatchObject({ duplicateOf: 'page.txt', written: [] })
    expect(await readdir(options.rawDir)).toEqual(['page.txt'])
  })
})

describe('folder ingest', () => {
  it('ingests every file of a folder, reports each, and a dry run writes nothing', async () => {
    const folder = join(root, 'today')
    await mkdir(folder)
    await writeFile(join(folder, 'a.txt'), firstPage)
    await writeFile(join(folder, 'b.txt'), secondPage)
    await writeFile(join(folder, '.DS_Store'), 'junk')
    const seen: string[] = []
    const dry = await ingestBatch([folder], {
      ...options,
      dryRun: true,
      date: '2025-11-22',
      onFile: (report, index, total) => seen.push(`${index + 1}/${total} ${report.rawFile}`),
    })
    expect(seen).toEqual(['1/2 a.txt', '2/2 b.txt'])
    expect(dry.files.map((file) => [file.rawFile, file.articles, file.written])).toEqual([
      ['a.txt', 1, ['a-01']],
      ['b.txt', 1, ['b-01']],
    ])
    expect(await readdir(root)).toEqual(['today'])

    const real = await ingestBatch([folder], { ...options, date: '2025-11-22' })
    expect(await corpusState()).toEqual({ ids: ['a-01', 'b-01'], rowIds: ['a-01', 'b-01'] })
    const articles = await loadArticles(options.articlesDir)
    expect(articles.map((article) => article.date)).toEqual(['2025-11-20', '2025-11-21'])
    const summary = renderSummary(real.files)
    expect(summary.split('\n')).toEqual([
      expect.stringMatching(/^file\s+articles\s+paragraphs\s+warnings\s+changes$/),
      expect.stringMatching(/^a\.txt\s+1\s+3\s+0\s+1 written, 0 removed$/),
      expect.stringMatching(/^b\.txt\s+1\s+3\s+0\s+1 written, 0 removed$/),
      expect.stringMatching(/^total \(2 files\)\s+2\s+6\s+0\s+2 written, 0 removed$/),
    ])
  })

  it('stops the whole batch on one bad file, naming it, before writing anything', async () => {
    const folder = join(root, 'today')
    await mkdir(folder)
    await writeFile(join(folder, 'a.txt'), firstPage)
    await writeFile(join(folder, 'b.txt'), '')
    await expect(ingestBatch([folder], options)).rejects.toThrow(/b\.txt: file is empty/)
    expect(await readdir(root)).toEqual(['today'])
  })
})

describe('a transactional batch', () => {
  it('rolls back a batch staged but not committed, and finishes one that was committed', async () => {
    await ingestRawFile(join(await writeTemp('a.txt', firstPage)), options)
    const before = await corpusState()

    // Staged, not committed: a crash here leaves the old corpus.
    const staging = stagingDir(options)
    await mkdir(staging, { recursive: true })
    await writeFile(join(staging, '0.staged'), 'half written')
    expect(await recoverCorpus(options)).toBe('rolled back')
    expect(await corpusState()).toEqual(before)
    expect(await leftovers()).toEqual([])

    // Committed: the journal is applied even if the process died right after the commit.
    const article = await readFile(join(options.articlesDir, 'a-01.md'), 'utf8')
    const copy = article.replace('id: a-01', 'id: c-01')
    await stageCorpusChange(
      { writes: [{ path: join(options.articlesDir, 'c-01.md'), content: copy }], removals: [] },
      options,
    )
    expect(await recoverCorpus(options)).toBe('finished')
    expect((await readdir(options.articlesDir)).sort()).toEqual(['a-01.md', 'c-01.md'])
    expect(await leftovers()).toEqual([])
  })

  it('after kill -9 at any moment, the corpus is the old one or the new one and the index agrees', async () => {
    const folder = join(root, 'today')
    await mkdir(folder)
    for (let index = 0; index < 30; index++) {
      const text = `${index % 2 ? firstPage : secondPage}\n第${index + 1}版另有消息。\n`
      await writeFile(join(folder, `p${String(index).padStart(2, '0')}.txt`), text)
    }
    await ingestRawFile(await writeTemp('a.txt', firstPage), options)
    const before = await corpusState()
    let killedMidway = false
    for (const delay of [900, 1500, 2200]) {
      const child = spawnIngest(folder)
      const closed = new Promise((resolve) => child.once('close', resolve))
      await new Promise((resolve) => setTimeout(resolve, delay))
      killedMidway ||= child.exitCode === null
      child.kill('SIGKILL')
      await closed
      await recoverCorpus(options)
      const after = await corpusState()
      expect(after.rowIds).toEqual(after.ids)
      expect([before.ids.length, 31]).toContain(after.ids.length)
      expect(await leftovers()).toEqual([])
    }
    expect(killedMidway).toBe(true)
  }, 30_000)
})

async function writeTemp(name: string, content: string): Promise<string> {
  const dir = join(root, 'in')
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, name), content)
  return join(dir, name)
}

function spawnIngest(folder: string): ChildProcess {
  return spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli.ts',
      'ingest',
      folder,
      '--articles',
      options.articlesDir,
      '--raw',
      options.rawDir,
      '--index',
      options.indexPath,
    ],
    { stdio: 'ignore' },
  )
}
