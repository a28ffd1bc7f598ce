import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import {
  createPeerIndex,
  createPeerSearch,
  matchExpression,
  optimizePeerIndex,
} from '../../scripts/fts5-peer.ts'

function peerOf(paragraphs: readonly { id: string; words: string[]; title?: string[] }[]) {
  const db = new Database(':memory:')
  const add = createPeerIndex(db)
  for (const paragraph of paragraphs) {
    add(paragraph.id, 0, paragraph.words.join(''), paragraph.words, paragraph.title ?? [])
  }
  optimizePeerIndex(db)
  return db
}

describe('the FTS5 peer of the scale benchmark', () => {
  it('keeps every jieba word one token: Chinese words are not split further, decimals stay whole', () => {
    const db = peerOf([{ id: 'a', words: ['湖南省', '政府', '工作报告', '6417.6', 'gdp'] }])
    db.exec('CREATE VIRTUAL TABLE vocabulary USING fts5vocab(words, row)')
    const terms = db.prepare<[], { term: string }>('SELECT term FROM vocabulary').all()
    expect(terms.map((row) => row.term).sort()).toEqual(
      ['6417.6', 'gdp', '工作报告', '政府', '湖南省'].sort(),
    )
  })

  it('matches whole words only, and ranks the paragraph holding more of the question’s words first', () => {
    const db = peerOf([
      { id: 'one word', words: ['湖南', '天气', '晴朗'] },
      { id: 'two words', words: ['湖南', '粮食', '产量', '增长'] },
      { id: 'prefix only', words: ['湖南省', '粮食作物'] },
    ])
    const search = createPeerSearch(db)
    expect(search(['湖南', '粮食']).map((hit) => hit.articleId)).toEqual(['two words', 'one word'])
    expect(search(['湖南', '粮食'])[0]).toEqual({
      articleId: 'two words',
      paragraph: 0,
      text: '湖南粮食产量增长',
    })
  })

  it('quotes each word, so that FTS5 syntax in a question is searched as text', () => {
    expect(matchExpression(['湖南', 'or', '湖南', 'a"b'])).toBe('"湖南" OR "or" OR "a""b"')
    expect(matchExpression([])).toBe('')
    const db = peerOf([{ id: 'a', words: ['near', 'and', 'or'] }])
    const search = createPeerSearch(db)
    expect(search(['NEAR', '(', 'a"b', '*']).map((hit) => hit.articleId)).toEqual(['a'])
    expect(search([])).toEqual([])
  })
})
