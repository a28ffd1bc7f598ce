import { type Texts, zh } from '../../prompts/zh.ts'
import type { Answer, Passage } from '../search/types.ts'
import { renderAttribution } from './attribution.ts'
import { noResultLines, renderEnglishFrameHtml } from './english-frame.ts'
import { renderHighlighted } from './highlight.ts'
import {
  type Fragment,
  fitsMessage,
  join,
  lines,
  MAX_ENTITIES,
  MAX_MESSAGE_LENGTH,
  tag,
  text,
} from './telegram-html.ts'

/** Where a message goes: groups get fewer, shorter, folded quotes. */
export type Surface = 'private' | 'group'

export interface Layout {
  /** Most passages in one message. */
  maxPassages: number
  /** Longest excerpt of one passage (characters). */
  maxChars: number
  /** Quotes longer than this are sent folded (expandable blockquote). */
  foldAbove: number
}

export const layouts: Record<Surface, Layout> = {
  private: { maxPassages: 3, maxChars: 1500, foldAbove: 400 },
  group: { maxPassages: 2, maxChars: 600, foldAbove: 120 },
}

/** How many passages to ask the searcher for on a surface. */
export function passagesPerMessage(surface: Surface): number {
  return layouts[surface].maxPassages
}

export interface RenderAnswerOptions {
  surface: Surface
  /** Offset the answer was asked with (for "results 4–6 of 12"). */
  offset: number
  texts?: Texts
}

export interface RenderedAnswer {
  html: string
  /** The passages shown, in order (for the 上下文 buttons). */
  shown: Passage[]
  /** Offset of the next page when more results exist. */
  nextOffset?: number
}

/**
 * Whether an answer is shown as quotes: when the searcher found an answer, or, for a question in a Latin
 * script, whenever names or numbers in it matched (the documents are Chinese, so matches are weaker).
 */
export function showsQuotes(answer: Answer): boolean {
  return answer.results.length > 0 && (answer.found || answer.foreign)
}

/** One passage: the quote (highlights in bold) and its attribution. */
export function renderPassage(passage: Passage, layout: Layout, maxHighlights: number): Fragment {
  const quote = renderHighlighted(passage.text, passage.highlights, {
    maxChars: layout.maxChars,
    maxHighlights,
  })
  const folded = quote.length > layout.foldAbove
  return lines(tag(folded ? 'blockquote expandable' : 'blockquote', quote), renderAttribution(passage))
}

/** The Telegram HTML message answering a question: quotes with attribution, or a plain "nothing found". */
export function renderAnswerHtml(answer: Answer, options: RenderAnswerOptions): RenderedAnswer {
  const texts = options.texts ?? zh
  const layout = layouts[options.surface]
  const header =
    renderEnglishFrameHtml(answer) ?? (answer.foreign ? tag('i', text(texts.foreignNote)) : undefined)

  if (!showsQuotes(answer)) {
    const body = lines(...(header ? [header] : []), ...noResultLines(answer, texts).map(text))
    return { html: body.html, shown: [] }
  }

  // A figure question in a group wants the one figure, not a reading list.
  const wanted = options.surface === 'group' && answer.asksFigure ? 1 : layout.maxPassages
  const candidates = answer.results.slice(0, wanted)
  const maxHighlights = Math.floor((MAX_ENTITIES - 4) / candidates.length) - 2
  const footerReserve = 40
  const blocks: Fragment[] = header ? [header] : []
  const shown: Passage[] = []
  for (const passage of candidates) {
    const block = renderPassage(passage, layout, maxHighlights)
    const next = join([...blocks, block], '\n\n')
    const limitOk = next.length + footerReserve <= MAX_MESSAGE_LENGTH && next.entities + 1 <= MAX_ENTITIES
    if (!limitOk && shown.length > 0) break
    blocks.push(limitOk ? block : renderPassage(passage, { ...layout, maxChars: 1000 }, 20))
    shown.push(passage)
  }

  const end = options.offset + shown.length
  const nextOffset = end < answer.total ? end : undefined
  if (options.offset > 0 || nextOffset !== undefined) {
    blocks.push(tag('i', text(texts.range(options.offset + 1, end, answer.total))))
  }
  const message = join(blocks, '\n\n')
  if (!fitsMessage(message)) throw new Error(`answer message too long: ${message.length} characters`)
  return { html: message.html, shown, nextOffset }
}
