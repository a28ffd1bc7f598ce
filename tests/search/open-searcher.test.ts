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
  indexPath = join(dir, 'build', 'index')
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
    expect(await readdir(join(dir, 'build'))).toEqual(['index'])
    const files = await readdir(indexPath)
    expect(files.filter((file) => file !== 'manifest.json')).toEqual([
      expect.stringMatching(/^segment-.*\.bin$/),
    ])
    expect(files).toContain('manifest.json')
    expect(searcher.stats()).toMatchObject({ articles: 4, paragraphs: 11 })
  })

  it('loads the index as it is when the corpus has not changed', async () => {
    const before = await readFile(join(indexPath, 'manifest.json'), 'utf8')
    const { searcher, rebuilds } = await open()
    expect(rebuilds).toEqual([])
    expect(await readFile(join(indexPath, 'manifest.json'), 'utf8')).toBe(before)
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

  it('appends a new article as a segment, answering exactly as a full rebuild would', async () => {
    const added = {
      id: 'zz-new',
      title: '湘江新区新开工项目',
      source: '湖南日报',
      authors: [],
      raw: { file: 'raw/zz-new.txt', lines: [1, 2] as [number, number] },
      paragraphs: [
        '湘江新区一季度新开工项目42个，总投资318亿元。',
        '黄花机场新开通全货运航线3条，外贸进出口继续增长。',
      ],
    }
    await writeFile(join(corpusDir, `${added.id}.md`), serializeArticle(added))
    const { searcher, rebuilds } = await open()
    expect(rebuilds).toEqual([`appending 1 new article to ${indexPath}`])
    expect((await readdir(indexPath)).filter((file) => file.startsWith('segment-'))).toHaveLength(2)
    const rebuilt = join(dir, 'rebuilt')
    const full = await openSearcher({ corpusDir, indexPath: rebuilt, dictDir: 'corpus/dict' })
    for (const question of [
      '湘江新区新开工项目多少个',
      '黄花机场全货运航线',
      '外贸进出口增长',
      '中欧班列开行多少列',
      // English questions: the appended segment's names and words join the lexicon the index had.
      'How many new projects started in Xiangjiang New Area?',
      'new all-cargo routes at Huanghua airport',
    ]) {
      expect(await searcher.answer(question), question).toEqual(await full.answer(question))
    }
    expect(searcher.stats()).toEqual(full.stats())
    // The appended index is the corpus's index now: the next start loads it as it is.
    expect((await open()).rebuilds).toEqual([])
    await rm(join(corpusDir, `${added.id}.md`))
    expect((await open()).rebuilds).toEqual([`${indexPath} was built from another corpus`])
  })

  it('refuses a corrupt index and says how to rebuild it', async () => {
    await writeFile(join(indexPath, 'manifest.json'), '{"format": "xiangwen-index/3", "version": ')
    await expect(open()).rejects.toThrow(`the index ${indexPath} is corrupt`)
    await expect(open()).rejects.toThrow('run `npm run build:index`')
  })
})
