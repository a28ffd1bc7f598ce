import { load, search } from '@orama/orama'
import { type Article, UNKNOWN_SOURCE } from '../corpus/types.ts'
import { type AnnotatedWord, decodeAnnotations } from './annotations.ts'
import { type AnswerType, detectAnswerType, splitQuestion } from './answer-type.ts'
import {
  type AnswerabilityWeights,
  defaultAnswerability,
  judgeAnswer,
  type Verdict,
} from './answerability.ts'
import type { Bm25Params } from './bm25-index.ts'
import { INDEX_FORMAT, type IndexBundle, nearDuplicatesOf } from './build-index.ts'
import { createDuplicateFilter } from './dedupe.ts'
import { createParagraphsOf } from './english/paragraphs-of.ts'
import { createTranslator } from './english/translate.ts'
import { coveredShare, type Evidence, restrictEvidence, weighEvidence } from './evidence.ts'
import { findHighlights } from './highlight.ts'
import { type NormalizedText, normalizeWithOffsets } from './normalize.ts'
import { createParagraphDb, parseParagraphId } from './paragraph-db.ts'
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
  /** The Orama document id. */
  id: string
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
  const db = createParagraphDb(tokenizer)
  load(db, bundle.orama)
  const articles = new Map<string, Article>(bundle.articles.map((article) => [article.id, article]))
  const stats = computeStats(bundle)
  const docsCount = Math.max(1, stats.paragraphs)
  const nearDuplicates = new Map(Object.entries(bundle.nearDuplicates ?? nearDuplicatesOf(bundle.articles)))
  const synonyms = bundle.synonyms ?? []
  const annotations = bundle.annotations ?? {}
  const frameWords = new Set(bundle.frameWords ?? [])
  const words = (articleId: string, paragraph: number): AnnotatedWord[] => {
    const encoded = annotations[articleId]?.[paragraph]
    return encoded ? decodeAnnotations(encoded) : []
  }
  const index = db.data.index
  const occurrences = index.tokenOccurrences.text ?? {}
  // Own keys only: a question may hold "constructor" or "__proto__".
  const documentFrequency = (token: string) =>
    Object.hasOwn(occurrences, token) ? (occurrences[token] ?? 0) : 0
  // Issue 12: English (and mixed) questions are searched as the Chinese terms they map to.
  const translate = bundle.english
    ? createTranslator(bundle.english, { paragraphsOf: createParagraphsOf(db), docsCount })
    : undefined
  // Normalized paragraphs for highlighting, filled as passages are first shown.
  const folded = new Map<string, NormalizedText>()
  const fold = (text: string): NormalizedText => {
    let entry = folded.get(text)
    if (!entry) {
      entry = normalizeWithOffsets(text, tokenizer.normalize)
      folded.set(text, entry)
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

    // Orama tokenizes `term` with the same tokenizer; synonyms join as separate words.
    const hits = await search(db, {
      term: expansions.length
        ? [question, ...expansions.map((expansion) => expansion.text)].join(' ')
        : question,
      properties: ['text', 'title'],
      boost: { title: options.titleBoost },
      relevance: { ...options.bm25, d: 0 },
      limit: offset + limit + options.candidates,
    })
    const evidence = weighEvidence(terms, documentFrequency, docsCount)
    const parts = splitQuestion(normalizedQuestion).map((range) => ({
      evidence: restrictEvidence(evidence, range),
      answerType: detectAnswerType(normalizedQuestion.slice(range.start, range.end)),
    }))
    const candidates: Candidate[] = []
    for (const hit of hits.hits) {
      const { articleId, paragraph } = parseParagraphId(hit.id)
      const text = articles.get(articleId)?.paragraphs[paragraph]
      if (text === undefined) continue
      candidates.push({
        articleId,
        paragraph,
        text,
        score: hit.score,
        id: hit.id,
      })
    }
    const trigrams = options.proximity > 0 ? queryTrigrams(questionTerms, normalizedQuestion, evidence) : []
    if (trigrams.length > 0) {
      for (const candidate of candidates) {
        candidate.score *= 1 + options.proximity * trigramShare(fold(candidate.text).text, trigrams)
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
      candidate.coverage ??= coverage(candidate.id, evidence)
      candidate.words ??= words(candidate.articleId, candidate.paragraph)
      candidate.spotlight ??= chooseSpotlight(
        fold(candidate.text).text,
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
      total: hits.count - duplicates,
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
    const held = fold(top.text).text
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
    const folded = fold(candidate.text)
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
  function coverage(id: string, evidence: Evidence): number {
    const internalId = index.sharedInternalDocumentStore.idToInternalId.get(id)
    if (internalId === undefined) return 0
    const text = index.frequencies.text?.[internalId] ?? {}
    const title = index.frequencies.title?.[internalId] ?? {}
    return coveredShare(evidence, (token) => Object.hasOwn(text, token) || Object.hasOwn(title, token))
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
