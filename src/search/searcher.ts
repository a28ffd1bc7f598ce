import { type Article, UNKNOWN_SOURCE } from '../corpus/types.ts'
import { type AnnotatedWord, decodeAnnotations } from './annotations.ts'
import { type AnswerType, detectAnswerType, splitQuestion } from './answer-type.ts'
import {
  type AnswerabilityWeights,
  defaultAnswerability,
  judgeAnswer,
  type Verdict,
} from './answerability.ts'
import { INDEX_FORMAT, type IndexBundle, nearDuplicatesOf } from './build-index.ts'
import { createDuplicateFilter } from './dedupe.ts'
import { createParagraphsOf } from './english/paragraphs-of.ts'
import { createTranslator } from './english/translate.ts'
import { coveredShare, type Evidence, restrictEvidence, weighEvidence } from './evidence.ts'
import { findHighlights } from './highlight.ts'
import {
  foldWidthAndCase,
  type NormalizedText,
  type Normalizer,
  normalizeByCharacter,
  normalizeWithOffsets,
} from './normalize.ts'
import { paragraphId } from './paragraph-db.ts'
import { type Bm25Params, createPostingsReader, type PostingsReader } from './postings.ts'
import { isForeignQuestion } from './question.ts'
import { chooseSpotlight, holdsAnswerType, type Spotlight } from './spotlight.ts'
import type { SearchTokenizer, Term } from './tokenizer.ts'
import type { Answer, AnswerOptions, CorpusStats, Passage, PassageContext, Searcher } from './types.ts'

/** Ranking knobs; the defaults are calibrated on the public question set and CMRC 2018. */
export interface RankingOptions {
  bm25: Bm25Params
  /** Weight of the title field relative to the paragraph text. */
  titleBoost: number
  /** How many BM25 hits are re-ranked and checked for near-duplicates beyond the requested page. */
  candidates: number
  /** How coverage, missing words and the answer type decide whether the best passage answers. */
  answerability: AnswerabilityWeights
  /** Re-ranking: score *= 1 + proximity * (weighted share of the question's character trigrams found verbatim). */
  proximity: number
}

/**
 * Normalizes an indexed paragraph as normalizeWithOffsets would, with what the build recorded (`patches`): a
 * plain paragraph (no Traditional character, no length change) folds with NFKC and lower case alone, a patched
 * one gets its few converted characters put back, at a thirtieth of the converter's cost, one whose length
 * changes is folded character by character; the rest, and every paragraph of an index that recorded nothing,
 * go through the whole normalizer.
 */
export function createParagraphFolder(
  bundle: Pick<IndexBundle, 'patches'>,
  normalize: Normalizer,
): (articleId: string, paragraph: number, text: string) => NormalizedText {
  const { patches } = bundle
  return (articleId, paragraph, text) => {
    if (patches === undefined) return normalizeWithOffsets(text, normalize)
    const patch = patches[paragraphId(articleId, paragraph)]
    if (patch === undefined) return { text: foldWidthAndCase(text) }
    if (patch === null) return normalizeWithOffsets(text, normalize)
    return patch.length === 0
      ? normalizeByCharacter(text, normalize)
      : { text: applyPatch(foldWidthAndCase(text), patch) }
  }
}

/** A text with the characters a patch (position, code, …) changes. */
function applyPatch(text: string, patch: readonly number[]): string {
  let out = ''
  let from = 0
  for (let i = 0; i + 1 < patch.length; i += 2) {
    const at = patch[i] as number
    out += text.slice(from, at) + String.fromCharCode(patch[i + 1] as number)
    from = at + 1
  }
  return out + text.slice(from)
}

/** Normalized paragraphs kept between questions (the cache starts over when full: a large corpus must not fill memory). */
const FOLDED_KEPT = 4096

export const defaultRanking: RankingOptions = {
  bm25: { k: 1.2, b: 0.5 },
  titleBoost: 0.5,
  candidates: 20,
  answerability: defaultAnswerability,
  proximity: 0.5,
}

interface Candidate {
  articleId: string
  paragraph: number
  text: string
  score: number
  /** The paragraph id (`article#paragraph`). */
  id: string
  /** The paragraph's number in the index. */
  ordinal: number
  /** Computed for the passages shown (and the best one, to decide `found`). */
  coverage?: number
  spotlight?: Spotlight
  /** The paragraph's words and names, decoded once for the spotlight, the verdict and the highlights. */
  words?: AnnotatedWord[]
}

/** Creates a Searcher over a built index bundle; `tokenizer` must tokenize as the one the index was built with. */
export function createSearcher(
  bundle: IndexBundle,
  tokenizer: SearchTokenizer,
  ranking: Partial<RankingOptions> = {},
): Searcher {
  if (bundle?.format !== INDEX_FORMAT) {
    throw new Error(`index: unsupported format "${String(bundle?.format)}" (expected "${INDEX_FORMAT}")`)
  }
  checkBundleContent(bundle)
  const options = {
    ...defaultRanking,
    ...ranking,
    answerability: { ...defaultAnswerability, ...ranking.answerability },
  }
  const postings = createPostingsReader(bundle.postings)
  const articles = new Map<string, Article>(bundle.articles.map((article) => [article.id, article]))
  const stats = computeStats(bundle)
  if (postings.paragraphs !== stats.paragraphs) {
    throw new Error(`index: ${postings.paragraphs} paragraphs indexed, ${stats.paragraphs} in its articles`)
  }
  const docsCount = Math.max(1, stats.paragraphs)
  const { firstParagraph, position } = paragraphOrder(bundle)
  const nearDuplicates = new Map(Object.entries(bundle.nearDuplicates ?? nearDuplicatesOf(bundle.articles)))
  const synonyms = bundle.synonyms ?? []
  const annotations = bundle.annotations ?? {}
  const frameWords = new Set(bundle.frameWords ?? [])
  const words = (articleId: string, paragraph: number): AnnotatedWord[] => {
    const encoded = annotations[articleId]?.[paragraph]
    return encoded ? decodeAnnotations(encoded) : []
  }
  const documentFrequency = (token: string) => postings.documentFrequency(token)
  // Issue 12: English (and mixed) questions are searched as the Chinese terms they map to.
  const translate = bundle.english
    ? createTranslator(bundle.english, { paragraphsOf: createParagraphsOf(postings), docsCount })
    : undefined
  // Normalized paragraphs for highlighting, filled as passages are first shown.
  const folded = new Map<string, NormalizedText>()
  const foldParagraph = createParagraphFolder(bundle, tokenizer.normalize)
  const fold = (candidate: { articleId: string; paragraph: number; text: string }): NormalizedText => {
    let entry = folded.get(candidate.text)
    if (!entry) {
      entry = foldParagraph(candidate.articleId, candidate.paragraph, candidate.text)
      if (folded.size >= FOLDED_KEPT) folded.clear()
      folded.set(candidate.text, entry)
    }
    return entry
  }

  async function answer(asked: string, { limit = 5, offset = 0 }: AnswerOptions = {}): Promise<Answer> {
    const foreign = isForeignQuestion(asked)
    const translation = translate?.(asked)
    const question = translation?.query ?? asked
    const english = translation ? { translation: { terms: translation.terms } } : {}
    const normalizedQuestion = tokenizer.normalize(question)
    // The question as asked says what it asks for (how many, 多少家), also when it was translated.
    const answerType = detectAnswerType(translation ? tokenizer.normalize(asked) : normalizedQuestion)
    const asksFigure = answerType.kind === 'figure'
    const expansions = expandSynonyms(normalizedQuestion, synonyms)
    const questionTerms = tokenizer.analyze(question)
    const terms = [
      ...questionTerms,
      ...expansions.flatMap(({ text, start, end }) =>
        tokenizer.analyze(text).map((term) => ({ ...term, start, end, synonym: true })),
      ),
    ]
    if (terms.length === 0)
      return { found: false, results: [], total: 0, foreign, asksFigure, asks: answerType.kind, ...english }

    // The question and its synonyms, tokenized together; synonyms join as separate words.
    const searched = expansions.length
      ? [question, ...expansions.map((expansion) => expansion.text)].join(' ')
      : question
    const hits = rankParagraphs(
      postings,
      [...new Set(tokenizer.tokenize(searched))],
      options,
      position,
      offset + limit + options.candidates,
    )
    const evidence = weighEvidence(terms, documentFrequency, docsCount)
    const parts = splitQuestion(normalizedQuestion).map((range) => ({
      evidence: restrictEvidence(evidence, range),
      answerType: detectAnswerType(normalizedQuestion.slice(range.start, range.end)),
    }))
    const candidates: Candidate[] = []
    for (const hit of hits.top) {
      const article = bundle.articles[postings.articleOf[hit.ordinal] as number] as Article
      const paragraph = hit.ordinal - (firstParagraph[postings.articleOf[hit.ordinal] as number] as number)
      const text = article.paragraphs[paragraph]
      if (text === undefined) continue
      candidates.push({
        articleId: article.id,
        paragraph,
        text,
        score: hit.score,
        id: paragraphId(article.id, paragraph),
        ordinal: hit.ordinal,
      })
    }
    const trigrams = options.proximity > 0 ? queryTrigrams(questionTerms, normalizedQuestion, evidence) : []
    if (trigrams.length > 0) {
      for (const candidate of candidates) {
        candidate.score *= 1 + options.proximity * trigramShare(fold(candidate).text, trigrams)
      }
    }
    candidates.sort((a, b) => b.score - a.score)

    const { top, page, duplicates } = takePage(
      candidates,
      offset,
      limit,
      createDuplicateFilter(nearDuplicates),
    )
    for (const candidate of top ? [top, ...page] : page) {
      candidate.coverage ??= coverage(candidate.ordinal, evidence)
      candidate.words ??= words(candidate.articleId, candidate.paragraph)
      candidate.spotlight ??= chooseSpotlight(
        fold(candidate).text,
        evidence,
        answerType,
        candidate.words,
        parts,
      )
    }
    const verdict = top
      ? judge(top, evidence, normalizedQuestion, answerType, translation !== undefined)
      : undefined
    const found = verdict?.answered ?? false
    // A lone CJK character (个, 家) says little on its own; highlight words, bigrams, numbers and Latin words.
    const highlightTerms = [
      ...new Set(
        terms.filter((term) => term.kind !== 'word' || term.token.length > 1).map((term) => term.token),
      ),
    ]
    const results = page.map((candidate) => toPassage(candidate, highlightTerms))
    return {
      found,
      results,
      total: hits.total - duplicates,
      foreign,
      asksFigure,
      asks: answerType.kind,
      ...english,
      ...(verdict && !verdict.answered ? { reason: verdict.reason } : {}),
      ...(verdict && top
        ? {
            judgement: {
              score: verdict.score,
              coverage: verdict.coverage,
              missing: verdict.missing,
              ...(verdict.missingTerm ? { missingTerm: verdict.missingTerm } : {}),
              typed: top.spotlight?.typed ?? false,
              passageTyped: verdict.passageTyped,
            },
          }
        : {}),
    }
  }

  /** Whether the best passage answers: its evidence, the question's rare words in it, the answer type in its spotlight. */
  function judge(
    top: Candidate,
    evidence: Evidence,
    normalizedQuestion: string,
    answerType: AnswerType,
    translated: boolean,
  ): Verdict {
    const article = articles.get(top.articleId) as Article
    const held = fold(top).text
    const title = tokenizer.normalize(
      [article.kicker, article.title, article.subtitle].filter(Boolean).join(' '),
    )
    return judgeAnswer(
      {
        evidence,
        question: normalizedQuestion,
        frameWords,
        text: held,
        title,
        coverage: top.coverage ?? 0,
        spotlight: top.spotlight as Spotlight,
        passageTyped: holdsAnswerType(held, { start: 0, end: held.length }, answerType, top.words ?? []),
        asks: answerType.kind,
      },
      // A translated question's terms are candidate senses of its English words: a sense the passage lacks
      // says little (another sense may be the one it uses), so only coverage and the answer type decide.
      translated ? { ...options.answerability, missing: 0 } : options.answerability,
    )
  }

  function toPassage(candidate: Candidate, terms: string[]): Passage {
    const article = articles.get(candidate.articleId) as Article
    return {
      text: candidate.text,
      title: article.title,
      ...(article.subtitle ? { subtitle: article.subtitle } : {}),
      source: article.source,
      ...(article.date ? { date: article.date } : {}),
      authors: article.authors,
      ...(article.url ? { url: article.url } : {}),
      articleId: article.id,
      paragraph: candidate.paragraph,
      score: candidate.score,
      coverage: candidate.coverage,
      ...placeSpotlight(candidate, terms),
    }
  }

  /** The spotlight and the highlights of a passage, as ranges of its original text. */
  function placeSpotlight(candidate: Candidate, terms: string[]): Pick<Passage, 'spotlight' | 'highlights'> {
    const folded = fold(candidate)
    const spotlight = candidate.spotlight as Spotlight
    const toOriginal = (position: number) =>
      folded.offsets ? (folded.offsets[position] ?? candidate.text.length) : position
    return {
      spotlight: spotlight.ranges.map((range) => ({
        start: toOriginal(range.start),
        end: toOriginal(range.end),
      })),
      highlights: findHighlights(candidate.text, folded, {
        terms,
        figures: spotlight.figures,
        words: candidate.words ?? [],
      }),
    }
  }

  /** The weighted share of the question's positions covered by terms found in a paragraph or its title. */
  function coverage(ordinal: number, evidence: Evidence): number {
    return coveredShare(evidence, (token) => postings.holds(ordinal, token))
  }

  function context(articleId: string, paragraph: number, radius = 1): PassageContext | undefined {
    const article = articles.get(articleId)
    return article ? contextOf(article, paragraph, radius) : undefined
  }

  return {
    answer,
    context,
    article: (id) => articles.get(id),
    listArticles: () => [...articles.values()],
    stats: () => stats,
  }
}

/** The window of paragraphs around one of an article's paragraphs (undefined for a paragraph it lacks). */
export function contextOf(article: Article, paragraph: number, radius = 1): PassageContext | undefined {
  if (!Number.isInteger(paragraph) || paragraph < 0 || paragraph >= article.paragraphs.length)
    return undefined
  const reach = Math.max(0, Math.floor(radius))
  const last = article.paragraphs.length - 1
  // At either end of the article the window slides inward: the first paragraph gets two neighbours after it.
  const from = Math.max(0, Math.min(paragraph - reach, last - 2 * reach))
  return { article, paragraph, from, to: Math.min(last, from + 2 * reach) }
}

interface Hit {
  ordinal: number
  score: number
}

/**
 * The best `count` paragraphs by BM25 (text plus boosted title), ties in corpus order, and how many scored
 * at all. Only the best are sorted: a common word can score most of a large corpus.
 */
function rankParagraphs(
  postings: PostingsReader,
  tokens: readonly string[],
  options: RankingOptions,
  position: Uint32Array,
  count: number,
): { top: Hit[]; total: number } {
  const { scores, hits } = postings.score(tokens, options.bm25, options.titleBoost)
  const before = (a: number, b: number) =>
    (scores[a] as number) > (scores[b] as number) ||
    (scores[a] === scores[b] && (position[a] as number) < (position[b] as number))
  const best: number[] = []
  for (const ordinal of hits) {
    if (best.length === count && !before(ordinal, best[count - 1] as number)) continue
    let at = best.length === count ? count - 1 : best.length
    while (at > 0 && before(ordinal, best[at - 1] as number)) {
      best[at] = best[at - 1] as number
      at--
    }
    best[at] = ordinal
    if (best.length > count) best.length = count
  }
  return { top: best.map((ordinal) => ({ ordinal, score: scores[ordinal] as number })), total: hits.length }
}

/**
 * Each article's first paragraph number, and each paragraph's place in corpus order (which breaks ties).
 * An index that had segments appended is ordered by article id, as `loadArticles` orders the corpus for a
 * full rebuild; one built whole keeps the order it was built in.
 */
function paragraphOrder(bundle: IndexBundle): { firstParagraph: Uint32Array; position: Uint32Array } {
  const firstParagraph = new Uint32Array(bundle.articles.length)
  let paragraphs = 0
  bundle.articles.forEach((article, a) => {
    firstParagraph[a] = paragraphs
    paragraphs += article.paragraphs.length
  })
  const position = new Uint32Array(paragraphs)
  const order = bundle.articles.map((_, a) => a)
  if (bundle.appended) {
    order.sort((a, b) => {
      const [x, y] = [(bundle.articles[a] as Article).id, (bundle.articles[b] as Article).id]
      return x < y ? -1 : x > y ? 1 : 0
    })
  }
  let next = 0
  for (const a of order) {
    const first = firstParagraph[a] as number
    const count = (bundle.articles[a] as Article).paragraphs.length
    for (let p = 0; p < count; p++) position[first + p] = next++
  }
  return { firstParagraph, position }
}

/** Rejects a bundle whose content the searcher would stumble on at query time (a hand-edited or truncated file). */
function checkBundleContent(bundle: IndexBundle): void {
  const articles: unknown = bundle.articles
  if (!Array.isArray(articles) || articles.length === 0) throw new Error('index: it holds no articles')
  for (const article of articles as Partial<Article>[]) {
    if (typeof article?.id !== 'string' || !Array.isArray(article.paragraphs)) {
      throw new Error('index: an article has no id or no paragraphs')
    }
  }
  const synonyms: unknown = bundle.synonyms ?? []
  const isGroup = (group: unknown) => Array.isArray(group) && group.every((term) => typeof term === 'string')
  if (!Array.isArray(synonyms) || !synonyms.every(isGroup)) {
    throw new Error('index: synonyms must be a list of groups of terms')
  }
}

/** The best passage and the requested page of the ranking, near-duplicates of higher passages left out. */
function takePage(
  ranked: readonly Candidate[],
  offset: number,
  limit: number,
  isDuplicate: (id: string) => boolean,
): { top?: Candidate; page: Candidate[]; duplicates: number } {
  const page: Candidate[] = []
  let top: Candidate | undefined
  let duplicates = 0
  let skip = offset
  for (const candidate of ranked) {
    if (page.length >= limit) break
    if (isDuplicate(candidate.id)) {
      duplicates++
      continue
    }
    top ??= candidate
    if (skip > 0) skip--
    else page.push(candidate)
  }
  return { ...(top ? { top } : {}), page, duplicates }
}

interface Expansion {
  text: string
  start: number
  end: number
}

/** The synonyms of every group member found in the question, placed where that member stands. */
function expandSynonyms(normalized: string, groups: readonly string[][]): Expansion[] {
  const expansions: Expansion[] = []
  for (const group of groups) {
    for (const member of group) {
      const start = normalized.indexOf(member)
      if (start < 0) continue
      for (const other of group) {
        if (other !== member && !normalized.includes(other)) {
          expansions.push({ text: other, start, end: start + member.length })
        }
      }
      break
    }
  }
  return expansions
}

interface Trigram {
  text: string
  weight: number
}

/** Character trigrams spanned by two adjacent query bigrams, weighted by the rarer of the two. */
function queryTrigrams(terms: readonly Term[], normalized: string, evidence: Evidence): Trigram[] {
  const bigramStarts = new Set(terms.filter((term) => term.kind === 'bigram').map((term) => term.start))
  const trigrams: Trigram[] = []
  for (const start of bigramStarts) {
    if (!bigramStarts.has(start + 1)) continue
    const weight = Math.max(evidence.positions[start] ?? 0, evidence.positions[start + 2] ?? 0)
    trigrams.push({ text: normalized.slice(start, start + 3), weight })
  }
  return trigrams
}

function trigramShare(text: string, trigrams: readonly Trigram[]): number {
  let held = 0
  let all = 0
  for (const trigram of trigrams) {
    all += trigram.weight
    if (text.includes(trigram.text)) held += trigram.weight
  }
  return all > 0 ? held / all : 0
}

function computeStats(bundle: IndexBundle): CorpusStats {
  const dates = bundle.articles.flatMap((article) => (article.date ? [article.date] : [])).sort()
  return {
    articles: bundle.articles.length,
    paragraphs: bundle.articles.reduce((sum, article) => sum + article.paragraphs.length, 0),
    version: bundle.version,
    dates: { ...(dates[0] ? { from: dates[0] } : {}), ...(dates.at(-1) ? { to: dates.at(-1) } : {}) },
    // The placeholder for an unprinted source is no publication to name in the help texts.
    sources: [...new Set(bundle.articles.map((article) => article.source))]
      .filter((source) => source !== UNKNOWN_SOURCE)
      .sort(),
  }
}
