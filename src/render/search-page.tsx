import type { FC } from 'hono/jsx'
import { type Texts, zh } from '../../prompts/zh.ts'
import type { Answer, CorpusStats, Passage } from '../search/types.ts'
import { showsQuotes } from './answer-html.ts'
import { formatAttribution } from './attribution.ts'
import { englishFrameLines, noResultLines } from './english-frame.ts'
import { mergeHighlights } from './highlight.ts'

export interface SearchPageProps {
  question: string
  /** Absent when no question was asked yet. */
  answer?: Answer
  offset: number
  limit: number
  stats: CorpusStats
  texts?: Texts
}

const style = `
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.7}
form{display:flex;gap:.5rem}input[type=search]{flex:1;font-size:1.1rem;padding:.4rem .6rem}button{font-size:1.1rem}
blockquote{margin:1.2rem 0 .3rem;padding:.2rem 1rem;border-left:4px solid #b33;background:#faf7f5}
mark.term{background:#fde68a}mark.figure{background:#fca5a5;font-weight:bold}
.attribution{color:#555;font-size:.9rem;margin:0 0 1.2rem 1.2rem}.meta,.paging{color:#666;font-size:.9rem}
.paging a{margin-right:1rem}
`

/** A passage's text with its highlights as <mark class="term|figure">. */
const Highlighted: FC<{ passage: Passage }> = ({ passage }) => {
  const parts: (string | ReturnType<FC>)[] = []
  let position = 0
  for (const mark of mergeHighlights(passage.highlights, passage.text.length)) {
    parts.push(passage.text.slice(position, mark.start))
    parts.push(<mark class={mark.kind}>{passage.text.slice(mark.start, mark.end)}</mark>)
    position = mark.end
  }
  parts.push(passage.text.slice(position))
  return <>{parts}</>
}

const Result: FC<{ passage: Passage }> = ({ passage }) => (
  <li>
    <blockquote data-article={passage.articleId} data-paragraph={String(passage.paragraph)}>
      <Highlighted passage={passage} />
    </blockquote>
    <p class="attribution">
      {passage.url ? <a href={passage.url}>{formatAttribution(passage)}</a> : formatAttribution(passage)}
    </p>
  </li>
)

function pageHref(question: string, offset: number, limit: number): string {
  const params = new URLSearchParams({ q: question })
  if (offset > 0) params.set('offset', String(offset))
  if (limit !== 5) params.set('limit', String(limit))
  return `/?${params.toString()}`
}

/** Above the results: the English frame for an English question, else the note for a Latin-script one. */
const ForeignNote: FC<{ answer: Answer; texts: Texts }> = ({ answer, texts }) => {
  const frame = englishFrameLines(answer)
  if (frame) {
    return (
      <>
        {frame.map((line) => (
          <p class="meta" lang="en">
            {line}
          </p>
        ))}
      </>
    )
  }
  return answer.foreign ? <p class="meta">{texts.foreignNote}</p> : null
}

const Results: FC<{ question: string; answer: Answer; offset: number; limit: number; texts: Texts }> = ({
  question,
  answer,
  offset,
  limit,
  texts,
}) => {
  if (!showsQuotes(answer)) {
    return (
      <section id="results">
        <ForeignNote answer={answer} texts={texts} />
        <p>{noResultLines(answer, texts)[0]}</p>
        <p class="meta">{noResultLines(answer, texts)[1]}</p>
      </section>
    )
  }
  const end = offset + answer.results.length
  return (
    <section id="results">
      <ForeignNote answer={answer} texts={texts} />
      <p class="meta">{texts.range(offset + 1, end, answer.total)}</p>
      <ol start={offset + 1}>
        {answer.results.map((passage) => (
          <Result passage={passage} />
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
export const SearchPage: FC<SearchPageProps> = ({ question, answer, offset, limit, stats, texts = zh }) => (
  <html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{question ? `${question} · ${texts.page.title}` : texts.page.title}</title>
      <style>{style}</style>
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
      {answer ? (
        <Results question={question} answer={answer} offset={offset} limit={limit} texts={texts} />
      ) : (
        <p class="meta">
          {texts.page.examplesLabel}
          {texts.examples.map((example) => (
            <>
              {' '}
              <a href={pageHref(example, 0, limit)}>{example}</a>
            </>
          ))}
        </p>
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
