import { create, insertMultiple, search } from '@orama/orama'
import { describe, expect, it } from 'vitest'
import { createBm25Index } from '../../src/search/bm25-index.ts'
import { createTokenizer } from '../../src/search/tokenizer.ts'

/** An Orama database over a whitespace segmenter: the index behaviour without jieba. */
async function createDb(texts: Record<string, string>) {
  const tokenizer = createTokenizer({ segment: (text) => text.split(/(\s+)/u), bigrams: false })
  const db = create({
    schema: { text: 'string' } as const,
    components: { tokenizer, index: createBm25Index() },
  })
  await insertMultiple(
    db,
    Object.entries(texts).map(([id, text]) => ({ id, text })),
  )
  return db
}

const rank = async (db: Awaited<ReturnType<typeof createDb>>, term: string) =>
  (await search(db, { term, properties: ['text'], relevance: { k: 1.2, b: 0.5, d: 0 } })).hits.map(
    (hit) => hit.id,
  )

describe('createBm25Index', () => {
  it('matches query tokens exactly, not as prefixes of longer tokens', async () => {
    const db = await createDb({ a: '湖南省 外贸', b: '湖南 外贸', c: '湖南人' })
    expect(await rank(db, '湖南')).toEqual(['b'])
  })

  it('stores raw term counts and counts a document once in document frequency', async () => {
    const db = await createDb({ a: '低保 低保 低保 标准', b: '低保 救助' })
    const index = db.data.index
    const internal = (id: string) => index.sharedInternalDocumentStore.idToInternalId.get(id) as number
    expect(index.frequencies.text?.[internal('a')]).toEqual({ 低保: 3, 标准: 1 })
    expect(index.tokenOccurrences.text).toEqual({ 低保: 2, 标准: 1, 救助: 1 })
  })

  it('ranks the paragraph repeating a term above a short one that has it once', async () => {
    const db = await createDb({
      short: '低保',
      long: '低保 标准 提高 低保 对象 增加 低保 资金 发放',
      other: '就业 岗位',
    })
    expect(await rank(db, '低保')).toEqual(['long', 'short'])
  })

  it('returns documents matching some of the terms, best first', async () => {
    const db = await createDb({ a: '外贸 进出口', b: '外贸', c: '就业' })
    expect(await rank(db, '外贸 进出口 总额')).toEqual(['a', 'b'])
  })
})
