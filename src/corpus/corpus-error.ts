/** Where a corpus problem was found: a file and, where it applies, a 1-based line. */
export interface CorpusErrorLocation {
  file: string
  line?: number
}

/** An error about one corpus file; its message names the file (and line) so staff can fix it. */
export class CorpusError extends Error {
  override name = 'CorpusError'
  readonly file: string
  readonly line?: number

  constructor(location: CorpusErrorLocation, message: string, options?: { cause?: unknown }) {
    const where = location.line === undefined ? location.file : `${location.file}:${location.line}`
    super(`${where}: ${message}`, options)
    this.file = location.file
    if (location.line !== undefined) this.line = location.line
  }
}
