import { raw } from 'hono/html'
import type { FC } from 'hono/jsx'
import { type Texts, zh } from '../../prompts/zh.ts'
import type { Answer, CorpusStats, Passage } from '../search/types.ts'
import { showsQuotes } from './answer-html.ts'
import { formatAttribution } from './attribution.ts'
import { mergeHighlights } from './highlight.ts'

export interface SearchPageProps {
  question: string
  /** Absent when no question was asked yet. */
  answer?: Answer
  offset: number
  limit: number
  stats: CorpusStats
  texts?: Texts
  /** The question's length when it was longer than the page searches (it was cut): the page says so. */
  clippedFrom?: number
}

/**
 * The page's CSS. It goes into <style> as raw text (JSX would HTML-escape the quotes of the font names and
 * the browser would drop the whole rule). On a phone the list number, the indent and the padding shrink,
 * and the attribution comes before the quote so it is on screen with the start of the answer.
 */
export const PAGE_STYLE = `
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.7}
form{display:flex;gap:.5rem}input[type=search]{flex:1;min-width:0;font-size:1.1rem;padding:.4rem .6rem}button{font-size:1.1rem}
ol.results{padding-left:1.6rem}ol.results>li{margin:0 0 1.4rem}
blockquote{margin:.2rem 0 .3rem;padding:.2rem 1rem;border-left:4px solid #b33;background:#faf7f5}
mark.term{background:#fde68a}mark.figure{background:#fca5a5;font-weight:bold}
.attribution{color:#555;font-size:.9rem;margin:0}.attribution a{color:inherit}
.tools{font-size:.85rem;margin:0}.tools a{margin-right:1rem;color:#666}
.meta,.paging{color:#666;font-size:.9rem}.notice{color:#8a4b00;background:#fff7e6;padding:.3rem .6rem;font-size:.9rem}
.spotlight{background:#dbeafe;text-decoration:underline 2px #1d4ed8;text-underline-offset:4px}details.closest{margin-top:1rem}
.paging a{margin-right:1rem}
ul.examples{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.4rem}
ul.examples a{display:inline-block;padding:.1rem .6rem;border:1px solid #ddd;border-radius:1rem;text-decoration:none}
.context p{margin:.6rem 0}.context .asked{border-left:4px solid #b33;background:#faf7f5;padding:.2rem .8rem}
@media (max-width:40rem){body{margin:1rem auto;padding:0 .6rem;line-height:1.6}ol.results{padding-left:1.2rem}
blockquote{padding:.2rem .6rem;border-left-width:3px}h1{font-size:1.5rem;margin:.4rem 0}}
`

/** The page of an article, scrolled to one paragraph: the context of a quote. */
export function articleHref(articleId: string, paragraph: number): string {
  return `/article/${encodeURIComponent(articleId)}?p=${paragraph}#p${paragraph}`
}

/** A stretch [start, end) of a passage's text with its highlights as <mark class="term|figure">. */
function marked(passage: Passage, start: number, end: number): (string | ReturnType<FC>)[] {
  const parts: (string | ReturnType<FC>)[] = []
  let position = start
  for (const mark of mergeHighlights(passage.highlights, passage.text.length)) {
    const from = Math.max(mark.start, start)
    const to = Math.min(mark.end, end)
    if (to <= from) continue
    parts.push(passage.text.slice(position, from))
    parts.push(<mark class={mark.kind}>{passage.text.slice(from, to)}</mark>)
    position = to
  }
  parts.push(passage.text.slice(position, end))
  return parts
}

/** A passage's text: the answering sentence(s) in <span class="spotlight">, highlights as <mark>. */
const Highlighted: FC<{ passage: Passage }> = ({ passage }) => {
  const parts: (string | ReturnType<FC>)[] = []
  let position = 0
  for (const range of passage.spotlight ?? []) {
    if (range.start < position || range.end <= range.start) continue
    parts.push(...marked(passage, position, range.start))
    parts.push(<span class="spotlight">{marked(passage, range.start, range.end)}</span>)
    position = range.end
  }
  parts.push(...marked(passage, position, passage.text.length))
  return <>{parts}</>
}

const Result: FC<{ passage: Passage; texts: Texts }> = ({ passage, texts }) => (
  <li>
    <p class="attribution">
      <a href={articleHref(passage.articleId, passage.paragraph)}>{formatAttribution(passage)}</a>
    </p>
    <blockquote data-article={passage.articleId} data-paragraph={String(passage.paragraph)}>
      <Highlighted passage={passage} />
    </blockquote>
    <p class="tools">
      <a href={articleHref(passage.articleId, passage.paragraph)}>{texts.page.context}</a>
      {passage.url ? <a href={passage.url}>{texts.page.original}</a> : null}
    </p>
  </li>
)

function pageHref(question: string, offset: number, limit: number): string {
  const params = new URLSearchParams({ q: question })
  if (offset > 0) params.set('offset', String(offset))
  if (limit !== 5) params.set('limit', String(limit))
  return `/?${params.toString()}`
}

const Results: FC<{ question: string; answer: Answer; offset: number; limit: number; texts: Texts }> = ({
  question,
  answer,
  offset,
  limit,
  texts,
}) => {
  if (!showsQuotes(answer)) {
    const missing = answer.reason === 'missing-term' ? answer.judgement?.missingTerm : undefined
    return (
      <section id="results">
        {answer.foreign ? <p class="meta">{texts.foreignNote}</p> : null}
        <p id="not-found">{missing ? texts.noResultMissing(missing) : texts.noResult}</p>
        <p class="meta">{texts.rephrase}</p>
        {answer.results.length > 0 ? (
          <details class="closest">
            <summary>{texts.closestPageSummary(answer.results.length)}</summary>
            <ol>
              {answer.results.map((passage) => (
                <Result passage={passage} texts={texts} />
              ))}
            </ol>
          </details>
        ) : null}
      </section>
    )
  }
  const end = offset + answer.results.length
  return (
    <section id="results">
      {answer.foreign ? <p class="meta">{texts.foreignNote}</p> : null}
      <p class="meta">{texts.range(offset + 1, end, answer.total)}</p>
      <ol class="results" start={offset + 1}>
        {answer.results.map((passage) => (
          <Result passage={passage} texts={texts} />
        ))}
      </ol>
      <p class="paging">
        {offset > 0 ? (
          <a rel="prev" href={pageHref(question, Math.max(0, offset - limit), limit)}>
            {texts.page.previous}
          </a>
        ) : null}
        {end < answer.total ? (
          <a rel="next" href={pageHref(question, end, limit)}>
            {texts.page.next}
          </a>
        ) : null}
      </p>
    </section>
  )
}

/** The staff search page: a box and the same quoted answers as the bot, with paging. */
export const SearchPage: FC<SearchPageProps> = ({
  question,
  answer,
  offset,
  limit,
  stats,
  texts = zh,
  clippedFrom,
}) => (
  <html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{question ? `${question} · ${texts.page.title}` : texts.page.title}</title>
      <style>{raw(PAGE_STYLE)}</style>
    </head>
    <body>
      <h1>{texts.page.heading}</h1>
      <p class="meta">{texts.page.tagline}</p>
      <search>
        <form method="get" action="/">
          <input
            type="search"
            name="q"
            value={question}
            placeholder={texts.page.placeholder}
            maxlength={200}
            aria-label={texts.page.submit}
          />
          <button type="submit">{texts.page.submit}</button>
        </form>
      </search>
      {clippedFrom ? <p class="notice">{texts.page.clipped(question.length, clippedFrom)}</p> : null}
      {answer ? (
        <Results question={question} answer={answer} offset={offset} limit={limit} texts={texts} />
      ) : (
        <nav class="meta" aria-label={texts.page.examplesLabel}>
          {texts.page.examplesLabel}
          <ul class="examples">
            {texts.examples.map((example) => (
              <li>
                <a href={pageHref(example, 0, limit)}>{example}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <p class="meta">
        {texts.page.corpus(stats.articles, stats.paragraphs)} · <a href="/openapi.json">{texts.page.api}</a>
      </p>
    </body>
  </html>
)

/** The page as an HTML document string. */
export function renderSearchPage(props: SearchPageProps): string {
  const rendered = (<SearchPage {...props} />).toString()
  if (typeof rendered !== 'string') throw new Error('search page must render synchronously')
  return `<!doctype html>${rendered}`
}
