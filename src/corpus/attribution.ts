// Recognising bylines, credits, continuation markers and datelines, and reading names and dates out of them.

const ROLE = '(?:湖南日报|本报|新华社)?(?:全媒体)?(?:首席|特约|摄影)?(?:记者|评论员|通讯员|实习生)'
const ROLE_PREFIX = new RegExp(`^${ROLE}`)
const BYLINE = new RegExp(`^(${ROLE})(?:\\s+|$)(.*)$`)
const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
]

/** A continuation marker such as `▲ ▲（上接1版①）`, with any text that follows it on the same line. */
export interface ContinuationMarker {
  label: string
  rest: string
}

/** Reads a continuation marker (`（上接1版①）`, `◀（上接1版）`, `（紧接 1版③）`) at the start of a line. */
export function parseContinuationMarker(line: string): ContinuationMarker | undefined {
  const match =
    /^[▲◀▶►△▼◆\s]*[（(]\s*(上接|紧接|接|转接)\s*第?\s*(\d+)\s*版\s*([①-⑳]?)\s*[）)]\s*(.*)$/u.exec(line)
  if (!match) return undefined
  return { label: `${match[1]}${match[2]}版${match[3]}`, rest: match[4] ?? '' }
}

/** Splits a space-separated list of Chinese names, rejoining names the PDF spaced out (`唐 曦`). */
export function parseNameList(text: string): string[] | undefined {
  const tokens = text.trim().split(/\s+/).filter(Boolean)
  if (tokens.length === 0 || !tokens.every((token) => /^\p{Script=Han}{1,4}$/u.test(token))) return undefined
  const names: string[] = []
  let pending = ''
  for (const token of tokens) {
    if (token.length === 1) {
      pending += token
      if (pending.length >= 2) {
        names.push(pending)
        pending = ''
      }
      continue
    }
    if (pending) return undefined
    if (token.length === 4 && !COMPOUND_SURNAMES.some((surname) => token.startsWith(surname)))
      return undefined
    names.push(token)
  }
  if (pending) return undefined
  return names
}

/** A byline: the role as printed (may be empty), the names, and a column label printed before it. */
export interface Byline {
  role: string
  names: string[]
  column?: string
}

/** Reads a byline line: `湖南日报全媒体记者 贺威`, `湖南日报全媒体记者` (names follow), `杨相峰 陈历军 肖洋桂`. */
export function parseByline(line: string): Byline | undefined {
  const text = line.trim()
  const role = BYLINE.exec(text)
  if (role) {
    const names = role[2] ? parseNameList(role[2]) : []
    return names ? { role: role[1]!, names } : undefined
  }
  const names = parseNameList(text)
  if (names && names.length >= 2) return { role: '', names }
  const column = /^(.+?[①-⑳])\s*(\p{Script=Han}.*)$/u.exec(text)
  if (column) {
    const columnNames = parseNameList(column[2]!)
    if (columnNames && columnNames.length >= 1) return { role: '', names: columnNames, column: column[1]! }
  }
  return undefined
}

/** Reads a credit line such as `（参与记者：李永亮）` or `（参与采写：袁哲军 欧阳振华）`. */
export function parseCredit(line: string): string[] | undefined {
  const match = /^[（(]\s*(?:参与记者|参与采写|参与|通讯员|实习生)\s*[:：]\s*(.+?)\s*[）)]$/u.exec(
    line.trim(),
  )
  return match ? parseNameList(match[1]!) : undefined
}

/** A photo credit at the end of a line: the caption text before it and the photographers named in it. */
export interface PhotoCredit {
  caption: string
  credit: string
  photographers: string[]
}

/** Reads a photo credit (`湖南日报全媒体记者 李健 摄`, `…摄影报道`, `长沙市残联供图`, `（…中心提供）`). */
export function parsePhotoCredit(line: string): PhotoCredit | undefined {
  const text = line.trim()
  const taken = new RegExp(
    `^(.*?)\\s*((?:${ROLE})?\\s*((?:\\p{Script=Han}{1,3}\\s+)*\\p{Script=Han}{1,3}))\\s+(摄影报道|摄)$`,
    'u',
  ).exec(text)
  if (taken) {
    const photographers = parseNameList(taken[3]!.replace(ROLE_PREFIX, ''))
    if (photographers) return { caption: taken[1]!, credit: `${taken[2]} ${taken[4]}`, photographers }
  }
  const supplied = /^(.*?)\s*(\p{Script=Han}{2,14}供图|[（(][^（）()]{2,20}提供[）)])$/u.exec(text)
  if (supplied) return { caption: supplied[1]!, credit: supplied[2]!, photographers: [] }
  return undefined
}

/** A dateline at the start of a paragraph: `湖南日报12月29日讯（全媒体记者 肖霄 通讯员 魏志坚 邹嵩）`. */
export interface Dateline {
  source: string
  month: number
  day: number
  authors: string[]
}

/** Reads a dateline from a paragraph's raw text (spaces as extracted, so names stay separated). */
export function parseDateline(raw: string): Dateline | undefined {
  const match =
    /^(湖南日报|本报|新华社[^\s（(]{0,8})\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:讯|电)\s*(?:[（(]([^）)]*)[）)])?/u.exec(
      raw.trim(),
    )
  if (!match) return undefined
  const authors: string[] = []
  for (const part of (match[4] ?? '').split(new RegExp(ROLE, 'u'))) {
    const names = part.trim() ? parseNameList(part) : undefined
    if (names) authors.push(...names)
  }
  return {
    source: match[1] === '本报' ? '' : match[1]!,
    month: Number(match[2]),
    day: Number(match[3]),
    authors,
  }
}

/** Reads a signature date line (`2021年12月29日`) as an ISO date. */
export function parseFullDate(text: string): string | undefined {
  const match = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/u.exec(text.trim())
  return match ? isoDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined
}

/** Formats a year, month and day as YYYY-MM-DD. */
export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Guesses the year of a page whose datelines give only month and day: a full date printed on it, else the latest year it mentions. */
export function guessYear(text: string): number | undefined {
  const full = /(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/u.exec(text)
  if (full) return Number(full[1])
  const years = [...text.matchAll(/(20\d{2})\s*(?:年|年度)/gu)].map((match) => Number(match[1]))
  return years.length > 0 ? Math.max(...years) : undefined
}
