import { eng as englishStopwords } from 'stopword'
import { isForeignQuestion } from '../question.ts'
import { type EnglishLexicon, exactKey, stemWord } from './lexicon.ts'

/** The paragraphs holding a Chinese word (undefined or empty when none does). */
export type ParagraphsOf = (word: string) => ReadonlySet<number> | undefined

export interface Translation {
  /** The question as the Chinese search terms it was mapped to, with its own Chinese and numbers kept, space-separated. */
  query: string
  /** The Chinese terms searched, in question order (what the reader can check). */
  terms: string[]
}

export interface TranslatorOptions {
  paragraphsOf: ParagraphsOf
  /** How many paragraphs the corpus has (for IDF). */
  docsCount: number
}

/** Maps an English (or mixed) question to Chinese search terms; undefined when it has no English to translate. */
export type Translator = (question: string) => Translation | undefined

/** Question and function words the stopword list lacks; they are never evidence. */
const QUESTION_WORDS = [
  'does',
  'do',
  'did',
  'tell',
  'please',
  'according',
  'much',
  'many',
  'its',
  'will',
  'would',
  'could',
  'should',
  'shall',
  'might',
  'must',
  'can',
  'during',
  'when',
  'whether',
]
/** The shortest part of an English compound split in two ("beekeeper": bee + keeper). */
const SHORTEST_PART = 3
/** The words and phrases of a question searched at most (a question is at most 200 characters). */
const MAX_UNITS = 16
/** Senses of one word weighed against the others at most (the dictionary's first ones). */
const MAX_CANDIDATES = 8
/** At most this many senses per English word or phrase reach BM25. */
const MAX_SENSES = 2
/** A sense is kept when it scores at least this share of the best sense of its word. */
const SENSE_RATIO = 0.7
const PRIOR = { name: 1.5, exact: 1, stem: 0.6, partial: 0.4 }
/** The best paragraphs of the question that decide which senses co-occur. */
const CONTEXT_PARAGRAPHS = 5
/** A sense's score when it shares none of those paragraphs, against 1 when it is in all of them. */
const CONTEXT_FLOOR = 0.1
/** How much the corpus frequency of a sense counts: paragraphs ** FREQUENCY_POWER. */
const FREQUENCY_POWER = 0.3
/** Neighbouring senses tried for forming one word, and the gain of those that do. */
const JOIN_CANDIDATES = 4
const JOIN_BONUS = 2

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
}

type Piece =
  | { kind: 'word'; text: string; capital: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'chinese'; text: string }

const PIECE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|\d+(?:[.,]\d+)*%?|[a-z]+(?:'[a-z]+)?/giu
const LATIN = /^[a-z ]+$/iu
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
const PERIOD_UNIT: Record<string, string> = { year: '年', month: '月', day: '天', week: '周' }

interface Sense {
  word: string
  prior: number
}

interface Unit {
  /** A fixed term (the question's own Chinese, a number) or the senses of an English word or phrase. */
  fixed?: string
  senses: Sense[]
  /** The English words, searched as they are when no sense occurs in the corpus (so they count as missing). */
  english?: string
}

/** Creates the translator of a corpus's English lexicon. */
export function createTranslator(lexicon: EnglishLexicon, options: TranslatorOptions): Translator {
  const stopwords = new Set([...englishStopwords, ...QUESTION_WORDS])
  const postings = new Map<string, ReadonlySet<number>>()
  const paragraphsOf = (word: string): ReadonlySet<number> => {
    let set = postings.get(word)
    if (!set) {
      set = options.paragraphsOf(word) ?? new Set()
      postings.set(word, set)
    }
    return set
  }
  const docsCount = Math.max(1, options.docsCount)
  const idf = (df: number) => Math.log(1 + (docsCount - df + 0.5) / (df + 0.5))

  // Stemming is the costly part of a lookup; a question's words are stemmed once (the cache is bounded).
  const stems = new Map<string, string>()
  const stem = (word: string): string => {
    let stemmed = stems.get(word)
    if (stemmed === undefined) {
      if (stems.size >= 20_000) stems.clear()
      stemmed = stemWord(word)
      stems.set(word, stemmed)
    }
    return stemmed
  }

  /**
   * The senses of an English word or phrase. A name read in pinyin wins when it is written with a capital
   * (Changsha) or when it is no English word at all; else "long" or "make" would read as 龙 or 马克.
   */
  function sensesOf(words: readonly string[], single: boolean, capital = false): Sense[] {
    const senses: Sense[] = []
    const seen = new Set<string>()
    const push = (list: readonly string[] | undefined, prior: number) => {
      for (const word of list ?? []) {
        if (!seen.has(word)) {
          seen.add(word)
          senses.push({ word, prior })
        }
      }
    }
    const names = lexicon.names[words.join('')]
    if (capital) push(names, PRIOR.name)
    if (senses.length > 0) return senses
    push(lexicon.exact?.[exactKey(words)], PRIOR.exact)
    push(lexicon.phrases[words.map(stem).sort().join(' ')], PRIOR.stem)
    if (single) push(lexicon.words[stem(words[0] as string)], PRIOR.partial)
    if (senses.length === 0) push(names, PRIOR.name)
    return senses
  }

  /** A word the dictionary lacks read as two that it has: "beekeeper" -> bee + keeper, "farmland" -> farm + land. */
  function compoundOf(word: string): Unit[] | undefined {
    for (let cut = word.length - SHORTEST_PART; cut >= SHORTEST_PART; cut--) {
      const [head, tail] = [word.slice(0, cut), word.slice(cut)]
      if (stopwords.has(head) || stopwords.has(tail)) continue
      // Only parts that are whole glosses (no partial senses, no names): "ChiNext" is no chi + next.
      const glossed = (part: string) =>
        sensesOf([part], true).filter((sense) => sense.prior === PRIOR.exact || sense.prior === PRIOR.stem)
      const first = glossed(head)
      if (first.length === 0) continue
      // An agent noun reads as its verb: keeper -> keep.
      const agent = /^(.{3,})(?:er|or)s?$/u.exec(tail)?.[1]
      const second = glossed(tail)
      if (second.length === 0 && agent) second.push(...glossed(agent))
      if (second.length > 0) {
        return [
          { senses: first, english: head },
          { senses: second, english: tail },
        ]
      }
    }
    return undefined
  }

  return (question) => {
    if (!isEnglishQuestion(question)) return undefined
    const pieces = splitQuestion(question)
    const english = pieces.filter((piece) => piece.kind === 'word')
    if (english.length === 0) return undefined
    const units: Unit[] = []
    let understood = false
    for (let i = 0; i < pieces.length; ) {
      const piece = pieces[i] as Piece
      if (piece.kind !== 'word') {
        const period = piece.kind === 'number' ? periodAfter(pieces, i) : undefined
        units.push({ fixed: period ? period.term : piece.text, senses: [] })
        i += period ? period.length : 1
        continue
      }
      const first = firstMonths(pieces, i) ?? endOf(pieces, i)
      if (first) {
        units.push({ fixed: first.term, senses: [] })
        understood = true
        i += first.length
        continue
      }
      let matched = 0
      for (let length = Math.min(lexicon.maxPhrase, pieces.length - i); length >= 1 && !matched; length--) {
        const span = pieces.slice(i, i + length)
        if (!span.every((item) => item.kind === 'word')) continue
        const words = span.map((item) => item.text)
        // A phrase may start or end with a stop word only as a whole gloss ("above designated size", "account for").
        const edge = stopwords.has(words[0] as string) || stopwords.has(words.at(-1) as string)
        if (edge && (length === 1 || !lexicon.exact[exactKey(words)])) continue
        const senses = sensesOf(words, length === 1, span[0]?.kind === 'word' && span[0].capital)
        if (senses.length > 0) {
          units.push({ senses, english: words.join(' ') })
          matched = length
        }
      }
      if (matched > 0) {
        understood = true
        i += matched
        continue
      }
      const compound = stopwords.has(piece.text) ? undefined : compoundOf(piece.text)
      if (stopwords.has(piece.text) || compound) {
        understood = true
        units.push(...(compound ?? []))
      }
      // A word the dictionary lacks stays as it is: an acronym (GDP) may be a synonym, any other counts as missing.
      else units.push({ senses: [], english: piece.text })
      i++
    }
    if (!understood) return undefined
    const chosen = chooseSenses(distinct(units))
    return { query: chosen.join(' '), terms: chosen.filter((term) => !LATIN.test(term)) }
  }

  /**
   * Each unit's best senses, chosen as a translator would: the reading the corpus itself uses. First the paragraphs
   * that hold the most of the question (every unit's senses, weighted by how specific the unit is, IDF) are found;
   * then each sense scores by its dictionary prior, by how much of those paragraphs' weight it shares with the
   * other units (senses that co-occur in one paragraph), by how often the corpus uses it (a common word is the
   * likelier reading of an English word than a rare one), and when two neighbouring units' senses form one
   * word of the corpus (标准化 + 率). BM25 ranks the passages with what is kept.
   */
  function chooseSenses(units: readonly Unit[]): string[] {
    const candidates = units.map((unit) => {
      const present = unit.senses.filter((sense) => paragraphsOf(sense.word).size > 0)
      const exact = present.filter((sense) => sense.prior >= PRIOR.stem)
      const usable = exact.length > 0 ? exact : present
      const long = usable.filter((sense) => sense.word.length > 1)
      // The senses most likely before the question is weighed (dictionary prior, corpus frequency): a long gloss
      // list (develop: 建设, 发扬, 开发 … 发展) must not lose the corpus's reading for coming late in it.
      return (long.length > 0 ? long : usable)
        .map((sense) => ({ sense, likely: sense.prior * paragraphsOf(sense.word).size ** FREQUENCY_POWER }))
        .sort((a, b) => b.likely - a.likely)
        .slice(0, MAX_CANDIDATES)
        .map(({ sense }) => sense)
    })
    const reach = units.map((unit, index) =>
      unit.fixed === undefined
        ? union((candidates[index] ?? []).map((sense) => paragraphsOf(sense.word)))
        : new Set(paragraphsOf(unit.fixed)),
    )
    const weight = reach.map((set) => (set.size > 0 ? idf(set.size) : 0))
    const joined = joinedSenses(units, candidates)
    // Each paragraph's share of the question: the weight of the units it holds (their best sense's prior).
    const contributions = units.map((_, index) => {
      const own = new Map<number, number>()
      const unitWeight = weight[index] ?? 0
      const fixed = units[index]?.fixed !== undefined
      if (fixed) {
        for (const id of reach[index] ?? []) own.set(id, unitWeight)
        return own
      }
      for (const sense of candidates[index] ?? []) {
        const value = unitWeight * sense.prior
        for (const id of paragraphsOf(sense.word)) if ((own.get(id) ?? 0) < value) own.set(id, value)
      }
      return own
    })
    const paragraphScore = new Map<number, number>()
    for (const own of contributions) {
      for (const [id, value] of own) paragraphScore.set(id, (paragraphScore.get(id) ?? 0) + value)
    }
    const terms: string[] = []
    units.forEach((unit, index) => {
      if (unit.fixed !== undefined || (candidates[index] ?? []).length === 0) {
        const term = unit.fixed ?? unit.english
        if (term) terms.push(term)
        return
      }
      // The best paragraphs as the other units see them (this unit's own weight left out, so no sense of it wins
      // merely by being where the unit is).
      const own = contributions[index] as Map<number, number>
      const context = [...paragraphScore]
        .map(([id, value]) => [id, value - (own.get(id) ?? 0)] as const)
        .filter(([, value]) => value > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, CONTEXT_PARAGRAPHS)
      const contextWeight = context.reduce((sum, [, value]) => sum + value, 0)
      const scored = (candidates[index] ?? []).map((sense) => {
        const paragraphs = paragraphsOf(sense.word)
        let support = 0
        for (const [id, value] of context) if (paragraphs.has(id)) support += value
        const together = contextWeight > 0 ? support / contextWeight : 0
        const common = paragraphs.size ** FREQUENCY_POWER
        const join = joined.has(`${index}:${sense.word}`) ? JOIN_BONUS : 1
        return { word: sense.word, score: sense.prior * join * (CONTEXT_FLOOR + together) * common }
      })
      scored.sort((a, b) => b.score - a.score)
      const best = scored[0]?.score ?? 0
      for (const sense of scored.slice(0, MAX_SENSES)) {
        if (sense.score >= best * SENSE_RATIO && !terms.includes(sense.word)) terms.push(sense.word)
      }
    })
    return terms
  }

  /** "index:word" of the senses that, with a sense of the next unit, form a word the corpus holds (标准化 + 率). */
  function joinedSenses(units: readonly Unit[], candidates: readonly Sense[][]): Set<string> {
    const joined = new Set<string>()
    for (let index = 0; index + 1 < units.length; index++) {
      const left = (candidates[index] ?? []).slice(0, JOIN_CANDIDATES)
      const right = (candidates[index + 1] ?? []).slice(0, JOIN_CANDIDATES)
      for (const a of left) {
        for (const b of right) {
          if (paragraphsOf(a.word + b.word).size > 0 || paragraphsOf(b.word + a.word).size > 0) {
            joined.add(`${index}:${a.word}`)
            joined.add(`${index + 1}:${b.word}`)
          }
        }
      }
    }
    return joined
  }
}

/** Chinese question words: a question asked with them is a Chinese question, whatever Latin names it holds. */
const CHINESE_QUESTION =
  /什么|多少|多久|多长|多大|多高|多远|多重|哪|谁|几|怎|如何|为何|是否|吗|呢|是不是|有没有|何时|何地|请问/u

/**
 * An English (or mixed) question: mostly Latin letters, and no Chinese question word
 * (「《Start from Here》以什么形式发行」 is a Chinese question about an English title).
 */
export function isEnglishQuestion(question: string): boolean {
  return isForeignQuestion(question) && !CHINESE_QUESTION.test(question)
}

const CHINESE_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九']
/** "the 13th Five-Year Plan", "14th five year plan": China's plans are named 十三五, 十四五. */
const FIVE_YEAR_PLAN = /\b1([1-9])(?:st|nd|rd|th)?\s+five[\s-]+year\s+plans?\b/giu

function splitQuestion(question: string): Piece[] {
  const pieces: Piece[] = []
  const plansNamed = question.replace(
    FIVE_YEAR_PLAN,
    (_, digit: string) => ` 十${CHINESE_DIGITS[Number(digit)]}五 `,
  )
  for (const match of plansNamed.matchAll(PIECE)) {
    const text = match[0]
    if (/^[a-z]/iu.test(text)) {
      const lower = text.toLowerCase().replace(/'s?$|'/u, '')
      const number = NUMBER_WORDS[lower]
      const month = MONTHS.indexOf(lower)
      // "May" is a month only when capitalized ("may" is a verb).
      if (month >= 0 && (lower !== 'may' || text === 'May'))
        pieces.push({ kind: 'number', text: `${month + 1}月` })
      else if (number !== undefined) pieces.push({ kind: 'number', text: String(number) })
      else {
        // A capital says "name" except on the question's first word ("Make …", "Changsha …" is found either way).
        const capital = /^[A-Z]/u.test(text) && pieces.some((piece) => piece.kind === 'word')
        pieces.push({ kind: 'word', text: lower, capital })
      }
    } else if (/^\d/u.test(text)) pieces.push({ kind: 'number', text: text.replace(/,/gu, '') })
    else pieces.push({ kind: 'chinese', text })
  }
  return mergePercent(dropQuestionPhrases(pieces))
}

/** "how long", "how many": a question about a figure, not about length or quantity. */
const HOW_WHAT = new Set([
  'long',
  'many',
  'much',
  'far',
  'large',
  'big',
  'high',
  'often',
  'old',
  'soon',
  'fast',
])

function dropQuestionPhrases(pieces: Piece[]): Piece[] {
  return pieces.filter((piece, index) => {
    const before = pieces[index - 1]
    return !(
      piece.kind === 'word' &&
      HOW_WHAT.has(piece.text) &&
      before?.kind === 'word' &&
      before.text === 'how'
    )
  })
}

/** "11 percent" -> 11%. */
function mergePercent(pieces: Piece[]): Piece[] {
  const merged: Piece[] = []
  for (const piece of pieces) {
    const last = merged.at(-1)
    if (
      piece.kind === 'word' &&
      (piece.text === 'percent' || piece.text === 'per cent') &&
      last?.kind === 'number'
    ) {
      merged[merged.length - 1] = { kind: 'number', text: `${last.text}%` }
    } else merged.push(piece)
  }
  return merged
}

/** "first 11 months" -> 前11月. */
function firstMonths(pieces: readonly Piece[], at: number): { term: string; length: number } | undefined {
  const [first, number, unit] = pieces.slice(at, at + 3)
  if (first?.kind !== 'word' || first.text !== 'first' || number?.kind !== 'number') return undefined
  if (unit?.kind !== 'word' || !/^months?$/u.test(unit.text)) return undefined
  return { term: `前${number.text}月`, length: 3 }
}

/** "end of November" -> 11月底, "end of the year" -> 年底, "end of last year" -> 去年底 (截至11月底). */
function endOf(pieces: readonly Piece[], at: number): { term: string; length: number } | undefined {
  const [end, of, ...rest] = pieces.slice(at, at + 5)
  if (end?.kind !== 'word' || end.text !== 'end' || of?.kind !== 'word' || of.text !== 'of') return undefined
  const skip = rest[0]?.kind === 'word' && rest[0].text === 'the' ? 1 : 0
  const [next, after] = rest.slice(skip)
  if (next?.kind === 'number' && next.text.endsWith('月')) return { term: `${next.text}底`, length: 3 + skip }
  if (next?.kind !== 'word') return undefined
  if (next.text === 'year') return { term: '年底', length: 3 + skip }
  if (next.text === 'last' && after?.kind === 'word' && after.text === 'year')
    return { term: '去年底', length: 4 + skip }
  if (next.text === 'this' && after?.kind === 'word' && after.text === 'year')
    return { term: '年底', length: 4 + skip }
  return undefined
}

/** "5 years" -> 5年, "10 months" -> 10个月. */
function periodAfter(pieces: readonly Piece[], at: number): { term: string; length: number } | undefined {
  const [number, unit] = pieces.slice(at, at + 2)
  if (number?.kind !== 'number' || unit?.kind !== 'word') return undefined
  const chinese = PERIOD_UNIT[unit.text.replace(/s$/u, '')]
  if (!chinese) return undefined
  return { term: `${number.text}${chinese === '月' ? '个月' : chinese}`, length: 2 }
}

/** Units without repeats (a question repeating a word says it once), at most MAX_UNITS of them. */
function distinct(units: readonly Unit[]): Unit[] {
  const seen = new Set<string>()
  return units
    .filter((unit) => {
      const key = unit.fixed ?? `en:${unit.english ?? ''}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    .slice(0, MAX_UNITS)
}

function union(sets: readonly ReadonlySet<number>[]): Set<number> {
  const all = new Set<number>()
  for (const set of sets) for (const id of set) all.add(id)
  return all
}
