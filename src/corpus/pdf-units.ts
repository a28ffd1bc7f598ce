// Turns PDF-extracted lines into units: whole paragraphs, headings, bylines, credits and markers.

import {
  parseByline,
  parseContinuationMarker,
  parseCredit,
  parseFullDate,
  parsePhotoCredit,
} from './attribution.ts'
import {
  collapseHeadingSpaces,
  collapseSpaces,
  displayWidth,
  endsSentence,
  endsWithPunctuation,
  hasInnerSentenceEnd,
  joinPieces,
} from './text-rules.ts'

export type UnitKind =
  | 'text'
  | 'caption'
  | 'heading'
  | 'byline'
  | 'marker'
  | 'credit'
  | 'photo-credit'
  | 'signature'

/** A piece of a page: a paragraph, a heading, a byline... with the 1-based line range it came from. */
export interface Unit {
  kind: UnitKind
  /** Cleaned text (spaced-out characters collapsed). */
  text: string
  /** Lines joined with the spaces as extracted (names in datelines stay separated). */
  raw: string
  first: number
  last: number
  /** The extracted lines, trimmed. */
  rawLines: string[]
  /** Names in a byline, credit or photo credit. */
  names: string[]
  /** Column printed before a byline, or the label of a continuation marker. */
  label?: string
}

interface Line {
  text: string
  number: number
  blankBefore: boolean
  /** Part of a run of non-blank lines in a page where blank lines normally separate every line. */
  tight: boolean
  blockStart: boolean
}

/** Layout facts measured on a page, which decide how lines are joined. */
export interface PageLayout {
  /** Blank lines separate (nearly) every extracted line, so they say nothing about paragraphs. */
  denseBlanks: boolean
  /** Each extracted line is already a whole paragraph (or most of one). */
  paragraphPerLine: boolean
  /** Typical printed line width, in CJK cells. */
  columnWidth: number
}

/** Measures a page: how blank lines are used and how wide its columns are. */
export function measureLayout(lines: string[]): PageLayout {
  const nonBlank = lines.filter((line) => line.trim() !== '')
  const widths = nonBlank.map(displayWidth).sort((a, b) => a - b)
  const quantile = (q: number) => widths[Math.floor(q * (widths.length - 1))] ?? 0
  const blankRatio = lines.length === 0 ? 0 : (lines.length - nonBlank.length) / lines.length
  // A page typed (or saved) one paragraph a line has nearly every punctuated line ending a sentence; a
  // PDF column wraps mid-sentence on most lines.
  const punctuated = nonBlank.filter((line) => /[，。、；！？：,.;!?]/u.test(line))
  const sentenceEnds = punctuated.filter((line) =>
    endsSentence(line.trim().replace(/\s*[（(][^（）()]*[）)]$/u, '') || '。'),
  ).length
  const linesAreParagraphs = punctuated.length >= 3 && sentenceEnds / punctuated.length >= 0.85
  return {
    denseBlanks: blankRatio >= 0.4,
    paragraphPerLine: quantile(0.5) > 40 || linesAreParagraphs,
    columnWidth: quantile(0.75),
  }
}

/** Splits page text into units, joining lines broken mid-sentence and keeping real paragraph ends. */
export function buildUnits(text: string): Unit[] {
  const rawLines = text.split('\n')
  const layout = measureLayout(rawLines)
  const lines = describeLines(rawLines, layout)
  const units: Unit[] = []
  let paragraph: Line[] = []
  let lastLine: Line | undefined

  const flush = () => {
    if (paragraph.length > 0) units.push(makeTextUnit(paragraph))
    paragraph = []
  }

  for (const line of lines) {
    const previous = lastLine
    lastLine = line
    const special = readSpecialLine(line)
    if (special) {
      const last = units.at(-1)
      if (
        special.kind === 'byline' &&
        paragraph.length === 0 &&
        last?.kind === 'byline' &&
        last.names.length === 0
      ) {
        last.names = special.names
        last.last = line.number
        continue
      }
      if (special.kind === 'photo-credit' && special.caption) {
        const captionLine = { ...line, text: special.caption }
        if (paragraph.length > 0 && shouldJoin(paragraph.at(-1)!, captionLine, layout))
          paragraph.push(captionLine)
        else {
          flush()
          paragraph = [captionLine]
        }
      }
      flush()
      const signer = units.at(-1)
      if (special.kind === 'signature' && signer?.kind === 'heading' && signer.last === line.number - 1) {
        units.pop()
        special.unit.text = `${signer.rawLines.join(' ')} ${special.unit.text}`
        special.unit.first = signer.first
      }
      units.push(special.unit)
      if (special.rest) paragraph = [{ ...line, text: special.rest }]
      continue
    }
    const byline = units.at(-1)
    if (paragraph.length === 0 && byline?.kind === 'byline' && byline.names.length === 0) {
      const names = parseByline(`记者 ${line.text}`)?.names
      if (names && names.length > 0) {
        byline.names = names
        byline.last = line.number
        continue
      }
    }
    if (
      paragraph.length > 0 &&
      previous &&
      shouldJoin(paragraph.at(-1)!, line, layout) &&
      !(
        paragraph.length === 1 &&
        isBareHeading(paragraph[0]!.text, layout) &&
        isBareHeading(line.text, layout) &&
        displayWidth(line.text) <= headingMaxWidth(layout)
      )
    ) {
      paragraph.push(line)
      continue
    }
    flush()
    if (isHeadingLine(line, layout)) {
      const last = units.at(-1)
      if (
        last?.kind === 'heading' &&
        !line.blankBefore &&
        !line.text.startsWith('——') &&
        previous?.number === last.last &&
        (line.tight || !layout.denseBlanks)
      ) {
        last.text = joinPieces(last.text, collapseHeadingSpaces(line.text))
        last.raw = `${last.raw}${line.text}`
        last.rawLines.push(line.text)
        last.last = line.number
      } else {
        units.push(makeHeading(line))
      }
      continue
    }
    paragraph = [line]
  }
  flush()
  return refineUnits(units)
}

function describeLines(rawLines: string[], layout: PageLayout): Line[] {
  const lines: Line[] = []
  let blankBefore = true
  rawLines.forEach((raw, index) => {
    const text = raw.trim()
    if (text === '') {
      blankBefore = true
      return
    }
    const nextBlank = (rawLines[index + 1] ?? '').trim() === ''
    const tight = layout.denseBlanks && (!blankBefore || !nextBlank)
    lines.push({ text, number: index + 1, blankBefore, tight, blockStart: blankBefore })
    blankBefore = false
  })
  return lines
}

interface SpecialLine {
  kind: UnitKind
  unit: Unit
  names: string[]
  rest?: string
  caption?: string
}

function readSpecialLine(line: Line): SpecialLine | undefined {
  const unit = (kind: UnitKind, names: string[] = [], label?: string): Unit => {
    const made: Unit = {
      kind,
      text: collapseHeadingSpaces(line.text),
      raw: line.text,
      rawLines: [line.text],
      first: line.number,
      last: line.number,
      names,
    }
    if (label !== undefined) made.label = label
    return made
  }
  const marker = parseContinuationMarker(line.text)
  if (marker) {
    const made = unit('marker', [], marker.label)
    made.text = collapseHeadingSpaces(line.text.slice(0, line.text.length - marker.rest.length))
    return { kind: 'marker', unit: made, names: [], rest: marker.rest }
  }
  const credit = parseCredit(line.text)
  if (credit) return { kind: 'credit', unit: unit('credit', credit), names: credit }
  if (parseFullDate(line.text)) return { kind: 'signature', unit: unit('signature'), names: [] }
  const photo = parsePhotoCredit(line.text)
  if (photo && (photo.caption === '' || endsSentence(photo.caption))) {
    const made = unit('photo-credit', photo.photographers)
    made.text = collapseHeadingSpaces(photo.credit)
    return { kind: 'photo-credit', unit: made, names: photo.photographers, caption: photo.caption }
  }
  if (!endsWithPunctuation(line.text) && displayWidth(line.text) <= 30) {
    const byline = parseByline(line.text)
    if (byline)
      return { kind: 'byline', unit: unit('byline', byline.names, byline.column), names: byline.names }
  }
  return undefined
}

function shouldJoin(previous: Line, line: Line, layout: PageLayout): boolean {
  if (layout.denseBlanks && previous.tight !== line.tight) return false
  if (layout.denseBlanks && line.tight && line.blockStart) return false
  if (line.text.startsWith('——')) return false
  if (layout.paragraphPerLine && isHeadingLine(line, layout)) return false
  if (!endsSentence(previous.text)) return true
  if (layout.paragraphPerLine || /^[★☆●■◆]/u.test(line.text)) return false
  // A sentence end on a short line is a paragraph end; on a full line it may be either, and
  // a blank line after it decides where blank lines carry meaning.
  if (displayWidth(previous.text) < layout.columnWidth - 1.5) return false
  if (line.blankBefore && !layout.denseBlanks) return false
  // A paragraph's first line is indented, so narrower than the column; a continued line is full.
  return !(displayWidth(line.text) <= layout.columnWidth - 1.5 && !endsSentence(line.text))
}

const ENUMERATED = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])/u

/** No punctuation at all and narrower than a column: a headline line, never half a sentence. */
function isBareHeading(text: string, layout: PageLayout): boolean {
  return !/[，。、；！？,.;!?]/.test(text) && !isUnbalanced(text) && displayWidth(text) <= layout.columnWidth
}

/** An opening bracket or quote left open: the text goes on in the next line. */
function isUnbalanced(text: string): boolean {
  const count = (pattern: RegExp) => (text.match(pattern) ?? []).length
  return count(/[（(]/g) > count(/[）)]/g) || count(/“/g) > count(/”/g) || count(/《/g) > count(/》/g)
}

function headingMaxWidth(layout: PageLayout): number {
  return Math.max(layout.columnWidth * 0.75, layout.columnWidth - 4)
}

function isHeadingLine(line: Line, layout: PageLayout): boolean {
  const text = line.text
  if (endsWithPunctuation(text) || hasInnerSentenceEnd(text) || isUnbalanced(text)) return false
  if (text.startsWith('——')) return true
  if (ENUMERATED.test(text) && /[，,]/.test(text)) return false
  if (layout.denseBlanks && line.tight) return true
  const width = displayWidth(text)
  if (layout.paragraphPerLine) return width <= 40
  return width <= headingMaxWidth(layout) || /[”』]$/u.test(text)
}

function makeHeading(line: Line): Unit {
  return {
    kind: 'heading',
    text: collapseHeadingSpaces(line.text),
    raw: line.text,
    rawLines: [line.text],
    first: line.number,
    last: line.number,
    names: [],
  }
}

function makeTextUnit(lines: Line[]): Unit {
  let raw = ''
  for (const line of lines) raw = raw === '' ? line.text : joinRaw(raw, line.text)
  const text = cleanParagraph(raw)
  const kind: UnitKind =
    !endsWithPunctuation(text) && !hasInnerSentenceEnd(text) && lines.every((line) => line.tight)
      ? 'heading'
      : 'text'
  return {
    kind,
    text,
    raw,
    rawLines: lines.map((line) => line.text),
    first: lines[0]!.number,
    last: lines.at(-1)!.number,
    names: [],
  }
}

const DATELINE_HEAD = /^(.{0,30}?(?:讯|电)\s*[（(][^（）()]*[）)])/u

/** Collapses PDF spacing, but keeps the gaps between the names in a dateline (`（全媒体记者 肖霄 通讯员 魏志坚 邹嵩）`). */
function cleanParagraph(raw: string): string {
  const head = DATELINE_HEAD.exec(raw)?.[1]
  return head ? collapseHeadingSpaces(head) + collapseSpaces(raw.slice(head.length)) : collapseSpaces(raw)
}

function joinRaw(left: string, right: string): string {
  return /[A-Za-z0-9]$/.test(left) && /^[A-Za-z]/.test(right) ? `${left} ${right}` : left + right
}

/** Fixes what a line-by-line pass cannot see: captions, headings that were narrow text, text that was a heading. */
function refineUnits(units: Unit[]): Unit[] {
  const result: Unit[] = []
  for (const unit of units) {
    // A run of heading lines ended by a sentence is narrow text (a caption column), not headings.
    if (unit.kind === 'text') {
      let start = result.length
      while (start > 0 && result[start - 1]!.kind === 'heading' && !result[start - 1]!.text.startsWith('——'))
        start--
      if (result.length - start >= 3) {
        const merged = result.splice(start + 1)
        const raw = [...merged.map((part) => part.raw), unit.raw].reduce(joinRaw)
        const rawLines = [...merged.flatMap((part) => part.rawLines), ...unit.rawLines]
        result.push({ ...unit, raw, rawLines, text: cleanParagraph(raw), first: merged[0]!.first })
        continue
      }
    }
    result.push(unit)
  }
  result.forEach((unit, index) => {
    const before = result[index - 1]
    const after = result[index + 1]
    // A one-line "paragraph" with no punctuation at all, between non-text units, is a headline.
    if (
      unit.kind === 'text' &&
      unit.first === unit.last &&
      !/[，。、；！？,.;!?]/.test(unit.text) &&
      (before?.kind !== 'text' || endsSentence(before.text)) &&
      after?.kind !== 'text'
    ) {
      unit.kind = 'heading'
      unit.text = collapseHeadingSpaces(unit.raw)
    }
    // A credit the PDF broke over lines, e.g. `（珠 晖 区 融 媒` + `体中心提供）`.
    const credit = unit.kind === 'text' ? parsePhotoCredit(unit.text) : undefined
    if (credit && credit.caption === '') {
      unit.kind = 'photo-credit'
      unit.names = credit.photographers
    }
  })
  const final: Unit[] = []
  result.forEach((unit, index) => {
    const after = result[index + 1]
    const before = final.at(-1)
    // Text right before a photo credit is its caption; a caption line the PDF took for a heading joins it.
    if (unit.kind === 'text' && after?.kind === 'photo-credit') {
      unit.kind = 'caption'
      if (before?.kind === 'heading' && !before.text.startsWith('——') && unit.first - before.last === 1) {
        final.pop()
        const raw = joinRaw(before.raw, unit.raw)
        final.push({
          ...unit,
          raw,
          text: collapseSpaces(raw),
          rawLines: [...before.rawLines, ...unit.rawLines],
          first: before.first,
        })
        return
      }
    }
    final.push(unit)
  })
  return final
}
