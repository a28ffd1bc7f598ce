/**
 * One index segment on disk: its articles (with their annotations), the near-duplicate links it added, its
 * term table and its postings as raw little-endian Uint32 arrays, so loading copies bytes instead of parsing
 * JSON. Articles are JSON lines, decoded one at a time: no string ever holds the whole corpus.
 *
 *   "XWSEG01\n" | u32 header length | header JSON | docs (JSON lines) | near (JSON lines) | terms (UTF-8) | pad | arrays
 */

import type { Article } from '../corpus/types.ts'
import type { FieldPostings, SegmentPostings } from './postings.ts'

const MAGIC = Buffer.from('XWSEG01\n', 'latin1')

/** A segment with what it stores besides postings. */
export interface SegmentContent {
  articles: Article[]
  /** Per article id, per paragraph: its encoded words and names (see annotations.ts). */
  annotations?: Record<string, string[]>
  /** Near-duplicate links this segment brought (both directions), by paragraph id. */
  nearDuplicates: Record<string, string[]>
  postings: SegmentPostings
}

const ARRAYS = [
  'termStarts',
  'articleStarts',
  'text.offsets',
  'text.units',
  'text.counts',
  'text.lengths',
  'title.offsets',
  'title.units',
  'title.counts',
  'title.lengths',
] as const

type ArrayName = (typeof ARRAYS)[number]

interface Header {
  articles: number
  sections: { docs: [number, number]; near: [number, number]; terms: [number, number] }
  arrays: Record<ArrayName, [number, number]>
}

function arrayOf(postings: SegmentPostings, name: ArrayName): Uint32Array {
  if (name === 'termStarts' || name === 'articleStarts') return postings[name]
  const [field, part] = name.split('.') as ['text' | 'title', keyof FieldPostings]
  return postings[field][part]
}

/** The bytes of a segment file, as chunks to write in order. */
export function encodeSegment(content: SegmentContent): Buffer[] {
  const docs: Buffer[] = content.articles.map((article) =>
    Buffer.from(`${JSON.stringify([article, content.annotations?.[article.id] ?? null])}\n`),
  )
  const near: Buffer[] = Object.entries(content.nearDuplicates).map((entry) =>
    Buffer.from(`${JSON.stringify(entry)}\n`),
  )
  const terms = Buffer.from(content.postings.terms, 'utf8')
  const docsLength = docs.reduce((sum, chunk) => sum + chunk.length, 0)
  const nearLength = near.reduce((sum, chunk) => sum + chunk.length, 0)
  // Offsets are relative to the end of the header; arrays start on a 4-byte boundary of the file.
  const sections: Header['sections'] = {
    docs: [0, docsLength],
    near: [docsLength, nearLength],
    terms: [docsLength + nearLength, terms.length],
  }
  const arrays = {} as Header['arrays']
  const bodyLength = docsLength + nearLength + terms.length
  // The body starts on a 4-byte boundary (the header is padded with spaces), and so does every array.
  const padding = Buffer.alloc((4 - (bodyLength % 4)) % 4)
  let at = bodyLength + padding.length
  for (const name of ARRAYS) {
    const array = arrayOf(content.postings, name)
    arrays[name] = [at, array.length]
    at += array.byteLength
  }
  const json = JSON.stringify({ articles: content.articles.length, sections, arrays } satisfies Header)
  const unpadded = MAGIC.length + 4 + Buffer.byteLength(json)
  const header = Buffer.from(json + ' '.repeat((4 - (unpadded % 4)) % 4))
  const length = Buffer.alloc(4)
  length.writeUInt32LE(header.length)
  const chunks = [MAGIC, length, header, ...docs, ...near, terms, padding]
  for (const name of ARRAYS) {
    const array = arrayOf(content.postings, name)
    chunks.push(Buffer.from(array.buffer, array.byteOffset, array.byteLength))
  }
  return chunks
}

/** Reads a segment file's bytes; throws saying what is wrong when they are not one. */
export function decodeSegment(bytes: Buffer): SegmentContent {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error('not an index segment')
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length)
  const bodyStart = MAGIC.length + 4 + headerLength
  if (bodyStart > bytes.length) throw new Error('the segment is cut short')
  const header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, bodyStart)) as Header
  const section = ([offset, length]: [number, number]) => {
    if (bodyStart + offset + length > bytes.length) throw new Error('the segment is cut short')
    return bytes.subarray(bodyStart + offset, bodyStart + offset + length)
  }
  const articles: Article[] = []
  const annotations: Record<string, string[]> = {}
  let annotated = false
  for (const line of jsonLines(section(header.sections.docs))) {
    const [article, words] = line as [Article, string[] | null]
    articles.push(article)
    if (words) {
      annotations[article.id] = words
      annotated = true
    }
  }
  if (articles.length !== header.articles) throw new Error('the segment lost articles')
  const nearDuplicates: Record<string, string[]> = {}
  for (const line of jsonLines(section(header.sections.near))) {
    const [id, others] = line as [string, string[]]
    nearDuplicates[id] = others
  }
  const terms = section(header.sections.terms).toString('utf8')
  const array = (name: ArrayName): Uint32Array => {
    const [offset, length] = header.arrays[name]
    const raw = section([offset, length * 4])
    // Views need 4-byte alignment in memory; a Buffer from a shared pool may not have it.
    return raw.byteOffset % 4 === 0
      ? new Uint32Array(raw.buffer, raw.byteOffset, length)
      : new Uint32Array(Uint8Array.from(raw).buffer)
  }
  const field = (name: 'text' | 'title'): FieldPostings => ({
    offsets: array(`${name}.offsets`),
    units: array(`${name}.units`),
    counts: array(`${name}.counts`),
    lengths: array(`${name}.lengths`),
  })
  const postings: SegmentPostings = {
    terms,
    termStarts: array('termStarts'),
    articleStarts: array('articleStarts'),
    text: field('text'),
    title: field('title'),
  }
  return { articles, ...(annotated ? { annotations } : {}), nearDuplicates, postings }
}

/** Each line of a JSON-lines buffer, parsed, decoding one line at a time. */
function* jsonLines(bytes: Buffer): Generator<unknown> {
  let start = 0
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start)
    if (end < 0) end = bytes.length
    if (end > start) yield JSON.parse(bytes.toString('utf8', start, end))
    start = end + 1
  }
}
