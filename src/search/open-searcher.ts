import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { loadArticles } from '../corpus/load-corpus.ts'
import type { Article } from '../corpus/types.ts'
import { buildIndex, hashCorpus, INDEX_FORMAT, type IndexBundle } from './build-index.ts'
import { buildEnglishLexicon } from './english/build-lexicon.ts'
import { ENGLISH_LEXICON_FORMAT } from './english/lexicon.ts'
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
  /** The index artefact (default build/index.json). */
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

/** Builds the index bundle of some articles with the Node tokenizer. */
export async function buildBundle(articles: readonly Article[], node: NodeTokenizer): Promise<IndexBundle> {
  return buildIndex(articles, {
    tokenizer: node.tokenizer,
    version: hashCorpus(articles, node.dictionaries),
    frequencies: readJiebaFrequencies(node.userDictPath),
    vocabularyExtra: [...node.stopwords, ...node.userWords],
    synonyms: node.synonyms,
    tag: createJiebaTagger({ userDictPath: node.userDictPath }),
    frameWords: readJiebaFrameWords(node.frameWords),
    english: buildEnglishLexicon({
      articles,
      normalize: node.tokenizer.normalize,
      names: node.userWords,
      glossary: node.englishGlossary,
    }),
  })
}

/** Loads the corpus, builds the index and writes it atomically (temp file + rename); returns the bundle. */
export async function writeIndex(paths: SearchPaths = {}, node?: NodeTokenizer): Promise<IndexBundle> {
  const tokenizer = node ?? (await createNodeTokenizer(paths.dictDir))
  const bundle = await buildBundle(await loadArticles(paths.corpusDir), tokenizer)
  await writeBundle(paths.indexPath ?? 'build/index.json', bundle)
  return bundle
}

/**
 * Opens the searcher the service uses: loads build/index.json, rebuilds it when it is missing or was built
 * from another corpus, and refuses a corrupt file (run `npm run build:index` to replace it).
 */
export async function openSearcher(options: OpenOptions = {}): Promise<Searcher> {
  const indexPath = options.indexPath ?? 'build/index.json'
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
    options.onRebuild?.(bundle ? `${indexPath} was built from another corpus` : `${indexPath} is missing`)
    bundle = await buildBundle(articles, node)
    await writeBundle(indexPath, bundle)
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

/**
 * The index file ends with a SHA-256 of everything before it: `{...bundle,"contentHash":"<hex>"}` where the
 * hash is of the bundle's JSON. Any edit of the file (a figure changed by hand) no longer matches.
 */
const CONTENT_HASH_TAIL = /,"contentHash":"([0-9a-f]{64})"\}\s*$/

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** Reads an index file; undefined when it does not exist, an error saying what to do when it is corrupt. */
export async function readBundle(indexPath: string): Promise<IndexBundle | undefined> {
  let text: string
  try {
    text = await readFile(indexPath, 'utf8')
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new Error(`cannot read the index ${indexPath}`, { cause })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw corruptIndex(indexPath, cause)
  }
  if (!isBundleShaped(value)) throw corruptIndex(indexPath, new Error('not an index bundle'))
  // Another format is rebuilt, not judged.
  if (value.format !== INDEX_FORMAT) return value
  const tail = CONTENT_HASH_TAIL.exec(text)
  if (!tail) throw corruptIndex(indexPath, new Error('it has no content hash'))
  if (sha256(`${text.slice(0, tail.index)}}`) !== tail[1]) {
    throw corruptIndex(indexPath, new Error('its content does not match its hash: it was edited or damaged'))
  }
  const { contentHash: _, ...bundle } = value as IndexBundle & { contentHash?: string }
  return bundle
}

/** Writes a bundle atomically: to a temporary file next to it, then renamed over it. */
export async function writeBundle(indexPath: string, bundle: IndexBundle): Promise<void> {
  const temporary = `${indexPath}.${process.pid}.${Date.now()}.tmp`
  try {
    await mkdir(dirname(indexPath), { recursive: true })
    const json = JSON.stringify(bundle)
    await writeFile(temporary, `${json.slice(0, -1)},"contentHash":"${sha256(json)}"}`)
    await rename(temporary, indexPath)
  } catch (cause) {
    await rm(temporary, { force: true })
    throw new Error(`cannot write the index ${indexPath}: ${(cause as Error).message}`, { cause })
  }
}

function isBundleShaped(value: unknown): value is IndexBundle {
  if (typeof value !== 'object' || value === null) return false
  const bundle = value as Partial<IndexBundle>
  return (
    typeof bundle.format === 'string' &&
    typeof bundle.version === 'string' &&
    Array.isArray(bundle.articles) &&
    typeof bundle.orama === 'object' &&
    bundle.orama !== null
  )
}

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
