import YAML from 'yaml'
import { CorpusError } from './corpus-error.ts'

/** A document split into its YAML front matter and the body after it. */
export interface FrontMatterDocument {
  data: Record<string, unknown>
  body: string
  /** 1-based line where the body starts. */
  bodyLine: number
  /** 1-based line of the opening `---`. */
  startLine: number
}

/** Splits off YAML front matter (`---` ... `---`, blank lines before it allowed); undefined when there is none. */
export function splitFrontMatter(text: string, fileName: string): FrontMatterDocument | undefined {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => line.trim() !== '')
  if (start < 0 || lines[start]!.trim() !== '---') return undefined
  const end = lines.findIndex((line, index) => index > start && line.trim() === '---')
  if (end < 0)
    throw new CorpusError({ file: fileName, line: start + 1 }, 'front matter is not closed by a "---" line')
  const doc = YAML.parseDocument(lines.slice(start + 1, end).join('\n'))
  const error = doc.errors[0]
  if (error) {
    const line = start + 2 + (error.linePos?.[0]?.line ?? 1) - 1
    throw new CorpusError({ file: fileName, line }, `broken front matter: ${error.message.split('\n')[0]}`, {
      cause: error,
    })
  }
  const data = doc.toJS() as unknown
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
    throw new CorpusError(
      { file: fileName, line: start + 2 },
      'front matter must be a YAML mapping (key: value)',
    )
  }
  return {
    data: (data ?? {}) as Record<string, unknown>,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
    startLine: start + 1,
  }
}
