import { type Texts, zh } from '../../prompts/zh.ts'
import type { PassageContext } from '../search/types.ts'
import { renderAttribution } from './attribution.ts'
import { renderHighlighted } from './highlight.ts'
import { type Fragment, join, lines, MAX_MESSAGE_LENGTH, tag, text } from './telegram-html.ts'

const MAX_PARAGRAPH_CHARS = 1200

/** The neighbouring paragraphs of a passage as one folded quote, the asked paragraph in bold, with attribution. */
export function renderContextHtml(context: PassageContext, texts: Texts = zh): string {
  const { article } = context
  const attribution = renderAttribution(article)
  const paragraphs: { index: number; fragment: Fragment }[] = []
  for (let index = context.from; index <= context.to; index++) {
    const paragraph = article.paragraphs[index]
    if (paragraph === undefined) continue
    const excerpt = renderHighlighted(paragraph, [], { maxChars: MAX_PARAGRAPH_CHARS, maxHighlights: 0 })
    paragraphs.push({ index, fragment: index === context.paragraph ? tag('b', excerpt) : excerpt })
  }
  // Drop the farthest neighbours first until the message fits.
  const build = (kept: typeof paragraphs) => {
    const first = kept[0]?.index ?? context.paragraph
    const last = kept.at(-1)?.index ?? context.paragraph
    return lines(
      text(texts.contextHeader(first + 1, last + 1)),
      tag(
        'blockquote expandable',
        join(
          kept.map((p) => p.fragment),
          '\n\n',
        ),
      ),
      attribution,
    )
  }
  let kept = paragraphs
  let message = build(kept)
  while (message.length > MAX_MESSAGE_LENGTH && kept.length > 1) {
    const firstDistance = Math.abs((kept[0]?.index ?? 0) - context.paragraph)
    const lastDistance = Math.abs((kept.at(-1)?.index ?? 0) - context.paragraph)
    kept = firstDistance >= lastDistance ? kept.slice(1) : kept.slice(0, -1)
    message = build(kept)
  }
  return message.html
}
