import { type Texts, zh } from '../../prompts/zh.ts'
import type { Answer, Highlight, Passage } from '../search/types.ts'
import { renderAttribution } from './attribution.ts'
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
  // In a group the answer must show without expanding anything: quotes are never folded there.
  group: { maxPassages: 2, maxChars: 600, foldAbove: Number.POSITIVE_INFINITY },
}

/** How many passages to ask the searcher for on a surface. */
export function passagesPerMessage(surface: Surface): number {
  return layouts[surface].maxPassages
}

export interface RenderAnswerOptions {
  surface: Surface
  /** Offset the answer was asked with (for "results 4–6 of 12"). */
  offset: number
  /** Show the closest passages even though nothing answers (labelled as not an answer). */
  closest?: boolean
  texts?: Texts
}

export interface RenderedAnswer {
  html: string
  /** The passages shown, in order (for the 上下文 buttons). */
  shown: Passage[]
  /** Offset of the next page when more results exist. */
  nextOffset?: number
  /** Nothing answers, but passages were ranked: the closest can be offered (not as an answer). */
  closestAvailable?: boolean
}

/**
 * Whether an answer is shown as quotes: when the searcher found an answer, or, for a question in a Latin
 * script, whenever names or numbers in it matched (the documents are Chinese, so matches are weaker).
 */
export function showsQuotes(answer: Answer): boolean {
  return answer.results.length > 0 && (answer.found || answer.foreign)
}

/** A spotlight shorter than this share of its paragraph is shown on its own first. */
const SPOTLIGHT_LEADS_BELOW = 0.85

/** The spotlight's text (its sentences, joined by "…" when apart) and its highlights, relative to that text. */
export function spotlightExcerpt(passage: Passage): { text: string; highlights: Highlight[] } | undefined {
  const ranges = passage.spotlight ?? []
  const length = ranges.reduce((sum, range) => sum + (range.end - range.start), 0)
  if (ranges.length === 0 || length === 0 || length >= passage.text.length * SPOTLIGHT_LEADS_BELOW)
    return undefined
  let text = ''
  const highlights: Highlight[] = []
  for (const range of ranges) {
    if (text) text += '…'
    const offset = text.length - range.start
    for (const h of passage.highlights) {
      if (h.start >= range.start && h.end <= range.end)
        highlights.push({ ...h, start: h.start + offset, end: h.end + offset })
    }
    text += passage.text.slice(range.start, range.end)
  }
  // The asked figures are what the sentence is for; without any, the question's words guide the eye.
  const figures = highlights.filter((h) => h.kind === 'figure')
  return { text, highlights: figures.length > 0 ? figures : highlights }
}

/**
 * One passage: the answering sentence(s) first, with the asked figures in bold, then the whole paragraph as an
 * expandable quote, then the attribution. Without a spotlight, the paragraph itself (folded when long).
 */
export function renderPassage(passage: Passage, layout: Layout, maxHighlights: number): Fragment {
  const spotlight = spotlightExcerpt(passage)
  const quote = renderHighlighted(passage.text, passage.highlights, {
    maxChars: layout.maxChars,
    maxHighlights,
  })
  if (spotlight) {
    const lead = renderHighlighted(spotlight.text, spotlight.highlights, {
      maxChars: layout.maxChars,
      maxHighlights: Math.max(1, Math.floor(maxHighlights / 3)),
    })
    return lines(lead, tag('blockquote expandable', quote), renderAttribution(passage))
  }
  const folded = quote.length > layout.foldAbove
  return lines(tag(folded ? 'blockquote expandable' : 'blockquote', quote), renderAttribution(passage))
}

/** The Telegram HTML message answering a question: quotes with attribution, or a plain "nothing found". */
export function renderAnswerHtml(answer: Answer, options: RenderAnswerOptions): RenderedAnswer {
  const texts = options.texts ?? zh
  const layout = layouts[options.surface]
  const header = answer.foreign ? tag('i', text(texts.foreignNote)) : undefined

  const closest = options.closest === true && !answer.found && answer.results.length > 0
  if (!showsQuotes(answer) && !closest) {
    const missing = answer.reason === 'missing-term' && answer.judgement?.missingTerm
    const body = lines(
      ...(header ? [header] : []),
      text(missing ? texts.noResultMissing(answer.judgement?.missingTerm as string) : texts.noResult),
      text(texts.rephrase),
    )
    return { html: body.html, shown: [], closestAvailable: answer.results.length > 0 }
  }

  // A figure question in a group wants the one figure, not a reading list.
  const wanted = options.surface === 'group' && answer.asksFigure && !closest ? 1 : layout.maxPassages
  const candidates = answer.results.slice(0, wanted)
  const maxHighlights = Math.floor((MAX_ENTITIES - 4) / candidates.length) - 2
  const footerReserve = 40
  const blocks: Fragment[] = header ? [header] : []
  if (closest) blocks.push(tag('i', text(texts.closestHeader)))
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
