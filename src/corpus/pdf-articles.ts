// Groups a page's units into articles: bylines, datelines and continuation markers start articles;
// headlines printed away from their body are matched back to it by shared wording.

import { datelineDate, isoDate, outletOf, parseDateline, parseFullDate } from './attribution.ts'
import type { Unit } from './pdf-units.ts'
import { endsSentence } from './text-rules.ts'
import { CONTINUED_MARK, PHOTO_NEWS_TITLE } from './types.ts'

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
  /** A dateline's month and day that could not be dated because the page's year is unknown. */
  undatedDateline?: string
  /** A photo with its caption, printed on its own (图片新闻). */
  photo?: boolean
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
  /** Order in which the draft was started: its place on the page. */
  order: number
}

interface Chain {
  units: Unit[]
  run: number
  /** How many drafts existed when the run was set aside: where on the page it sits. */
  at: number
  assigned?: Draft
}

/** What is known of the page's date: a full date (`--date`, the file name) or only its year. */
export interface PageDate {
  year: number
  month: number
  /** The page's own date, given by the caller; articles without a dateline take it. */
  date?: string
}

/**
 * How many articles either side of a set-aside headline may claim it. A printed page holds a few dozen
 * articles at most; the bound keeps matching linear on huge inputs.
 */
const HEADLINE_REACH = 40

const RESUMED_FRAGMENT = /^\p{Script=Han}{1,4}[”’」』]?[。！？]/u
const HAN_BIGRAM_SPLIT = /[^\p{Script=Han}0-9A-Za-z]+/gu

/** Splits a page's units into article drafts. */
export function segmentArticles(units: Unit[], pageDate?: PageDate): ArticleDraft[] {
  const drafts: Draft[] = []
  const orphanRuns: { units: Unit[]; at: number }[] = []
  let current = newDraft()
  drafts.push(current)
  let pending: Unit[] = []

  const start = (draft: Draft) => {
    draft.order = drafts.length
    drafts.push(draft)
    current = draft
  }
  const hasBody = (draft: Draft) => draft.body.some((unit) => unit.kind !== 'heading')
  const orphanPending = () => {
    if (pending.length > 0) orphanRuns.push({ units: pending, at: drafts.length })
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
        const outlet = outletOf(unit.raw)
        if (outlet) current.printedSource = outlet
        current.anchors.push(unit)
        return
      }
      case 'credit':
        orphanPending()
        current.authors.push(...unit.names)
        return
      case 'photo-credit':
        current.authors.push(...unit.names)
        if (unit.names.length > 0) {
          const outlet = outletOf(unit.text)
          if (outlet) current.printedSource ??= outlet
        }
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
        // Text right after an untitled photo that interrupted an article: the photo was that article's, not
        // news of its own.
        const host = drafts.at(-2)
        if (
          current.photo &&
          current.headline.length === 0 &&
          !dateline &&
          unit.kind === 'text' &&
          previous?.kind === 'photo-credit' &&
          pending.length === 0 &&
          current === drafts.at(-1) &&
          host &&
          !host.photo &&
          hasBody(host)
        ) {
          drafts.pop()
          host.body.push(...current.body, unit)
          host.authors.push(...current.authors)
          host.anchors.push(...current.anchors)
          current = host
          return
        }
        const resumes = RESUMED_FRAGMENT.test(unit.text) && previous && previous.kind !== 'text'
        const open = resumes ? findOpen(drafts, current) : undefined
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
        } else if (open) {
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
  const date = pageDate ?? signatureYear(units)
  return drafts
    .filter((draft) => draft.body.some((unit) => unit.kind !== 'heading'))
    .map((draft) => finishDraft(draft, date))
    .sort((a, b) => a.lines[0] - b.lines[0])
}

function newDraft(): Draft {
  return { headline: [], anchors: [], body: [], authors: [], order: 0 }
}

/** The latest unfinished article other than the current one, looking back a page's worth of articles. */
function findOpen(drafts: Draft[], current: Draft): Draft | undefined {
  for (let index = drafts.length - 1; index >= Math.max(0, drafts.length - HEADLINE_REACH); index--) {
    const draft = drafts[index]!
    if (draft !== current && isOpen(draft)) return draft
  }
  return undefined
}

/** The year of a full date printed on a line of its own (a notice's signature), when the caller gave none. */
function signatureYear(units: Unit[]): PageDate | undefined {
  for (const unit of units) {
    if (unit.kind !== 'signature') continue
    const date = readSignatureDate(unit.text) ?? parseFullDate(unit.text)
    if (date) return { year: Number(date.slice(0, 4)), month: 12 }
  }
  return undefined
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

function toChains(run: Unit[], runIndex: number, at: number): Chain[] {
  const chains: Chain[] = []
  let kicker: Unit[] = []
  for (const unit of run) {
    const last = chains.at(-1)
    if (unit.text.startsWith('——') && last && kicker.length === 0) {
      last.units.push(unit)
    } else if ([...unit.text.replace(/\P{Script=Han}/gu, '')].length <= 4) {
      kicker.push(unit)
    } else {
      chains.push({ units: [...kicker, unit], run: runIndex, at })
      kicker = []
    }
  }
  if (kicker.length > 0) chains.push({ units: kicker, run: runIndex, at })
  return chains
}

function mainText(chain: Chain): string {
  return chain.units
    .filter((unit) => !unit.text.startsWith('——'))
    .map((unit) => unit.text)
    .join('')
}

/**
 * Gives each headline set aside (printed away from its body) to the untitled article whose text shares the
 * most of its wording, among the articles near it on the page; linear in the page.
 */
function assignOrphanHeadlines(drafts: Draft[], runs: { units: Unit[]; at: number }[]): void {
  const chains = runs.flatMap((run, index) => toChains(run.units, index, run.at))
  const spans = new Map(drafts.map((draft) => [draft, spanOf(draft)]))
  const untitled = drafts.filter((draft) => draft.headline.length === 0 && !draft.photo)
  const bodies = new Map(
    untitled.map((draft) => [draft, bigrams(draft.body.map((unit) => unit.text).join(''))]),
  )
  // Drafts are in page order, so each chain looks only at a window of them.
  const near = (chain: Chain, among: Draft[], orders: number[]) =>
    among.slice(
      lowerBound(orders, chain.at - HEADLINE_REACH),
      lowerBound(orders, chain.at + HEADLINE_REACH + 1),
    )
  const untitledOrders = untitled.map((draft) => draft.order)
  const draftOrders = drafts.map((draft) => draft.order)
  const window = (chain: Chain) => near(chain, untitled, untitledOrders)
  const pairs: { chain: Chain; draft: Draft; score: number }[] = []
  const best = new Map<Chain, number>()
  for (const chain of chains) {
    const text = mainText(chain)
    for (const draft of window(chain)) {
      const score = overlap(text, bodies.get(draft)!)
      pairs.push({ chain, draft, score })
      best.set(chain, Math.max(best.get(chain) ?? 0, score))
    }
  }
  pairs.sort((a, b) => b.score - a.score)
  for (const { chain, draft, score } of pairs) {
    if (score < 0.5 || chain.assigned) continue
    if (draft.orphanRun !== undefined && draft.orphanRun !== chain.run) continue
    if (score < best.get(chain)!) continue
    chain.assigned = draft
    draft.orphanRun = chain.run
  }
  const byFirstLine = [...chains].sort((a, b) => a.units[0]!.first - b.units[0]!.first)
  const firstLines = byFirstLine.map((chain) => chain.units[0]!.first)
  for (const draft of untitled) {
    if (draft.orphanRun !== undefined) continue
    const [first, last] = spans.get(draft)!
    let found: { chain: Chain; score: number } | undefined
    for (let index = lowerBound(firstLines, first); index < byFirstLine.length; index++) {
      const chain = byFirstLine[index]!
      if (chain.units[0]!.first > last + 1) break
      if (chain.assigned) continue
      const score = overlap(mainText(chain), bodies.get(draft)!)
      if (!found || score > found.score) found = { chain, score }
    }
    if (found) {
      found.chain.assigned = draft
      draft.orphanRun = found.chain.run
    }
  }
  // Unclaimed headings printed right above a claimed headline are its kicker.
  for (let index = chains.length - 2; index >= 0; index--) {
    const chain = chains[index]!
    const below = chains[index + 1]!
    if (!chain.assigned && below.assigned && below.run === chain.run) chain.assigned = below.assigned
  }
  const grow = (draft: Draft, units: Unit[]) => {
    const span = spans.get(draft)!
    for (const unit of units) {
      span[0] = Math.min(span[0], unit.first)
      span[1] = Math.max(span[1], unit.last)
    }
  }
  for (const chain of chains) {
    if (chain.assigned) {
      chain.assigned.headline.push(...chain.units)
      grow(chain.assigned, chain.units)
      continue
    }
    // Unclaimed headings stay in the text of the article they sit in.
    const line = chain.units[0]!.first
    const home = near(chain, drafts, draftOrders).find((draft) => {
      const [first, last] = spans.get(draft)!
      return line >= first && line <= last
    })
    if (home) {
      home.body.push(...chain.units)
      grow(home, chain.units)
    }
  }
  for (const draft of drafts) {
    draft.headline.sort((a, b) => a.first - b.first)
    draft.body.sort((a, b) => a.first - b.first)
  }
}

/** The first index whose value is at least `value` in an ascending array. */
function lowerBound(values: number[], value: number): number {
  let low = 0
  let high = values.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (values[middle]! < value) low = middle + 1
    else high = middle
  }
  return low
}

function spanOf(draft: Draft): [number, number] {
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const unit of draft.headline) {
    first = Math.min(first, unit.first)
    last = Math.max(last, unit.last)
  }
  for (const unit of draft.body) {
    first = Math.min(first, unit.first)
    last = Math.max(last, unit.last)
  }
  return [first, last]
}

/** Lines of the body, its byline and the headings printed next to it (not a headline printed far away). */
function rawSpan(draft: Draft): [number, number] {
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const unit of [...draft.body, ...draft.anchors]) {
    first = Math.min(first, unit.first)
    last = Math.max(last, unit.last)
  }
  for (const unit of [...draft.headline].sort((a, b) => b.first - a.first)) {
    if (unit.last < first && first - unit.last <= 8) first = unit.first
  }
  for (const unit of [...draft.headline].sort((a, b) => a.first - b.first)) {
    if (unit.first > last && unit.first - last <= 8) last = unit.last
  }
  return [first, last]
}

function finishDraft(draft: Draft, pageDate: PageDate | undefined): ArticleDraft {
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
  if (draft.photo && titleIndex < 0) result.photo = true
  const date = draft.signatureDate ?? articleDate(draft, paragraphs, pageDate)
  if (date) result.date = date
  else if (draft.dateline) result.undatedDateline = `${draft.dateline.month}月${draft.dateline.day}日`
  return result
}

/** A dateline's (or a photo caption's) month and day in the page's year; else the page's own date, if given. */
function articleDate(draft: Draft, paragraphs: string[], pageDate: PageDate | undefined): string | undefined {
  if (pageDate === undefined) return undefined
  if (draft.dateline) return datelineDate(pageDate, draft.dateline.month, draft.dateline.day)
  const captionDate = draft.photo ? /^(\d{1,2})月(\d{1,2})日/u.exec(paragraphs[0] ?? '') : null
  if (captionDate) return datelineDate(pageDate, Number(captionDate[1]), Number(captionDate[2]))
  return pageDate.date
}

/**
 * A title for an article printed without a headline: a continuation is named by its first heading or first
 * sentence, marked （续）, never by the bare marker; a photo caption is not a title (图片新闻).
 */
function fallbackTitle(draft: Draft, paragraphs: string[]): string {
  if (draft.photo) return PHOTO_NEWS_TITLE
  if (draft.marker) {
    const heading = draft.body.slice(0, 4).find((unit) => unit.kind === 'heading')?.text
    return `${heading ?? firstSentence(paragraphs[0] ?? '', 24)}${CONTINUED_MARK}`
  }
  return firstSentence(paragraphs[0] ?? '', 40)
}

/** The first sentence (or clause, when the sentence is long) of a paragraph, at most `limit` characters. */
function firstSentence(text: string, limit: number): string {
  const sentence = (/^[^。！？]*[。！？]/u.exec(text)?.[0] ?? text).replace(/[。！？]$/u, '')
  if ([...sentence].length <= limit) return sentence
  const clauses = sentence.split(/(?<=[，；：、])/u)
  let title = ''
  for (const clause of clauses) {
    if ([...(title + clause)].length > limit) break
    title += clause
  }
  const cut = title.replace(/[，；：、]$/u, '')
  return cut.length >= 6 ? `${cut}…` : `${[...sentence].slice(0, limit).join('')}…`
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
  // A shared tail of 40 or more characters means the same last 40 characters: compare only those.
  const byTail = new Map<string, number[]>()
  unique.forEach((text, index) => {
    if (text.length < REPEATED_TAIL) return
    const tail = text.slice(-REPEATED_TAIL)
    const list = byTail.get(tail)
    if (list) list.push(index)
    else byTail.set(tail, [index])
  })
  return unique
    .map((text, index) => {
      const candidates = text.length >= REPEATED_TAIL ? byTail.get(text.slice(-REPEATED_TAIL))! : []
      const from = lowerBound(candidates, index + 1)
      for (const laterIndex of candidates.slice(from, from + 3)) {
        const shared = commonSuffixLength(text, unique[laterIndex]!)
        if (shared >= REPEATED_TAIL && shared < text.length) {
          const kept = text.slice(0, text.length - shared)
          const lastEnd = Math.max(...['。', '！', '？'].map((mark) => kept.lastIndexOf(mark)))
          return lastEnd > 0 ? kept.slice(0, lastEnd + 1) : kept
        }
      }
      return text
    })
    .filter((text) => text !== '')
}

const REPEATED_TAIL = 40

function commonSuffixLength(a: string, b: string): number {
  let length = 0
  while (length < a.length && length < b.length && a[a.length - 1 - length] === b[b.length - 1 - length])
    length++
  return length
}
