/**
 * Hostile questions for fuzzing, from a seeded PRNG so that any failure can be replayed: emoji, control
 * characters, RTL text, very long strings, HTML and Telegram markup, regex and SQL metacharacters, lone
 * surrogates and mixed scripts, mixed with real corpus words so that many questions find passages.
 */

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const corpusWords = [
  '湖南',
  '长沙',
  '进出口',
  '总额',
  '多少',
  '黄花机场',
  '全货运航线',
  '湘潭',
  '农村低保',
  '平均标准',
  '6417.6亿元',
  '亿元',
  '增长',
  '%',
  '2024年',
  '前11月',
  '政府工作报告',
  '湖南日报',
  '中欧班列',
  '是多少？',
  '几条',
  '比例',
]

const pools: Record<string, string[]> = {
  emoji: ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🇨🇳', '🏳️‍🌈', '❤️', '🀄', '\u{1F9D1}\u200D\u{1F4BB}', '\uFE0F', '\u20E3'],
  control: [
    '\u0000',
    '\u0001',
    '\u0007',
    '\b',
    '\t',
    '\n',
    '\r',
    '\u000b',
    '\u000c',
    '\u001b[31m',
    '\u007f',
    '\u0085',
  ],
  separators: ['\u2028', '\u2029', '\u00a0', '\u3000', '\u200b', '\u200c', '\u200d', '\ufeff', '\u180e'],
  rtl: ['\u202e', '\u202b', '\u200f', '\u2067', 'مرحبا بالعالم', 'שלום', 'العربية ١٢٣', '\u202dabc\u202c'],
  html: [
    '<b>',
    '</b>',
    '</blockquote>',
    '<blockquote expandable>',
    '<a href="javascript:alert(1)">x</a>',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '&amp;',
    '&lt;',
    '&#0;',
    '&#x110000;',
    '&nbsp;',
    '&',
    '<',
    '>',
    '"',
    "'",
    '<tg-spoiler>',
    '<pre><code class="language-js">',
    '<!--',
    ']]>',
    '{{constructor}}',
  ],
  markdown: ['*bold*', '_it_', '`code`', '```', '[link](http://x)', '||spoiler||', '\\', '~~', '> quote'],
  regex: ['.*', '(?<=x)', '[^]', '$&', '$1', '\\d+', '(a+)+$', '^', '|', '{1,}', '(?i)', '\\u{10FFFF}'],
  sql: ["' OR 1=1 --", '"; DROP TABLE articles; --', "1' UNION SELECT * FROM users#", '%', '_', '%00'],
  surrogates: ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', '\udfff\ud800'],
  scripts: [
    'Hello world',
    'Привет',
    'नमस्ते',
    'こんにちは',
    '안녕하세요',
    'Ελληνικά',
    'ﾊﾝｶｸ',
    'ＡＢＣ１２３',
    'ǅ',
    'İı',
  ],
  numbers: ['0', '-1', '1e309', 'NaN', '6417.6', '１２３', '一百二十', '99999999999999999999', '0x10', '½'],
  corpus: corpusWords,
}
const poolNames = Object.keys(pools)

/** One generated question: 1-6 pieces from the pools, sometimes repeated into a very long string. */
export function generateQuestion(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const roll = random()
  if (roll < 0.01) {
    // Very long: 10,000 characters of one kind.
    const piece = pick([pick(corpusWords), 'a', '😀', '<b>', '\u0000', '湖南长沙', pick(pools.html ?? [])])
    return piece.repeat(Math.ceil(10_000 / piece.length)).slice(0, 10_000)
  }
  if (roll < 0.03) {
    // Random UTF-16 code units, surrogates included.
    return Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
      String.fromCharCode(Math.floor(random() * 0x10000)),
    ).join('')
  }
  const count = 1 + Math.floor(random() * 6)
  const pieces: string[] = []
  for (let i = 0; i < count; i++) {
    // Corpus words in about a third of the pieces, so many questions reach the renderers with passages.
    const pool = random() < 0.35 ? corpusWords : (pools[pick(poolNames)] ?? [])
    pieces.push(pick(pool))
    if (random() < 0.3) pieces.push(pick([' ', '', '\n', '  ', '\t']))
  }
  return pieces.join('')
}

/** Edge cases checked on every run, before the generated ones. */
export const edgeQuestions: string[] = [
  '',
  ' ',
  '\n\t\r',
  '\u0000',
  '?',
  '？？？',
  '湖南',
  '湖南前11月进出口总额是多少？',
  '黄花机场 全货运航线 数量',
  'What was the total import and export of Hunan?',
  '湖'.repeat(200),
  '湖'.repeat(201),
  `${'湖'.repeat(199)}😀`,
  `${'a'.repeat(199)}\ud83d`,
  '湖南'.repeat(5_000),
  'a'.repeat(10_000),
  '😀'.repeat(5_000),
  '\ud800'.repeat(100),
  '<b>湖南</b>',
  '</blockquote><blockquote>湖南',
  '&amp;&lt;&gt;&quot;&#39;',
  '<a href="https://evil.example/?a=1&b=2">长沙</a>',
  '@xiangwen_test_bot 湖南',
  '/ask@xiangwen_test_bot 湖南',
  '.*',
  "'; DROP TABLE paragraphs; --",
  '\u202e湖南\u202c',
  '%E6%B9%96',
  '%',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '0',
  '-1',
]
