import { parseArgs } from 'node:util'
import { loadArticles } from './load-corpus.ts'
import { renderArticleTable } from './render-index.ts'

/** `articles [--json]`: prints every article, as JSON or as a table (id, date, source, title, paragraphs). */
export async function runArticles(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      dir: { type: 'string', default: 'corpus/articles' },
    },
  })
  const articles = await loadArticles(values.dir)
  process.stdout.write(
    values.json ? `${JSON.stringify(articles, null, 2)}\n` : `${renderArticleTable(articles)}\n`,
  )
  return 0
}
