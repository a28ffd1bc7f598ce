import { raw } from 'hono/html'
import type { FC } from 'hono/jsx'
import { type Texts, zh } from '../../prompts/zh.ts'
import type { Article } from '../corpus/types.ts'
import { isSafeUrl } from '../shared/safe-url.ts'
import { formatAttribution } from './attribution.ts'
import { PAGE_STYLE } from './search-page.tsx'

export interface ArticlePageProps {
  article: Article
  /** The paragraph a quote came from: marked, and the page opens on it. */
  paragraph?: number
  texts?: Texts
}

/** An article with all its paragraphs, one of them marked: the context of a quoted passage. */
const ArticlePage: FC<ArticlePageProps> = ({ article, paragraph, texts = zh }) => (
  <html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${article.title} · ${texts.page.title}`}</title>
      <style>{raw(PAGE_STYLE)}</style>
    </head>
    <body>
      <p class="meta">
        <a href="/">{texts.page.backToResults}</a>
      </p>
      <h1>{article.title}</h1>
      <p class="attribution">
        {formatAttribution(article)}
        {isSafeUrl(article.url) ? (
          <>
            {' · '}
            <a href={article.url}>{texts.page.original}</a>
          </>
        ) : null}
      </p>
      <section class="context">
        {article.paragraphs.map((text, index) => (
          <p
            id={`p${index}`}
            class={index === paragraph ? 'asked' : undefined}
            title={texts.page.paragraphLabel(index + 1)}
          >
            {text}
          </p>
        ))}
      </section>
    </body>
  </html>
)

/** The page as an HTML document string. */
export function renderArticlePage(props: ArticlePageProps): string {
  return `<!doctype html>${(<ArticlePage {...props} />).toString()}`
}
