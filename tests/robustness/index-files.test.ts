/**
 * Lose nothing: the index and the articles are written whole or not at all, and a corrupt index stops the
 * service with a message saying how to rebuild it, rather than serving nothing.
 */
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readArticleFile, serializeArticle } from '../../src/corpus/article-file.ts'
import { ingestRawFile } from '../../src/corpus/ingest.ts'
import { openSearcher } from '../../src/search/open-searcher.ts'
import { fixtureArticles } from '../fixtures/search/articles.ts'
import { runServerToExit, startServerProcess } from '../helpers/server-process.ts'

let root: string
let corpusDir: string

/** Every file under a directory, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort()
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'xiangwen-robust-'))
  corpusDir = join(root, 'articles')
  await mkdir(corpusDir)
  for (const article of fixtureArticles) {
    await writeFile(join(corpusDir, `${article.id}.md`), serializeArticle(article))
  }
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('a corrupt index', () => {
  const open = (indexPath: string) => openSearcher({ corpusDir, indexPath, dictDir: 'corpus/dict' })

  it('makes openSearcher refuse with a message that says to run npm run build:index', async () => {
    const indexPath = join(root, 'build', 'index')
    await open(indexPath)
    const manifestPath = join(indexPath, 'manifest.json')
    const manifest = await readFile(manifestPath, 'utf8')
    const [segment] = (await readdir(indexPath)).filter((file) => file.startsWith('segment-'))
    if (!segment) throw new Error('no segment written')
    const segmentPath = join(indexPath, segment)
    const bytes = await readFile(segmentPath)
    const { contentHash: _, ...fields } = JSON.parse(manifest)
    // A manifest edited and given a matching hash: its content itself must be refused.
    const rehashed = (value: object) => {
      const json = JSON.stringify(value)
      return `${json.slice(0, -1)},"contentHash":"${createHash('sha256').update(json).digest('hex')}"}`
    }
    const corruptions: [string, string | Buffer][] = [
      [manifestPath, manifest.slice(0, Math.floor(manifest.length / 2))],
      [manifestPath, ''],
      [manifestPath, '\u0000\u0000\u0000'],
      [manifestPath, '[]'],
      [manifestPath, '{"format":"x"}'],
      [manifestPath, JSON.stringify({ ...fields, synonyms: 5 })],
      [manifestPath, rehashed({ ...fields, synonyms: 5 })],
      [manifestPath, rehashed({ ...fields, synonyms: [['低保', 7]] })],
      [manifestPath, rehashed({ ...fields, segments: [] })],
      [
        manifestPath,
        rehashed({ ...fields, segments: [{ ...fields.segments[0], file: 'segment-gone.bin' }] }),
      ],
      [segmentPath, bytes.subarray(0, bytes.length >> 1)],
      [segmentPath, Buffer.concat([bytes.subarray(0, 100), Buffer.from('x'), bytes.subarray(101)])],
    ]
    for (const [path, corrupt] of corruptions) {
      await writeFile(path, corrupt)
      await expect(
        open(indexPath),
        `${path}: ${JSON.stringify(String(corrupt).slice(0, 40))}`,
      ).rejects.toThrow(/is corrupt .*run `npm run build:index` to rebuild it/s)
      // Refusing is all it does: the files are left for the operator to look at.
      expect(await readFile(path)).toEqual(Buffer.from(corrupt))
      await writeFile(manifestPath, manifest)
      await writeFile(segmentPath, bytes)
    }
    // Restored, it is served again.
    expect((await open(indexPath)).stats().articles).toBe(fixtureArticles.length)
  })

  it('stops npm start with exit code 1 and that message, not a stack trace', async () => {
    const indexPath = join(root, 'corrupt-index.json')
    await writeFile(indexPath, '{"format": "xiangwen-index-')
    const { code, output } = await runServerToExit({ INDEX_PATH: indexPath })
    expect(code).toBe(1)
    expect(output).toContain(`the index ${indexPath} is corrupt`)
    expect(output).toContain('npm run build:index')
    expect(output).not.toMatch(/\n\s+at /)
    expect(output).not.toContain('Listening on')
  })
})

describe('an empty corpus', () => {
  it('makes openSearcher refuse with a message that says how to add documents', async () => {
    const emptyDir = await mkdtemp(join(root, 'empty-'))
    await expect(
      openSearcher({ corpusDir: emptyDir, indexPath: join(emptyDir, 'index.json'), dictDir: 'corpus/dict' }),
    ).rejects.toThrow(`no articles in ${emptyDir}: add documents with \`npm run ingest -- <raw file>\``)
    expect(await filesUnder(emptyDir)).toEqual([])
  })
})

describe('ingest', () => {
  it('of a bad file leaves no file behind, partial or temporary', async () => {
    const dir = await mkdtemp(join(root, 'ingest-'))
    const options = {
      articlesDir: join(dir, 'articles'),
      rawDir: join(dir, 'raw'),
      indexPath: join(dir, 'index.md'),
    }
    const bad = join(root, 'bad.txt')
    await writeFile(bad, new Uint8Array([0xe6, 0xb9, 0x96, 0x0a, 0xff, 0xfe, 0xfd, 0x80, 0x0a]))
    await expect(ingestRawFile(bad, options)).rejects.toThrow(/bad\.txt/)
    expect(await filesUnder(dir)).toEqual([])
  })

  it('that cannot write the corpus index removes its temporary file, and each article is whole', async () => {
    const dir = await mkdtemp(join(root, 'ingest-'))
    const options = {
      articlesDir: join(dir, 'articles'),
      rawDir: join(dir, 'raw'),
      // A directory where the index file should go: the final rename fails.
      indexPath: join(dir, 'index.md'),
    }
    await mkdir(join(options.indexPath, 'in-the-way'), { recursive: true })
    await expect(ingestRawFile('tests/fixtures/corpus/gbk-sample.txt', options)).rejects.toThrow(
      /index\.md: cannot write the file/,
    )
    const files = await filesUnder(dir)
    expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([])
    const articles = files.filter((file) => file.startsWith('articles/'))
    expect(articles).toEqual(['articles/gbk-sample-01.md'])
    for (const file of articles) {
      const content = await readFile(join(dir, file), 'utf8')
      expect(readArticleFile(content, file).article.paragraphs.length).toBeGreaterThan(0)
    }
  })
})

describe('an index edited by hand', () => {
  it('is refused: its content no longer matches the hash stored with it', async () => {
    const indexPath = join(root, 'edited', 'index')
    const open = () => openSearcher({ corpusDir, indexPath, dictDir: 'corpus/dict' })
    await open()
    const [segment] = (await readdir(indexPath)).filter((file) => file.startsWith('segment-'))
    const segmentPath = join(indexPath, segment as string)
    const whole = await readFile(segmentPath)
    const at = whole.indexOf('6417.6亿元')
    expect(at).toBeGreaterThan(0)
    const edited = Buffer.from(whole)
    edited.write('9999.9', at)
    await writeFile(segmentPath, edited)
    await expect(open()).rejects.toThrow(/is corrupt \(segment .* does not match its hash/)
    // Restored byte for byte, it is served again.
    await writeFile(segmentPath, whole)
    const answer = await (await open()).answer('湖南前11月进出口总额是多少？')
    expect(answer.results[0]?.text).toContain('6417.6亿元')
  })
})

describe('a broken corpus file', () => {
  it('names the file and keeps serving the index of the last good corpus', async () => {
    const dir = join(root, 'broken-corpus')
    await mkdir(dir)
    for (const article of fixtureArticles)
      await writeFile(join(dir, `${article.id}.md`), serializeArticle(article))
    const indexPath = join(root, 'broken-corpus-index.json')
    await openSearcher({ corpusDir: dir, indexPath, dictDir: 'corpus/dict' })
    for (const breakIt of [
      () => mkdir(join(dir, 'x.md')),
      () => writeFile(join(dir, 'y.md'), '---\ntitle: [unclosed\n---\n正文'),
    ]) {
      await breakIt()
      const warnings: string[] = []
      const searcher = await openSearcher({
        corpusDir: dir,
        indexPath,
        dictDir: 'corpus/dict',
        onWarning: (message) => warnings.push(message),
      })
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/(x|y)\.md(:\d+)?: .*serving .*the index of the last good corpus/s)
      expect((await searcher.answer('湖南前11月进出口总额是多少？')).results[0]?.text).toContain('6417.6亿元')
      await rm(join(dir, 'x.md'), { recursive: true, force: true })
      await rm(join(dir, 'y.md'), { force: true })
    }
    // Without an index to fall back on, the start stops with the file's name.
    await mkdir(join(dir, 'x.md'))
    await expect(
      openSearcher({ corpusDir: dir, indexPath: join(root, 'none.json'), dictDir: 'corpus/dict' }),
    ).rejects.toThrow(/x\.md: is a directory/)
  })

  it('lets npm start serve with one warning line naming the file', async () => {
    const dir = join(root, 'broken-start')
    await mkdir(dir)
    for (const article of fixtureArticles)
      await writeFile(join(dir, `${article.id}.md`), serializeArticle(article))
    const indexPath = join(root, 'broken-start-index.json')
    await openSearcher({ corpusDir: dir, indexPath, dictDir: 'corpus/dict' })
    await mkdir(join(dir, 'x.md'))
    const server = await startServerProcess({ CORPUS_DIR: dir, INDEX_PATH: indexPath })
    try {
      expect(server.output()).toContain(`Warning: ${join(dir, 'x.md')}: is a directory`)
      expect(server.output()).not.toMatch(/\n\s+at /)
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    } finally {
      await server.stop()
    }
  })
})
