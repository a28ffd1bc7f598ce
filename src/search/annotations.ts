/**
 * Word boundaries and named entities of a paragraph, found once when the index is built (nodejieba's `tag`,
 * which segments as `cut` with HMM does) and stored compactly in the index, so that the Worker, which has no
 * tagger, marks exactly the same words and names as Node.
 */

/** What a word of a paragraph is: a plain word, or a person, place or organisation name. */
export type WordKind = 'word' | 'person' | 'place' | 'org'

const KINDS: WordKind[] = ['word', 'person', 'place', 'org']
const MAX_LENGTH = 63
const BASE = 0x30

/** A word of a paragraph: [start, end) in its normalized text, and its kind. */
export interface AnnotatedWord {
  start: number
  end: number
  kind: WordKind
}

/** A tagged word as nodejieba's `tag` returns it. */
export interface TaggedWord {
  word: string
  tag: string
}

// The most common Chinese surnames: a word jieba's HMM made up (tag "x") of two or three characters that starts
// with one of them is most likely a person's name (张庆伟, 毛伟明), which the dictionary cannot know.
const SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤易常温康施文牛樊葛邢安齐伍庞颜倪申欧阳'.split(
    '',
  ),
)
const CJK_NAME = /^[\u4e00-\u9fff]{2,3}$/u

function kindOf({ word, tag }: TaggedWord): WordKind {
  if (tag === 'nr') return 'person'
  if (tag === 'ns') return 'place'
  if (tag === 'nt') return 'org'
  if (tag === 'x' && CJK_NAME.test(word) && SURNAMES.has(word[0] as string)) return 'person'
  return 'word'
}

/** Encodes the tagged words of a text as one character per word (its length and kind). */
export function encodeAnnotations(text: string, tagged: readonly TaggedWord[]): string {
  // Character codes first, one string at the end: a string grown a character at a time is a chain of
  // concatenations, some 30 bytes a character, which a large build holds for every paragraph.
  const codes: number[] = []
  let position = 0
  for (const item of tagged) {
    const at = text.indexOf(item.word, position)
    if (at < 0 || item.word.length === 0) continue
    // Text the tagger skipped (it should not) becomes plain one-character words.
    for (; position < at; position++) codes.push(BASE + 1)
    const kind = KINDS.indexOf(kindOf(item))
    for (let left = item.word.length; left > 0; left -= MAX_LENGTH) {
      codes.push(BASE + kind * 64 + Math.min(left, MAX_LENGTH))
    }
    position = at + item.word.length
  }
  for (; position < text.length; position++) codes.push(BASE + 1)
  let out = ''
  for (let start = 0; start < codes.length; start += CODES_AT_ONCE) {
    out += String.fromCharCode(...codes.slice(start, start + CODES_AT_ONCE))
  }
  return out
}

/** Character codes turned into a string per call (well under the engine's limit on arguments). */
const CODES_AT_ONCE = 8192

/** Decodes a paragraph's annotation string into its words. */
export function decodeAnnotations(encoded: string): AnnotatedWord[] {
  const words: AnnotatedWord[] = []
  let position = 0
  for (let i = 0; i < encoded.length; i++) {
    const code = encoded.charCodeAt(i) - BASE
    const length = code % 64
    const kind = KINDS[Math.floor(code / 64)] ?? 'word'
    words.push({ start: position, end: position + length, kind })
    position += length
  }
  return words
}
