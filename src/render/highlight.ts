import type { Highlight } from '../search/types.ts'
import { type Fragment, join, tag, text } from './telegram-html.ts'

export interface HighlightOptions {
  /** Longest excerpt to show; longer texts are cut around the first highlight, marked with "…". */
  maxChars: number
  /** Most highlights to mark (each one is a Telegram entity). */
  maxHighlights: number
}

/** What part of a text was shown and which ranges (relative to that part) are marked. */
export interface Excerpt {
  start: number
  end: number
  marks: Highlight[]
}

/** Sorts, clamps and merges overlapping highlights; a merged range is a figure when any part was. */
export function mergeHighlights(highlights: Highlight[], length: number): Highlight[] {
  const sorted = highlights
    .map((h) => ({ start: Math.max(0, h.start), end: Math.min(length, h.end), kind: h.kind }))
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: Highlight[] = []
  for (const h of sorted) {
    const last = merged.at(-1)
    if (last && h.start <= last.end) {
      last.end = Math.max(last.end, h.end)
      if (h.kind === 'figure') last.kind = 'figure'
    } else {
      merged.push({ ...h })
    }
  }
  return merged
}

/** Chooses the excerpt of a text to show and the highlights to mark in it. */
export function chooseExcerpt(value: string, highlights: Highlight[], options: HighlightOptions): Excerpt {
  const merged = mergeHighlights(highlights, value.length)
  let start = 0
  let end = value.length
  if (value.length > options.maxChars) {
    const anchor = (merged.find((h) => h.kind === 'figure') ?? merged[0])?.start ?? 0
    start = Math.max(0, anchor - Math.floor(options.maxChars / 4))
    end = Math.min(value.length, start + options.maxChars)
    start = Math.max(0, end - options.maxChars)
    start = avoidSplitPair(value, start)
    end = avoidSplitPair(value, end)
  }
  const inWindow = merged
    .filter((h) => h.start >= start && h.end <= end)
    .map((h) => ({ start: h.start - start, end: h.end - start, kind: h.kind }))
  // Figures are what a figure question is about: keep them first when entities run short.
  const kept = [...inWindow.filter((h) => h.kind === 'figure'), ...inWindow.filter((h) => h.kind === 'term')]
    .slice(0, Math.max(0, options.maxHighlights))
    .sort((a, b) => a.start - b.start)
  return { start, end, marks: kept }
}

/** Renders a text with its highlights in bold, cut to an excerpt when too long. */
export function renderHighlighted(
  value: string,
  highlights: Highlight[],
  options: HighlightOptions,
): Fragment {
  const excerpt = chooseExcerpt(value, highlights, options)
  const shown = value.slice(excerpt.start, excerpt.end)
  const parts: Fragment[] = []
  if (excerpt.start > 0) parts.push(text('…'))
  let position = 0
  for (const mark of excerpt.marks) {
    parts.push(text(shown.slice(position, mark.start)))
    parts.push(tag('b', text(shown.slice(mark.start, mark.end))))
    position = mark.end
  }
  parts.push(text(shown.slice(position)))
  if (excerpt.end < value.length) parts.push(text('…'))
  return join(parts)
}

function avoidSplitPair(value: string, index: number): number {
  const code = value.charCodeAt(index)
  return index > 0 && index < value.length && code >= 0xdc00 && code <= 0xdfff ? index - 1 : index
}
