import { CorpusError } from './corpus-error.ts'

/** Text decoded from a raw file, with the encoding it was found in. */
export interface DecodedText {
  text: string
  encoding: 'utf-8' | 'gb18030'
}

/** Decodes raw bytes as UTF-8, else GB18030 (GBK); rejects empty, binary and undecodable files. */
export function decodeRawBytes(bytes: Uint8Array, fileName: string): DecodedText {
  if (
    bytes.length === 0 ||
    bytes.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09)
  ) {
    throw new CorpusError({ file: fileName }, 'file is empty')
  }
  const nul = bytes.indexOf(0)
  if (nul >= 0) {
    throw new CorpusError(
      { file: fileName, line: lineAt(bytes, nul) },
      'file looks binary (contains NUL bytes); expected a text file',
    )
  }
  const utf8 = tryDecode('utf-8', bytes)
  if (utf8 !== undefined) return { text: normalizeNewlines(utf8), encoding: 'utf-8' }
  const gb = tryDecode('gb18030', bytes)
  if (gb !== undefined && !hasControlCharacters(gb)) {
    return { text: normalizeNewlines(gb), encoding: 'gb18030' }
  }
  throw new CorpusError(
    { file: fileName, line: firstBadUtf8Line(bytes) },
    'cannot decode the text as UTF-8 or GB18030/GBK; save the file in one of these encodings',
  )
}

/** Control characters other than tab and newlines mean the bytes were not text in this encoding. */
function hasControlCharacters(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0)
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true
  }
  return false
}

function tryDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1
  for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++
  return line
}

function firstBadUtf8Line(bytes: Uint8Array): number {
  let start = 0
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === 0x0a) {
      if (tryDecode('utf-8', bytes.subarray(start, index)) === undefined) return lineAt(bytes, start)
      start = index + 1
    }
  }
  return 1
}
