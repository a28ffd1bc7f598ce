/**
 * The index on disk: a directory holding `manifest.json` and one file per segment (segment-file.ts).
 * The manifest names each segment with its SHA-256 and ends with the SHA-256 of its own text, so any edit
 * of any file (a figure changed by hand) is refused. A full build writes every segment anew; appending a
 * day's pages writes one new segment and a new manifest. Every write goes to new files first and the
 * manifest is renamed into place last, so a reader sees the old index or the new one, never a mix.
 */

import { createHash } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Article } from '../corpus/types.ts'
import { INDEX_FORMAT, type IndexBundle } from './build-index.ts'
import type { SegmentPostings } from './postings.ts'
import { decodeSegment, encodeSegment, type SegmentContent } from './segment-file.ts'

const MANIFEST = 'manifest.json'

interface SegmentEntry {
  file: string
  sha256: string
  articles: number
  paragraphs: number
}

/** The manifest: the bundle without its articles and postings, plus the segments that hold them. */
type Manifest = Omit<IndexBundle, 'articles' | 'postings' | 'annotations' | 'nearDuplicates'> & {
  segments: SegmentEntry[]
}

const CONTENT_HASH_TAIL = /,"contentHash":"([0-9a-f]{64})"\}\s*$/

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/** An index that exists but cannot be used; the message says why. */
export class CorruptIndexError extends Error {
  override name = 'CorruptIndexError'
}

/**
 * Reads an index; undefined when there is none, a bundle of another format as found (to be rebuilt), and
 * CorruptIndexError when it is damaged.
 */
export async function readBundle(indexPath: string): Promise<IndexBundle | undefined> {
  let isDirectory: boolean
  try {
    isDirectory = (await stat(indexPath)).isDirectory()
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new Error(`cannot read the index ${indexPath}`, { cause })
  }
  if (!isDirectory) return readOlderFile(indexPath)
  let text: string
  try {
    text = await readFile(join(indexPath, MANIFEST), 'utf8')
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CorruptIndexError(`it has no ${MANIFEST}`)
    throw new Error(`cannot read the index ${indexPath}`, { cause })
  }
  let manifest: Manifest
  try {
    manifest = JSON.parse(text) as Manifest
  } catch {
    throw new CorruptIndexError(`${MANIFEST} is not JSON`)
  }
  if (
    typeof manifest !== 'object' ||
    manifest === null ||
    typeof manifest.format !== 'string' ||
    !manifest.format.startsWith('xiangwen-index/')
  ) {
    throw new CorruptIndexError(`${MANIFEST} is not an index manifest`)
  }
  // Another format is rebuilt, not judged.
  if (manifest.format !== INDEX_FORMAT) return manifest as unknown as IndexBundle
  const tail = CONTENT_HASH_TAIL.exec(text)
  if (!tail) throw new CorruptIndexError('it has no content hash')
  if (sha256(`${text.slice(0, tail.index)}}`) !== tail[1]) {
    throw new CorruptIndexError('its content does not match its hash: it was edited or damaged')
  }
  if (!Array.isArray(manifest.segments) || manifest.segments.length === 0) {
    throw new CorruptIndexError('it lists no segments')
  }
  const contents: SegmentContent[] = []
  for (const entry of manifest.segments) {
    let bytes: Buffer
    try {
      bytes = await readFile(join(indexPath, entry.file))
    } catch {
      throw new CorruptIndexError(`segment ${entry.file} is missing`)
    }
    if (sha256(bytes) !== entry.sha256) {
      throw new CorruptIndexError(`segment ${entry.file} does not match its hash: it was edited or damaged`)
    }
    try {
      contents.push(decodeSegment(bytes))
    } catch (cause) {
      throw new CorruptIndexError(`segment ${entry.file}: ${(cause as Error).message}`)
    }
  }
  const { segments: _, contentHash: __, ...rest } = manifest as Manifest & { contentHash?: string }
  return joinSegments(rest, contents)
}

/** A bundle from its manifest fields and its segments' contents, in order. */
function joinSegments(rest: Omit<Manifest, 'segments'>, contents: readonly SegmentContent[]): IndexBundle {
  const articles: Article[] = []
  const annotations: Record<string, string[]> = {}
  const nearDuplicates: Record<string, string[]> = {}
  let annotated = false
  for (const content of contents) {
    for (const article of content.articles) articles.push(article)
    if (content.annotations) {
      annotated = true
      Object.assign(annotations, content.annotations)
    }
    addLinks(nearDuplicates, content.nearDuplicates)
  }
  return {
    ...rest,
    articles,
    postings: contents.map((content) => content.postings),
    ...(annotated ? { annotations } : {}),
    nearDuplicates,
  } as IndexBundle
}

/** Adds near-duplicate links to a table of them (each list without repeats). */
export function addLinks(
  table: Record<string, string[]>,
  links: Readonly<Record<string, readonly string[]>>,
): void {
  for (const [id, others] of Object.entries(links)) {
    const list = table[id]
    if (!list) table[id] = [...others]
    else for (const other of others) if (!list.includes(other)) list.push(other)
  }
}

/** An index file of the single-file formats before segments: rebuilt when recognizable, else corrupt. */
async function readOlderFile(indexPath: string): Promise<IndexBundle> {
  let value: unknown
  try {
    value = JSON.parse(await readFile(indexPath, 'utf8'))
  } catch {
    throw new CorruptIndexError('it is neither an index directory nor an index file of an earlier version')
  }
  const format = (value as { format?: unknown } | null)?.format
  if (typeof format !== 'string' || !format.startsWith('xiangwen-index/') || format === INDEX_FORMAT) {
    throw new CorruptIndexError('it is neither an index directory nor an index file of an earlier version')
  }
  return value as IndexBundle
}

/** The segments of a bundle with their articles (a segment's articles follow the previous segment's). */
function splitSegments(bundle: IndexBundle): SegmentContent[] {
  const contents: SegmentContent[] = []
  let first = 0
  bundle.postings.forEach((postings: SegmentPostings, s) => {
    const count = postings.articleStarts.length - 1
    const articles = bundle.articles.slice(first, first + count)
    first += count
    contents.push({
      articles,
      ...(bundle.annotations ? { annotations: pick(bundle.annotations, articles) } : {}),
      // Full writes keep every link in the first segment.
      nearDuplicates: s === 0 ? bundle.nearDuplicates : {},
      postings,
    })
  })
  if (first !== bundle.articles.length) throw new Error('index: the segments do not hold every article')
  return contents
}

function pick(annotations: Record<string, string[]>, articles: readonly Article[]): Record<string, string[]> {
  const picked: Record<string, string[]> = {}
  for (const article of articles) {
    const words = annotations[article.id]
    if (words) picked[article.id] = words
  }
  return picked
}

/** Writes a whole bundle as a new index (every segment anew), replacing what was at `indexPath`. */
export async function writeBundle(indexPath: string, bundle: IndexBundle): Promise<void> {
  try {
    await prepareDirectory(indexPath)
    const entries: SegmentEntry[] = []
    for (const content of splitSegments(bundle)) entries.push(await writeSegment(indexPath, content))
    await writeManifest(indexPath, bundle, entries)
  } catch (cause) {
    throw new Error(`cannot write the index ${indexPath}: ${(cause as Error).message}`, { cause })
  }
}

/**
 * Adds segments to the index at `indexPath` (whose manifest lists `kept` of the bundle's segments), writing
 * only the new segments' files; `bundle` is the whole index after the change.
 */
export async function writeAppended(
  indexPath: string,
  bundle: IndexBundle,
  kept: readonly SegmentEntry[],
  added: readonly SegmentContent[],
): Promise<SegmentEntry[]> {
  const entries = [...kept]
  for (const content of added) entries.push(await writeSegment(indexPath, content))
  await writeManifest(indexPath, bundle, entries)
  return entries
}

/** The segments the manifest at `indexPath` lists (to append to it). */
export async function listSegments(indexPath: string): Promise<SegmentEntry[]> {
  const manifest = JSON.parse(await readFile(join(indexPath, MANIFEST), 'utf8')) as Manifest
  return manifest.segments
}

export type { SegmentEntry }

async function prepareDirectory(indexPath: string): Promise<void> {
  const existing = await stat(indexPath).catch(() => undefined)
  // An index file of an earlier version gives way to the directory.
  if (existing && !existing.isDirectory()) await rm(indexPath)
  await mkdir(indexPath, { recursive: true })
}

let written = 0

async function writeSegment(indexPath: string, content: SegmentContent): Promise<SegmentEntry> {
  const file = `segment-${Date.now().toString(36)}-${process.pid}-${written++}.bin`
  const hash = createHash('sha256')
  const temporary = join(indexPath, `${file}.tmp`)
  const handle = await open(temporary, 'w')
  try {
    for (const chunk of encodeSegment(content)) {
      hash.update(chunk)
      await handle.write(chunk)
    }
  } finally {
    await handle.close()
  }
  await rename(temporary, join(indexPath, file))
  return {
    file,
    sha256: hash.digest('hex'),
    articles: content.articles.length,
    paragraphs: content.articles.reduce((sum, article) => sum + article.paragraphs.length, 0),
  }
}

async function writeManifest(indexPath: string, bundle: IndexBundle, segments: readonly SegmentEntry[]) {
  const { articles: _, postings: __, annotations: ___, nearDuplicates: ____, ...rest } = bundle
  const json = JSON.stringify({ ...rest, segments: [...segments] } satisfies Manifest)
  const temporary = join(indexPath, `${MANIFEST}.${process.pid}.${Date.now()}.tmp`)
  const handle = await open(temporary, 'w')
  try {
    await handle.write(`${json.slice(0, -1)},"contentHash":"${sha256(json)}"}`)
  } finally {
    await handle.close()
  }
  await rename(temporary, join(indexPath, MANIFEST))
  // Segments no manifest names any more (merged away, or left by an interrupted write).
  const named = new Set(segments.map((segment) => segment.file))
  for (const name of await readdir(indexPath)) {
    if (name.startsWith('segment-') && !named.has(name) && !name.endsWith('.tmp')) {
      await rm(join(indexPath, name), { force: true })
    }
  }
}
