import type { Dirent } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readArticleFile } from './article-file.ts'
import { CorpusError } from './corpus-error.ts'
import type { Article } from './types.ts'

/** Loads and validates every article file (`*.md`) in a directory, sorted by id. */
export async function loadArticles(dir = 'corpus/articles'): Promise<Article[]> {
  let entries: Dirent[]
  try {
    entries = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.name.endsWith('.md'))
  } catch (error) {
    throw new CorpusError({ file: dir }, 'cannot read the articles directory', { cause: error })
  }
  const articles: Article[] = []
  const seen = new Map<string, string>()
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const name = entry.name
    const path = join(dir, name)
    if (entry.isDirectory()) {
      throw new CorpusError({ file: path }, 'is a directory, not an article file: rename or remove it')
    }
    let content: string
    try {
      content = await readFile(path, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error)
      throw new CorpusError({ file: path }, `cannot read the article file (${code})`, { cause: error })
    }
    const { article } = readArticleFile(content, path)
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
