import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serializeArticle } from '../../src/corpus/article-file.ts'
import { fixtureArticles } from '../fixtures/search/articles.ts'

let dir: string
let paths: string[]

function cli(...args: string[]) {
  const run = spawnSync('npx', ['tsx', 'src/cli.ts', 'search', ...args], { encoding: 'utf8' })
  const stderr = run.stderr
    .split('\n')
    .filter((line) => line && !line.startsWith('npm warn'))
    .join('\n')
  return { status: run.status, stdout: run.stdout, stderr }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xiangwen-cli-'))
  const corpusDir = join(dir, 'articles')
  await mkdir(corpusDir)
  for (const article of fixtureArticles) {
    await writeFile(join(corpusDir, `${article.id}.md`), serializeArticle(article))
  }
  paths = ['--corpus', corpusDir, '--index', join(dir, 'index.json')]
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('cli search', () => {
  it('refuses an empty question with one line and a non-zero exit', () => {
    const run = cli('   ', ...paths)
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/^search: the question is empty; usage: search/)
    expect(run.stderr.split('\n')).toHaveLength(1)
  })

  it('names a batch file that does not exist', () => {
    const missing = join(dir, 'missing.jsonl')
    const run = cli('--batch', missing, '--json', ...paths)
    expect(run.status).toBe(2)
    expect(run.stderr).toBe(`search: cannot read ${missing}: ENOENT`)
  })

  it('names the file and line of a malformed JSONL line', async () => {
    const file = join(dir, 'bad.jsonl')
    await writeFile(file, '{"id": "q1", "q": "黄花机场全货运航线"}\n{"id": "q2", "q": \n')
    const run = cli('--batch', file, '--json', ...paths)
    expect(run.status).toBe(2)
    expect(run.stderr).toBe(`search: ${file}:2: not valid JSON (expected {"id": ..., "q": "..."})`)
  })

  it('answers a batch with one JSON line per question', async () => {
    const file = join(dir, 'good.jsonl')
    await writeFile(
      file,
      '{"id": "q1", "q": "黄花机场全货运航线有几条"}\n\n{"id": 2, "q": "月球背面有多少座环形山"}\n',
    )
    const run = cli('--batch', file, '--json', '--limit', '1', ...paths)
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.map(({ id, found }) => ({ id, found }))).toEqual([
      { id: 'q1', found: true },
      { id: 2, found: false },
    ])
    expect(lines[0].results[0].attribution).toMatchObject({
      articleId: 'waimao',
      paragraph: 1,
      title: '湖南外贸跑出加速度',
    })
  })

  it('prints --json in the shape of the API (GET /api/search), so one schema documents both', async () => {
    const { SearchResult } = await import('../../src/http/api.ts')
    const run = cli('黄花机场全货运航线有几条', '--json', '--limit', '2', ...paths)
    expect(run.status).toBe(0)
    const json = JSON.parse(run.stdout)
    expect(SearchResult.strict().safeParse(json).success).toBe(true)
    expect(json).toMatchObject({ question: '黄花机场全货运航线有几条', limit: 2, offset: 0, found: true })
    expect(json.results[0].attribution).toMatchObject({ articleId: 'waimao', paragraph: 1 })
  })
})
