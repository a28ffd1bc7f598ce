/**
 * The scale benchmark's peer: SQLite FTS5 over jieba words (better-sqlite3). Each paragraph's words are stored
 * joined by spaces in a contentless FTS5 table (text and title columns, the title weighted 0.5 as 湘问 weighs
 * it), ranked by bm25(); the paragraphs themselves live in a plain table, so that the peer can quote them too.
 * A question is its distinct words, each quoted, OR-ed.
 */
import type { Database } from 'better-sqlite3'

/**
 * unicode61 keeps a run of CJK letters as one token (湖南省 stays 湖南省; see tests/scripts/fts5-peer.test.ts);
 * `tokenchars '.'` keeps decimal numbers (6417.6) whole. Every token is then exactly one jieba word.
 */
export const PEER_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '.'"

/** One ranked paragraph. */
export interface PeerHit {
  articleId: string
  paragraph: number
  text: string
}

/** Creates the peer's tables in an empty database and returns a function adding one paragraph. */
export function createPeerIndex(
  db: Database,
): (
  articleId: string,
  paragraph: number,
  text: string,
  words: readonly string[],
  titleWords: readonly string[],
) => void {
  db.exec(`
    CREATE TABLE paragraph (id INTEGER PRIMARY KEY, article TEXT NOT NULL, paragraph INTEGER NOT NULL, text TEXT NOT NULL);
    CREATE VIRTUAL TABLE words USING fts5(text, title, content='', tokenize="${PEER_TOKENIZER}");
    INSERT INTO words(words, rank) VALUES('rank', 'bm25(1.0, 0.5)');
  `)
  const insertParagraph = db.prepare(
    'INSERT INTO paragraph (id, article, paragraph, text) VALUES (?, ?, ?, ?)',
  )
  const insertWords = db.prepare('INSERT INTO words (rowid, text, title) VALUES (?, ?, ?)')
  let id = 0
  return (articleId, paragraph, text, words, titleWords) => {
    id++
    insertParagraph.run(id, articleId, paragraph, text)
    insertWords.run(id, words.join(' '), titleWords.join(' '))
  }
}

/** Merges the FTS5 index's segments into one, as is done once a read-only index is loaded. */
export function optimizePeerIndex(db: Database): void {
  db.exec("INSERT INTO words(words) VALUES('optimize')")
}

/** The FTS5 query of some words: each quoted (a double quote inside doubled), OR-ed; '' when there are none. */
export function matchExpression(words: readonly string[]): string {
  return [...new Set(words)].map((word) => `"${word.replaceAll('"', '""')}"`).join(' OR ')
}

/** Returns a search over the peer's tables: the best `limit` paragraphs for some words, best first. */
export function createPeerSearch(db: Database): (words: readonly string[], limit?: number) => PeerHit[] {
  const search = db.prepare<[string, number], { id: number }>(
    'SELECT rowid AS id FROM words WHERE words MATCH ? ORDER BY rank LIMIT ?',
  )
  const fetch = db.prepare<[number], { article: string; paragraph: number; text: string }>(
    'SELECT article, paragraph, text FROM paragraph WHERE id = ?',
  )
  return (words, limit = 5) => {
    const query = matchExpression(words)
    if (!query) return []
    return search.all(query, limit).flatMap(({ id }) => {
      const row = fetch.get(id)
      return row ? [{ articleId: row.article, paragraph: row.paragraph, text: row.text }] : []
    })
  }
}
