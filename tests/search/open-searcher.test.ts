import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serializeArticle } from '../../src/corpus/article-file.ts'
import { openSearcher } from '../../src/search/open-searcher.ts'
import { fixtureArticles } from '../fixtures/search/articles.ts'

let dir: string
let corpusDir: string
let indexPath: string

async function open() {
  const rebuilds: string[] = []
  const searcher = await openSearcher({
    corpusDir,
    indexPath,
    dictDir: 'corpus/dict',
    onRebuild: (reason) => rebuilds.push(reason),
  })
  return { searcher, rebuilds }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xiangwen-index-'))
  corpusDir = join(dir, 'articles')
  indexPath = join(dir, 'build', 'index.json')
  await mkdir(corpusDir)
  for (const article of fixtureArticles) {
    await writeFile(join(corpusDir, `${article.id}.md`), serializeArticle(article))
  }
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('openSearcher', () => {
  it('builds the index when it is missing and writes it without leaving temporary files', async () => {
    const { searcher, rebuilds } = await open()
    expect(rebuilds).toEqual([`${indexPath} is missing`])
    expect(await readdir(join(dir, 'build'))).toEqual(['index.json'])
    expect(searcher.stats()).toMatchObject({ articles: 4, paragraphs: 11 })
  })

  it('loads the index as it is when the corpus has not changed', async () => {
    const before = await readFile(indexPath, 'utf8')
    const { searcher, rebuilds } = await open()
    expect(rebuilds).toEqual([])
    expect(await readFile(indexPath, 'utf8')).toBe(before)
    const answer = await searcher.answer('黄花机场全货运航线')
    expect(answer.results[0]).toMatchObject({ articleId: 'waimao', paragraph: 1 })
  })

  it('rebuilds when an article changed', async () => {
    const [first] = fixtureArticles
    if (!first) throw new Error('fixture is empty')
    const changed = { ...first, paragraphs: [...first.paragraphs, '中欧班列全年开行1000列，创历史新高。'] }
    await writeFile(join(corpusDir, `${first.id}.md`), serializeArticle(changed))
    const { searcher, rebuilds } = await open()
    expect(rebuilds).toEqual([`${indexPath} was built from another corpus`])
    const answer = await searcher.answer('中欧班列开行多少列')
    expect(answer.results[0]).toMatchObject({ articleId: 'waimao', paragraph: 4 })
    expect((await open()).rebuilds).toEqual([])
  })

  it('refuses a corrupt index and says how to rebuild it', async () => {
    await writeFile(indexPath, '{"format": "xiangwen-index/3", "version": ')
    await expect(open()).rejects.toThrow(`the index ${indexPath} is corrupt`)
    await expect(open()).rejects.toThrow('run `npm run build:index`')
  })
})
