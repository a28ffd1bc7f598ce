import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestRawFile } from '../../src/corpus/ingest.ts'
import { type ServerProcess, startServerProcess, waitForOutput } from '../helpers/server-process.ts'

let root: string
let server: ServerProcess
let corpus: { articlesDir: string; rawDir: string; indexPath: string }

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'xiangwen-live-'))
  corpus = {
    articlesDir: join(root, 'corpus', 'articles'),
    rawDir: join(root, 'corpus', 'raw'),
    indexPath: join(root, 'corpus', 'index.md'),
  }
  await cp('corpus/articles', corpus.articlesDir, { recursive: true })
  server = await startServerProcess({
    CORPUS_DIR: corpus.articlesDir,
    INDEX_PATH: join(root, 'build', 'index.json'),
    API_RATE_LIMIT: '10000',
  })
  await waitForOutput(server, 'Live reload on', 60_000)
}, 90_000)

afterAll(async () => {
  await server?.stop()
  await rm(root, { recursive: true, force: true })
})

const QUESTION = '耒阳市新建的水厂惠及多少群众'
const newPage = `${[
  '耒阳新建3座水厂',
  '衡阳日报记者 赵六',
  '衡阳日报11月20日讯 近日，耒阳市新建的3座水厂正式通水，惠及群众12万人。',
  '水厂采用先进的净水工艺。',
  '群众纷纷点赞。',
].join('\n\n')}\n`

interface SearchBody {
  results: { text: string; attribution: { title: string } }[]
}
interface Health {
  version: string
  loadedAt: string
  articles: number
}

async function ask(): Promise<SearchBody> {
  const response = await fetch(`${server.url}/api/search?q=${encodeURIComponent(QUESTION)}`)
  expect(response.status).toBe(200)
  return (await response.json()) as SearchBody
}

async function health(): Promise<Health> {
  return (await (await fetch(`${server.url}/healthz`)).json()) as Health
}

const answersFromNewPage = (body: SearchBody) => body.results[0]?.attribution.title === '耒阳新建3座水厂'

describe('npm start picks up new articles without a restart', () => {
  it('answers from a newly ingested article within 10 s, with no failed request during the swap', async () => {
    expect(answersFromNewPage(await ask())).toBe(false)
    const before = await health()

    // Requests keep coming while the index is rebuilt and swapped.
    const failures: string[] = []
    let requests = 0
    let hammering = true
    const hammer = (async () => {
      while (hammering) {
        const response = await fetch(
          `${server.url}/api/search?q=${encodeURIComponent('湖南外贸进出口')}`,
        ).catch((error: unknown) => ({ status: String(error) }))
        requests++
        if (response.status !== 200) failures.push(String(response.status))
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()

    const path = join(root, 'leiyang.txt')
    await writeFile(path, newPage)
    await ingestRawFile(path, { ...corpus, date: '2025-11-21' })
    const ingested = Date.now()
    let body = await ask()
    while (!answersFromNewPage(body) && Date.now() - ingested < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      body = await ask()
    }
    const seconds = (Date.now() - ingested) / 1000
    hammering = false
    await hammer

    expect(
      answersFromNewPage(body),
      `not answered ${seconds} s after the ingest: ${JSON.stringify(body.results[0])}\n${server.output()}`,
    ).toBe(true)
    expect(body.results[0]!.text).toContain('惠及群众12万人')
    expect(failures).toEqual([])
    expect(requests).toBeGreaterThan(0)
    const after = await health()
    expect(after.articles).toBe(before.articles + 1)
    expect(after.version).not.toBe(before.version)
    expect(Date.parse(after.loadedAt)).toBeGreaterThan(Date.parse(before.loadedAt))
  }, 60_000)

  it('keeps serving the old index when an article file is broken, and says which file and line', async () => {
    const before = await health()
    const broken = join(corpus.articlesDir, 'broken-01.md')
    await writeFile(broken, '---\nid: broken-01\ntitle: [unclosed\n---\n\n段落。\n')
    await waitForOutput(server, 'Reload failed, still serving the previous index', 30_000)
    expect(server.output()).toMatch(/broken-01\.md:\d+: broken front matter/)
    expect(answersFromNewPage(await ask())).toBe(true)
    expect((await health()).version).toBe(before.version)

    // Fixed by hand: the corpus loads again.
    await rm(broken)
    await waitForOutput(server, 'Index reloaded: 21 articles', 30_000)
  }, 60_000)

  it('reloads on SIGHUP', async () => {
    const before = await health()
    const pid = Number(/kill -HUP (\d+)/.exec(server.output())?.[1])
    expect(pid).toBeGreaterThan(0)
    process.kill(pid, 'SIGHUP')
    await waitForOutput(server, 'SIGHUP: reloading the corpus', 10_000)
    const reloads = () => server.output().split('Index reloaded').length
    const count = reloads()
    const started = Date.now()
    while (reloads() === count && Date.now() - started < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const after = await health()
    expect(after.version).toBe(before.version)
    expect(Date.parse(after.loadedAt)).toBeGreaterThan(Date.parse(before.loadedAt))
  }, 60_000)
})
