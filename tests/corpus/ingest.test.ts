import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeEach, describe, expect, it } from 'vitest'
import { CorpusError } from '../../src/corpus/corpus-error.ts'
import { ingestRawFile } from '../../src/corpus/ingest.ts'

let root: string
let options: { articlesDir: string; rawDir: string; indexPath: string }

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'xiangwen-ingest-'))
  options = {
    articlesDir: join(root, 'articles'),
    rawDir: join(root, 'raw'),
    indexPath: join(root, 'index.md'),
  }
})

const listing = async () => ({
  articles: await readdir(options.articlesDir).catch(() => []),
  raw: await readdir(options.rawDir).catch(() => []),
})

describe('ingestRawFile', () => {
  it('decodes a GBK file, copies it into the raw dir and writes its articles and the index', async () => {
    const report = await ingestRawFile('tests/fixtures/corpus/gbk-sample.txt', options)
    expect(report).toMatchObject({ encoding: 'gb18030', copiedRaw: true, written: ['gbk-sample-01'] })
    expect(await listing()).toEqual({ articles: ['gbk-sample-01.md'], raw: ['gbk-sample.txt'] })
    const article = await readFile(join(options.articlesDir, 'gbk-sample-01.md'), 'utf8')
    expect(article).toContain(
      '党的十八大以来，长沙市用心用情落实好习近平总书记“对残疾人要格外关心、格外关注”的殷殷嘱托',
    )
    expect(article).toContain('贫困残疾人家庭子女发放就学补助6623万元')
    expect(await readFile(options.indexPath, 'utf8')).toContain('| gbk-sample-01 |')
  })

  it('keeps a hand-corrected article on re-ingest and says so; --force overwrites it', async () => {
    const raw = join(root, '000_5aece39b5635e924.txt')
    await copyFile('corpus/raw/000_5aece39b5635e924.txt', raw)
    await ingestRawFile(raw, options)
    const path = join(options.articlesDir, '000_5aece39b5635e924-04.md')
    const corrected = (await readFile(path, 'utf8')).replace(
      /title: .*（续）/,
      'title: 中共中央政治局召开民主生活会',
    )
    await writeFile(path, corrected)

    const again = await ingestRawFile(raw, options)
    expect(again.kept).toEqual(['000_5aece39b5635e924-04'])
    expect(again.warnings).toContainEqual(
      expect.stringMatching(/000_5aece39b5635e924-04\.md: corrected by hand, kept as is/),
    )
    expect(again.unchanged).toHaveLength(8)
    expect(await readFile(path, 'utf8')).toBe(corrected)

    const forced = await ingestRawFile(raw, { ...options, force: true })
    expect(forced.written).toEqual(['000_5aece39b5635e924-04'])
    expect(await readFile(path, 'utf8')).toContain('（续）')
  })

  it('stops before writing anything when an existing article file is broken', async () => {
    await mkdir(options.articlesDir, { recursive: true })
    await writeFile(join(options.articlesDir, '000-01.md'), '---\ntitle: [broken\n---\n\n段落。\n')
    await expect(ingestRawFile('tests/fixtures/corpus/gbk-sample.txt', options)).rejects.toThrow(
      /000-01\.md:2: broken front matter/,
    )
    expect(await listing()).toEqual({ articles: ['000-01.md'], raw: [] })
  })

  const badInputs: [string, Uint8Array, RegExp][] = [
    ['an empty file', new Uint8Array(), /empty\.txt: file is empty/],
    [
      'a binary file',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      /binary/,
    ],
    [
      'undecodable bytes',
      new Uint8Array([0xe6, 0xb9, 0x96, 0x0a, 0xff, 0xfe, 0xfd, 0x80, 0x0a]),
      /:2: cannot decode/,
    ],
    [
      'broken front matter',
      new TextEncoder().encode('---\ntitle: [湖南\ndate: 2021\n---\n<p>正文。</p>\n'),
      /broken\.txt:\d: broken front matter/,
    ],
  ]
  it.each(badInputs)('rejects %s with the file name and writes nothing', async (label, bytes, message) => {
    const name =
      label === 'an empty file' ? 'empty.txt' : label === 'broken front matter' ? 'broken.txt' : 'bad.txt'
    const path = join(root, name)
    await writeFile(path, bytes)
    const error = await ingestRawFile(path, options).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CorpusError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).toContain(name)
    expect(await listing()).toEqual({ articles: [], raw: [] })
  })
})

describe('the ingest command', () => {
  it('prints one error line and exits 1 on bad input, writing nothing', async () => {
    const empty = join(root, 'empty.txt')
    await writeFile(empty, '')
    await mkdir(options.articlesDir, { recursive: true })
    const run = promisify(execFile)
    const result = await run(
      'npx',
      ['tsx', 'src/cli.ts', 'ingest', empty, '--articles', options.articlesDir, '--raw', options.rawDir],
      { encoding: 'utf8' },
    ).catch((error: { code: number; stderr: string }) => error)
    expect('code' in result ? result.code : 0).toBe(1)
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('npm warn')),
    ).toEqual([`error: ${empty}: file is empty`])
    expect(await listing()).toEqual({ articles: [], raw: [] })
  })
})
