import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArticleFile, readArticleFile, serializeArticle } from '../../src/corpus/article-file.ts'
import { loadArticles } from '../../src/corpus/load-corpus.ts'
import type { Article } from '../../src/corpus/types.ts'

const article: Article = {
  id: '000-01',
  title: '通江达海 奔腾向前',
  subtitle: '——“新时代新征程新伟业”系列评之三',
  kicker: '三湘时评',
  source: '湖南日报',
  date: '2022-12-27',
  authors: ['杨兴东'],
  raw: { file: '000_5aece39b5635e924.txt', lines: [1, 109] },
  paragraphs: ['外贸是拉动我国经济增长的“三驾马车”之一。', '我们有了更多走出去的“大通道”。'],
}

describe('article files', () => {
  it('round-trips an article through Markdown with YAML front matter', () => {
    const text = serializeArticle(article)
    expect(text).toContain('lines: [ 1, 109 ]')
    expect(parseArticleFile(text, '000-01.md')).toEqual(article)
    expect(readArticleFile(text, '000-01.md').edited).toBe(false)
  })

  it('notices a hand correction through the stamped hash', () => {
    const corrected = serializeArticle(article).replace(
      'title: 通江达海 奔腾向前',
      'title: 通江达海，奔腾向前',
    )
    expect(readArticleFile(corrected, '000-01.md').edited).toBe(true)
  })

  it('names the file and line of broken front matter', () => {
    const broken = serializeArticle(article).replace('source: 湖南日报', 'source: [湖南日报')
    expect(() => parseArticleFile(broken, 'corpus/articles/000-01.md')).toThrow(
      /^corpus\/articles\/000-01\.md:\d+: broken front matter/,
    )
  })

  it('names the field that fails validation', () => {
    const bad = serializeArticle(article).replace('date: 2022-12-27', 'date: 27.12.2022')
    expect(() => parseArticleFile(bad, 'a.md')).toThrow(/^a\.md:\d+: invalid front matter field "date"/)
  })

  it('loads a directory sorted by id and rejects a file named unlike its id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xiangwen-articles-'))
    await writeFile(join(dir, '000-02.md'), serializeArticle({ ...article, id: '000-02' }))
    await writeFile(join(dir, '000-01.md'), serializeArticle(article))
    expect((await loadArticles(dir)).map((loaded) => loaded.id)).toEqual(['000-01', '000-02'])
    await writeFile(join(dir, 'other.md'), serializeArticle({ ...article, id: '000-03' }))
    await expect(loadArticles(dir)).rejects.toThrow(/other\.md: file name must be "000-03\.md"/)
  })
})
