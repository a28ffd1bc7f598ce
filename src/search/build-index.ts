import type { Article } from '../corpus/types.ts'
import { encodeAnnotations, type TaggedWord } from './annotations.ts'
import { findNearDuplicates } from './dedupe.ts'
import type { EnglishLexicon, LexiconEvidence } from './english/lexicon.ts'
import { foldWidthAndCase, normalizeWithOffsets } from './normalize.ts'
import { paragraphId } from './paragraph-db.ts'
import { createSegmentBuilder, type SegmentPostings } from './postings.ts'
import type { SearchTokenizer } from './tokenizer.ts'

/** Identifies the layout of the index artefact; bump when the bundle or the tokenization changes. */
export const INDEX_FORMAT = 'xiangwen-index/8'

/** The serialized index: everything a Searcher needs, in Node or in a Worker. */
export interface IndexBundle {
  format: typeof INDEX_FORMAT
  /** Content hash of the corpus and the dictionaries the index was built from. */
  version: string
  builtAt: string
  articles: Article[]
  /**
   * The BM25 postings in typed arrays, one segment per build or appended batch; their paragraphs are the
   * articles' paragraphs in `articles` order.
   */
  postings: SegmentPostings[]
  /**
   * Index words with jieba dictionary frequencies, for segmenting queries without jieba (built only when
   * asked for: the scripts comparing segmenters use it; the Worker ships its own segmentation model).
   */
  vocabulary?: Vocabulary
  /** Groups of interchangeable query terms (normalized). */
  synonyms: string[][]
  /**
   * Per article, per paragraph: its words and names (see annotations.ts), over the paragraph's normalized text;
   * absent when the index was built without a tagger.
   */
  annotations?: Record<string, string[]>
  /** Words that frame a question rather than name its topic (see readJiebaFrameWords), normalized. */
  frameWords?: string[]
  /** For each paragraph id that has any, the ids of the paragraphs it nearly repeats (found at build time). */
  nearDuplicates: Record<string, string[]>
  /** English words and names mapped to the corpus's Chinese words (CC-CEDICT slice), for English questions. */
  english?: EnglishLexicon
  /** What the English lexicon was built from (Node only: appending articles adds to it). */
  englishEvidence?: LexiconEvidence
  /** Each article's content hash (articleHash), to tell which articles a changed corpus added. */
  articleHashes?: Record<string, string>
  /** Hash of the dictionaries the index was built with (an appended segment must be cut alike). */
  dictionaryHash?: string
  /**
   * The paragraphs whose normalization is more than NFKC and lower case, by paragraph id, and how the searcher
   * folds them without the Traditional→Simplified converter: [position, UTF-16 code, …] of the characters it
   * changed in place; [] when the length changed (folded character by character, normalizeByCharacter); null
   * for the rare rest (the whole normalizer). Every other paragraph folds with NFKC and lower case alone.
   * Absent in an index built before it was recorded: every paragraph is then fully normalized.
   */
  patches?: Record<string, number[] | null>
  /** Set once segments were appended: ties then break in article-id order, as a full rebuild orders them. */
  appended?: boolean
}

/** Word frequencies for a DAG/max-probability segmenter, and the total they are divided by. */
export interface Vocabulary {
  total: number
  /** The smallest frequency in the whole dictionary (the weight of unknown characters). */
  minFrequency?: number
  words: Record<string, number>
}

export interface BuildOptions {
  tokenizer: SearchTokenizer
  version: string
  /** jieba's dictionary frequencies (main + user dictionary), to write the vocabulary. */
  frequencies?: ReadonlyMap<string, number>
  /** Frequency total of the dictionary (default: the sum of `frequencies`). */
  frequencyTotal?: number
  /** Words to keep in the vocabulary even when the corpus lacks them (stopwords, so queries drop them alike). */
  vocabularyExtra?: Iterable<string>
  /** Groups of interchangeable query terms. */
  synonyms?: string[][]
  /** Part-of-speech tagger (nodejieba's `tag`): word boundaries and names for spotlights and highlights. */
  tag?: (text: string) => TaggedWord[]
  /** Words that frame a question rather than name its topic. */
  frameWords?: Iterable<string>
  english?: EnglishLexicon
  /**
   * Called with each paragraph as the build normalized and tagged it (with a tagger only), after
   * `observeArticle` with its article, so that what else reads the corpus (the English lexicon) needs no
   * second pass of jieba.
   */
  observe?: (folded: string, tagged: readonly TaggedWord[]) => void
  observeArticle?: (article: Article) => void
  /** Find near-duplicate paragraphs (default true). */
  nearDuplicates?: boolean
  now?: () => Date
}

/** Indexes every paragraph of the articles and returns the serializable bundle. */
export async function buildIndex(articles: readonly Article[], options: BuildOptions): Promise<IndexBundle> {
  const { tokenizer } = options
  // Words the segmenter made up (jieba's HMM: names, new words) go into the vocabulary too.
  // Words the segmenter made up (jieba's HMM: names, new words) go into the vocabulary, when one is asked for.
  const indexWords = new Set<string>()
  const collectWords = options.frequencies !== undefined
  const tokensOf = (normalized: string, pieces: readonly string[]): string[] => {
    const tokens: string[] = []
    tokenizer.eachTerm(normalized, pieces, (token, kind) => {
      if (collectWords && kind === 'word' && token.length > 1) indexWords.add(token)
      tokens.push(token)
    })
    return tokens
  }
  const tokensOfText = (text: string): string[] =>
    tokenizer.analyze(text).map((term) => {
      if (collectWords && term.kind === 'word' && term.token.length > 1) indexWords.add(term.token)
      return term.token
    })
  const builder = createSegmentBuilder()
  const ids = new Set<string>()
  const annotations: Record<string, string[]> = {}
  const patches: Record<string, number[] | null> = {}
  for (const article of articles) {
    if (ids.has(article.id)) throw new Error(`index: duplicate article id "${article.id}"`)
    ids.add(article.id)
    const words: string[] = []
    // Paragraph by paragraph: nothing of one (its tags, its terms) outlives it but its annotation.
    builder.startArticle(tokensOfText(articleTitle(article)))
    options.observeArticle?.(article)
    article.paragraphs.forEach((paragraph, position) => {
      // One normalization and, with a tagger, one jieba pass per paragraph: its tags are its words too.
      const folded = tokenizer.normalize(paragraph)
      const plain = foldWidthAndCase(paragraph)
      if (folded.length !== paragraph.length || folded !== plain) {
        // Positions unchanged (the searcher's usual case): the changed characters are enough to fold it.
        patches[paragraphId(article.id, position)] =
          plain.length === paragraph.length && folded.length === paragraph.length
            ? patchOf(plain, folded)
            : folded.length !== paragraph.length
              ? []
              : null
      }
      if (options.tag) {
        const tagged = options.tag(folded)
        options.observe?.(folded, tagged)
        builder.addParagraph(
          tokensOf(
            folded,
            tagged.map((word) => word.word),
          ),
        )
        words.push(annotationOf(paragraph, folded, tagged, tokenizer, options.tag))
      } else builder.addParagraph(tokensOfText(paragraph))
    })
    if (options.tag) annotations[article.id] = words
  }
  return {
    format: INDEX_FORMAT,
    version: options.version,
    builtAt: (options.now?.() ?? new Date()).toISOString(),
    articles: [...articles],
    postings: [builder.finish()],
    ...(options.frequencies ? { vocabulary: collectVocabulary(articles, indexWords, options) } : {}),
    synonyms: (options.synonyms ?? []).map((group) => group.map((term) => tokenizer.normalize(term))),
    ...(options.tag ? { annotations } : {}),
    ...(options.frameWords
      ? { frameWords: [...options.frameWords].map((word) => tokenizer.normalize(word)) }
      : {}),
    nearDuplicates: options.nearDuplicates === false ? {} : nearDuplicatesOf(articles),
    ...(options.english ? { english: options.english } : {}),
    articleHashes: Object.fromEntries(articles.map((article) => [article.id, articleHash(article)])),
    patches,
  }
}

/** The characters where `to` differs from `from` (of the same length), as [position, code, …]. */
function patchOf(from: string, to: string): number[] {
  const patch: number[] = []
  for (let i = 0; i < to.length; i++)
    if (from.charCodeAt(i) !== to.charCodeAt(i)) patch.push(i, to.charCodeAt(i))
  return patch
}

/** The title a paragraph is indexed with: kicker, title and subtitle. */
export function articleTitle(article: Article): string {
  return [article.kicker, article.title, article.subtitle].filter(Boolean).join(' ')
}

/**
 * A paragraph's words and names, over its normalized text as the searcher folds it (normalizeWithOffsets:
 * the whole-text normalization unless a character changed length, then character by character).
 */
function annotationOf(
  paragraph: string,
  folded: string,
  tagged: TaggedWord[],
  tokenizer: SearchTokenizer,
  tag: (text: string) => TaggedWord[],
): string {
  const shown =
    folded.length === paragraph.length ? folded : normalizeWithOffsets(paragraph, tokenizer.normalize).text
  return encodeAnnotations(shown, shown === folded ? tagged : tag(shown))
}

/** The near-duplicate paragraphs of a corpus, by paragraph id (see findNearDuplicates). */
export function nearDuplicatesOf(articles: readonly Article[]): Record<string, string[]> {
  const ids: string[] = []
  const texts: string[] = []
  for (const article of articles) {
    article.paragraphs.forEach((text, paragraph) => {
      ids.push(paragraphId(article.id, paragraph))
      texts.push(text)
    })
  }
  const byId: Record<string, string[]> = {}
  for (const [position, others] of Object.entries(findNearDuplicates(texts))) {
    byId[ids[Number(position)] as string] = others.map((other) => ids[other] as string)
  }
  return byId
}

/** Longest dictionary word looked for in the corpus (longer jieba entries are rare idioms and names). */
const MAX_WORD_LENGTH = 10

/** Frequency given to index words missing from the dictionary (what jieba's HMM found), as for a rare word. */
const NEW_WORD_FREQUENCY = 10

/**
 * The dictionary words occurring anywhere in the corpus (plus `vocabularyExtra`, e.g. stopwords, and the index
 * words jieba made up), so that a segmenter over this vocabulary cuts corpus-like text as jieba does.
 */
function collectVocabulary(
  articles: readonly Article[],
  indexWords: ReadonlySet<string>,
  options: Pick<BuildOptions, 'tokenizer' | 'frequencies' | 'frequencyTotal' | 'vocabularyExtra'>,
): Vocabulary {
  const { frequencies, tokenizer } = options
  const words: Record<string, number> = {}
  if (!frequencies) return { total: 0, words }
  let total = options.frequencyTotal ?? 0
  let minFrequency = Number.POSITIVE_INFINITY
  for (const frequency of frequencies.values()) {
    if (options.frequencyTotal === undefined) total += frequency
    if (frequency > 0) minFrequency = Math.min(minFrequency, frequency)
  }
  const add = (word: string) => {
    const frequency = frequencies.get(word)
    if (frequency !== undefined) words[word] = frequency
  }
  for (const word of options.vocabularyExtra ?? []) add(word)
  for (const article of articles) {
    for (const text of [article.title, article.subtitle ?? '', article.kicker ?? '', ...article.paragraphs]) {
      const folded = tokenizer.normalize(text)
      for (let i = 0; i < folded.length; i++) {
        const last = Math.min(folded.length, i + MAX_WORD_LENGTH)
        for (let end = i + 1; end <= last; end++) add(folded.slice(i, end))
      }
    }
  }
  const rarest = Number.isFinite(minFrequency) ? minFrequency : 1
  for (const word of indexWords) if (!(word in words)) words[word] = NEW_WORD_FREQUENCY
  return { total, minFrequency: rarest, words }
}

/** The content hash of one article. */
export function articleHash(article: Article): string {
  return hashCorpus([article])
}

/** A content hash (hex) of the articles and of anything else that changes tokenization (dictionaries). */
export function hashCorpus(articles: readonly Article[], extra: readonly string[] = []): string {
  let a = 0x811c9dc5
  let b = 0x01000193
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      a = Math.imul(a ^ code, 0x01000193)
      b = Math.imul(b ^ code, 0x5bd1e995)
      b ^= b >>> 15
    }
  }
  feed(INDEX_FORMAT)
  for (const part of extra) feed(`\u0000${part}`)
  for (const article of articles) feed(`\u0001${JSON.stringify(article)}`)
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0')
}
