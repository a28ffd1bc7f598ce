// Groups a page's units into articles: bylines, datelines and continuation markers start articles;
// headlines printed away from their body are matched back to it by shared wording.

import { guessYear, isoDate, parseDateline } from './attribution.ts'
import type { Unit } from './pdf-units.ts'
import { endsSentence } from './text-rules.ts'

/** An article found on a page, before ids and the source are filled in. */
export interface ArticleDraft {
  title: string
  subtitle?: string
  kicker?: string
  date?: string
  authors: string[]
  continuation?: string
  url?: string
  /** The publication named in a dateline or byline (e.g. 湖南日报), if any. */
  printedSource?: string
  lines: [number, number]
  paragraphs: string[]
}

interface Draft {
  headline: Unit[]
  /** Bylines and markers: they count for the line range but are not paragraphs. */
  anchors: Unit[]
  body: Unit[]
  authors: string[]
  column?: string
  marker?: string
  photo?: boolean
  dateline?: { month: number; day: number }
  signatureDate?: string
  printedSource?: string
  orphanRun?: number
}

interface Chain {
  units: Unit[]
  run: number
  assigned?: Draft
}

const RESUMED_FRAGMENT = /^\p{Script=Han}{1,4}[”’」』]?[。！？]/u
const HAN_BIGRAM_SPLIT = /[^\p{Script=Han}0-9A-Za-z]+/gu

/** Splits a page's units into article drafts. */
export function segmentArticles(units: Unit[], pageText: string): ArticleDraft[] {
  const drafts: Draft[] = []
  const orphanRuns: Unit[][] = []
  let current = newDraft()
  drafts.push(current)
  let pending: Unit[] = []

  const start = (draft: Draft) => {
    drafts.push(draft)
    current = draft
  }
  const hasBody = (draft: Draft) => draft.body.some((unit) => unit.kind !== 'heading')
  const orphanPending = () => {
    if (pending.length > 0) orphanRuns.push(pending)
    pending = []
  }

  units.forEach((unit, index) => {
    switch (unit.kind) {
      case 'heading':
        pending.push(unit)
        return
      case 'marker':
        orphanPending()
        start({ ...newDraft(), marker: unit.label ?? unit.text })
        current.anchors.push(unit)
        return
      case 'byline': {
        // Bare names right after running text sign that text (a byline printed after the lead).
        const signsText =
          unit.label === undefined &&
          !/记者|评论员|通讯员/.test(unit.raw) &&
          units[index - 1]?.kind === 'text'
        if ((hasBody(current) || current.marker) && !signsText) start(newDraft())
        current.headline.push(...pending)
        pending = []
        current.authors.push(...unit.names)
        if (unit.label) current.column = unit.label
        if (/湖南日报/.test(unit.raw)) current.printedSource = '湖南日报'
        current.anchors.push(unit)
        return
      }
      case 'credit':
        orphanPending()
        current.authors.push(...unit.names)
        return
      case 'photo-credit':
        current.authors.push(...unit.names)
        if (unit.names.length > 0 && /湖南日报/.test(unit.raw)) current.printedSource ??= '湖南日报'
        return
      case 'signature':
        orphanPending()
        current.body.push(unit)
        current.signatureDate = readSignatureDate(unit.text)
        return
      default: {
        const previous = units[index - 1]
        const dateline = parseDateline(unit.raw)
        const isPhotoNews = unit.kind === 'caption' && (units[index + 1]?.names.length ?? 0) > 0
        const open = [...drafts].reverse().find((draft) => draft !== current && isOpen(draft))
        if (dateline || isPhotoNews) {
          if (hasBody(current) || current.marker) start(newDraft())
          current.headline.push(...pending)
          pending = []
          if (dateline) {
            current.dateline = { month: dateline.month, day: dateline.day }
            current.authors.push(...dateline.authors)
            if (dateline.source) current.printedSource = dateline.source
          }
          current.photo = isPhotoNews
        } else if (RESUMED_FRAGMENT.test(unit.text) && previous && previous.kind !== 'text' && open) {
          // Text that resumes mid-sentence after another item: the column continues an unfinished article.
          orphanPending()
          current = open
          const last = open.body.pop()!
          open.body.push({ ...last, text: last.text + unit.text, raw: last.raw + unit.raw, last: unit.last })
          return
        } else if (!hasBody(current) && !current.marker) {
          current.headline.push(...pending)
          pending = []
        } else if (pending.length === 1 && !pending[0]!.text.startsWith('——') && unit.kind !== 'caption') {
          current.body.push(pending[0]!)
          pending = []
        } else {
          orphanPending()
        }
        current.body.push(unit)
      }
    }
  })
  orphanPending()
  assignOrphanHeadlines(
    drafts.filter((draft) => draft.body.length > 0 || draft.headline.length > 0),
    orphanRuns,
  )
  const year = guessYear(pageText)
  return drafts
    .filter((draft) => draft.body.some((unit) => unit.kind !== 'heading'))
    .map((draft) => finishDraft(draft, year))
    .sort((a, b) => a.lines[0] - b.lines[0])
}

function newDraft(): Draft {
  return { headline: [], anchors: [], body: [], authors: [] }
}

function isOpen(draft: Draft): boolean {
  const last = draft.body.at(-1)
  return last !== undefined && last.kind === 'text' && !endsSentence(last.text)
}

function readSignatureDate(text: string): string | undefined {
  const match = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/u.exec(text)
  return match ? isoDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined
}

function bigrams(text: string): Set<string> {
  const result = new Set<string>()
  for (const piece of text.split(HAN_BIGRAM_SPLIT)) {
    const chars = [...piece]
    for (let index = 0; index + 1 < chars.length; index++) result.add(chars[index]! + chars[index + 1]!)
  }
  return result
}

/** Share of a headline's character pairs that occur in a body: headlines reuse their article's words. */
function overlap(headline: string, body: Set<string>): number {
  const pairs = bigrams(headline)
  if (pairs.size === 0) return 0
  let shared = 0
  for (const pair of pairs) if (body.has(pair)) shared++
  return shared / pairs.size
}

function toChains(run: Unit[], runIndex: number): Chain[] {
  const chains: Chain[] = []
  let kicker: Unit[] = []
  for (const unit of run) {
    const last = chains.at(-1)
    if (unit.text.startsWith('——') && last && kicker.length === 0) {
      last.units.push(unit)
    } else if ([...unit.text.replace(/\P{Script=Han}/gu, '')].length <= 4) {
      kicker.push(unit)
    } else {
      chains.push({ units: [...kicker, unit], run: runIndex })
      kicker = []
    }
  }
  if (kicker.length > 0) chains.push({ units: kicker, run: runIndex })
  return chains
}

function mainText(chain: Chain): string {
  return chain.units
    .filter((unit) => !unit.text.startsWith('——'))
    .map((unit) => unit.text)
    .join('')
}

function assignOrphanHeadlines(drafts: Draft[], runs: Unit[][]): void {
  const chains = runs.flatMap((run, index) => toChains(run, index))
  const untitled = drafts.filter((draft) => draft.headline.length === 0 && !draft.photo)
  const bodies = new Map(
    untitled.map((draft) => [draft, bigrams(draft.body.map((unit) => unit.text).join(''))]),
  )
  const pairs = chains.flatMap((chain) =>
    untitled.map((draft) => ({ chain, draft, score: overlap(mainText(chain), bodies.get(draft)!) })),
  )
  pairs.sort((a, b) => b.score - a.score)
  for (const { chain, draft, score } of pairs) {
    if (score < 0.5 || chain.assigned) continue
    if (draft.orphanRun !== undefined && draft.orphanRun !== chain.run) continue
    const best = Math.max(...pairs.filter((pair) => pair.chain === chain).map((pair) => pair.score))
    if (score < best) continue
    chain.assigned = draft
    draft.orphanRun = chain.run
  }
  for (const draft of untitled) {
    if (draft.orphanRun !== undefined) continue
    const [first, last] = spanOf(draft)
    const inside = chains.filter(
      (chain) => !chain.assigned && chain.units[0]!.first >= first && chain.units[0]!.first <= last + 1,
    )
    const best = inside
      .map((chain) => ({ chain, score: overlap(mainText(chain), bodies.get(draft)!) }))
      .sort((a, b) => b.score - a.score)[0]
    if (best) {
      best.chain.assigned = draft
      draft.orphanRun = best.chain.run
    }
  }
  // Unclaimed headings printed right above a claimed headline are its kicker.
  for (let index = chains.length - 2; index >= 0; index--) {
    const chain = chains[index]!
    const below = chains[index + 1]!
    if (!chain.assigned && below.assigned && below.run === chain.run) chain.assigned = below.assigned
  }
  for (const chain of chains) {
    if (chain.assigned) {
      chain.assigned.headline.push(...chain.units)
      continue
    }
    // Unclaimed headings stay in the text of the article they sit in.
    const home = drafts.find((draft) => {
      const [first, last] = spanOf(draft)
      return chain.units[0]!.first >= first && chain.units[0]!.first <= last
    })
    home?.body.push(...chain.units)
  }
  for (const draft of drafts) {
    draft.headline.sort((a, b) => a.first - b.first)
    draft.body.sort((a, b) => a.first - b.first)
  }
}

function spanOf(draft: Draft): [number, number] {
  const all = [...draft.headline, ...draft.body]
  return [Math.min(...all.map((unit) => unit.first)), Math.max(...all.map((unit) => unit.last))]
}

/** Lines of the body, its byline and the headings printed next to it (not a headline printed far away). */
function rawSpan(draft: Draft): [number, number] {
  const core = [...draft.body, ...draft.anchors]
  let first = Math.min(...core.map((unit) => unit.first))
  let last = Math.max(...core.map((unit) => unit.last))
  for (const unit of [...draft.headline].sort((a, b) => b.first - a.first)) {
    if (unit.last < first && first - unit.last <= 8) first = unit.first
  }
  for (const unit of [...draft.headline].sort((a, b) => a.first - b.first)) {
    if (unit.first > last && unit.first - last <= 8) last = unit.last
  }
  return [first, last]
}

function finishDraft(draft: Draft, year: number | undefined): ArticleDraft {
  const headline = draft.headline.map((unit) => unit.text)
  const titleIndex = headline.findLastIndex((text) => !text.startsWith('——'))
  const kickerParts = [...(draft.column ? [draft.column] : []), ...headline.slice(0, Math.max(titleIndex, 0))]
  const subtitle = headline.slice(titleIndex + 1).join(' ')
  const paragraphs = removeRepeats(draft.body.map((unit) => unit.text))
  const result: ArticleDraft = {
    title: titleIndex >= 0 ? headline[titleIndex]! : fallbackTitle(draft, paragraphs),
    authors: [...new Set(draft.authors)],
    lines: rawSpan(draft),
    paragraphs,
  }
  if (subtitle) result.subtitle = subtitle
  if (kickerParts.length > 0) result.kicker = kickerParts.join(' ')
  if (draft.marker) result.continuation = draft.marker
  if (draft.printedSource) result.printedSource = draft.printedSource
  const date = draft.signatureDate ?? datelineDate(draft, paragraphs, year)
  if (date) result.date = date
  return result
}

function datelineDate(draft: Draft, paragraphs: string[], year: number | undefined): string | undefined {
  if (year === undefined) return undefined
  if (draft.dateline) return isoDate(year, draft.dateline.month, draft.dateline.day)
  const captionDate = draft.photo ? /^(\d{1,2})月(\d{1,2})日/u.exec(paragraphs[0] ?? '') : null
  return captionDate ? isoDate(year, Number(captionDate[1]), Number(captionDate[2])) : undefined
}

function fallbackTitle(draft: Draft, paragraphs: string[]): string {
  if (draft.marker) return `（${draft.marker}）`
  const first = paragraphs[0] ?? ''
  const sentence = /^[^。！？]*[。！？]/u.exec(first)?.[0] ?? first
  return sentence.replace(/[。！？]$/u, '').slice(0, 40)
}

/** Drops paragraphs the extraction repeated, and a long tail repeated from a later paragraph. */
export function removeRepeats(paragraphs: string[]): string[] {
  const key = (text: string) => text.replace(/\s+/g, '')
  const seen = new Set<string>()
  const unique = paragraphs.filter((text) => {
    if (seen.has(key(text))) return false
    seen.add(key(text))
    return true
  })
  return unique
    .map((text, index) => {
      for (const later of unique.slice(index + 1)) {
        const shared = commonSuffixLength(text, later)
        if (shared >= 40 && shared < text.length) {
          const kept = text.slice(0, text.length - shared)
          const lastEnd = Math.max(...['。', '！', '？'].map((mark) => kept.lastIndexOf(mark)))
          return lastEnd > 0 ? kept.slice(0, lastEnd + 1) : kept
        }
      }
      return text
    })
    .filter((text) => text !== '')
}

function commonSuffixLength(a: string, b: string): number {
  let length = 0
  while (length < a.length && length < b.length && a[a.length - 1 - length] === b[b.length - 1 - length])
    length++
  return length
}
