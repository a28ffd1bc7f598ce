import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readArticleFile } from './article-file.ts'
import { CorpusError } from './corpus-error.ts'
import type { Article } from './types.ts'

/** Loads and validates every article file (`*.md`) in a directory, sorted by id. */
export async function loadArticles(dir = 'corpus/articles'): Promise<Article[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort()
  } catch (error) {
    throw new CorpusError({ file: dir }, 'cannot read the articles directory', { cause: error })
  }
  const articles: Article[] = []
  const seen = new Map<string, string>()
  for (const name of names) {
    const path = join(dir, name)
    const { article } = readArticleFile(await readFile(path, 'utf8'), path)
    if (`${article.id}.md` !== name) {
      throw new CorpusError({ file: path }, `file name must be "${article.id}.md" to match its id`)
    }
    const other = seen.get(article.id)
    if (other) throw new CorpusError({ file: path }, `duplicate id "${article.id}" (also in ${other})`)
    seen.set(article.id, path)
    articles.push(article)
  }
  return articles.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
