// Recognising bylines, credits, continuation markers and datelines, and reading names and dates out of them.

/** A newspaper, agency or media centre named before a role (湖南日报, 衡阳日报, 新华社, 本报, 浏阳市融媒体中心). */
const OUTLET = '(?:\\p{Script=Han}{1,8}?(?:日报|晚报|商报|融媒体中心|广播电视台|电视台)|本报|新华社|中新社)'
const ROLE = `(?:${OUTLET})?(?:全媒体|融媒体)?(?:首席|特约|摄影|见习|驻\\p{Script=Han}{1,4})?(?:记者|评论员|通讯员|实习生|编辑)`
const ROLE_PREFIX = new RegExp(`^${ROLE}`, 'u')
const ROLE_TOKEN = new RegExp(`^${ROLE}[:：]?$`, 'u')
/** Words after names that say what those people did (`张三 摄`, `李四 整理`). */
const CREDIT_SUFFIX = /^(?:摄|摄影|摄影报道|整理|报道|采写|供稿)$/u
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

/**
 * Reads a byline line: `湖南日报全媒体记者 贺威`, `湖南日报记者 张三 通讯员 李四`, `记者 王五 实习生 陈六 摄`,
 * `湖南日报全媒体记者` (names follow on the next line), `杨相峰 陈历军 肖洋桂`. Role words are never names.
 */
export function parseByline(line: string): Byline | undefined {
  const text = line.trim()
  const tokens = text.split(/\s+/).filter(Boolean)
  if (tokens.length > 0 && ROLE_TOKEN.test(tokens[0]!)) {
    const names = readRoleGroups(tokens)
    return names ? { role: tokens[0]!.replace(/[:：]$/u, ''), names } : undefined
  }
  const credited = tokens.length > 1 && CREDIT_SUFFIX.test(tokens.at(-1)!)
  const names = parseNameList((credited ? tokens.slice(0, -1) : tokens).join(' '))
  if (names && (names.length >= 2 || (credited && names.length >= 1))) return { role: '', names }
  const column = /^(.+?[①-⑳])\s*(\p{Script=Han}.*)$/u.exec(text)
  if (column) {
    const columnNames = parseNameList(column[2]!)
    if (columnNames && columnNames.length >= 1) return { role: '', names: columnNames, column: column[1]! }
  }
  return undefined
}

/** Reads `role names… role names… [摄]` tokens into the names alone; undefined when a token is neither. */
function readRoleGroups(tokens: string[]): string[] | undefined {
  const names: string[] = []
  let group: string[] = []
  const flush = () => {
    if (group.length === 0) return true
    const parsed = parseNameList(group.join(' '))
    group = []
    if (!parsed) return false
    names.push(...parsed)
    return true
  }
  for (const token of tokens) {
    if (ROLE_TOKEN.test(token) || CREDIT_SUFFIX.test(token)) {
      if (!flush()) return undefined
    } else {
      group.push(token)
    }
  }
  return flush() ? names : undefined
}

/** Reads a credit line such as `（参与记者：李永亮）` or `（参与采写：袁哲军 欧阳振华）`. */
export function parseCredit(line: string): string[] | undefined {
  const text = line.trim()
  const match = /^[（(]\s*(?:参与记者|参与采写|参与|通讯员|实习生)\s*[:：]\s*(.+?)\s*[）)]$/u.exec(text)
  if (match) return parseNameList(match[1]!)
  // `（张三 整理）`, `（湖南日报记者 李四 整理）` at the end of an article.
  const arranged = /^[（(]\s*(.+?)\s+(?:整理|编辑|采写)\s*[）)]$/u.exec(text)
  return arranged ? parseByline(arranged[1]!)?.names : undefined
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
  // Cheap tests first: nearly every line ends in none of these, and the patterns below backtrack.
  const closes = /[）)]$/u.test(text)
  if (closes && text.includes('摄')) {
    const bracketed = BRACKETED_PHOTO_CREDIT.exec(text)
    if (bracketed) {
      const photographers = parseByline(bracketed[2]!.replace(/^[（(]|[）)]$/gu, ''))?.names
      if (photographers?.length) return { caption: bracketed[1]!, credit: bracketed[2]!, photographers }
    }
  }
  if (text.endsWith('摄') || text.endsWith('摄影报道')) {
    const taken = PHOTO_CREDIT.exec(text)
    if (taken) {
      const photographers = parseNameList(taken[3]!.replace(ROLE_PREFIX, ''))
      if (photographers) return { caption: taken[1]!, credit: `${taken[2]} ${taken[4]}`, photographers }
    }
  }
  if (text.endsWith('供图') || (closes && text.includes('提供'))) {
    const supplied = SUPPLIED_PHOTO.exec(text)
    if (supplied) return { caption: supplied[1]!, credit: supplied[2]!, photographers: [] }
  }
  return undefined
}

const BRACKETED_PHOTO_CREDIT = new RegExp(
  `^(.*?)\\s*([（(]\\s*(?:${ROLE})?\\s*((?:\\p{Script=Han}{1,3}\\s+)*\\p{Script=Han}{1,3})\\s*(?:摄影报道|摄影|摄)\\s*[）)])$`,
  'u',
)
const PHOTO_CREDIT = new RegExp(
  `^(.*?)\\s*((?:${ROLE})?\\s*((?:\\p{Script=Han}{1,3}\\s+)*\\p{Script=Han}{1,3}))\\s+(摄影报道|摄)$`,
  'u',
)
const SUPPLIED_PHOTO = /^(.*?)\s*(\p{Script=Han}{2,14}供图|[（(][^（）()]{2,20}提供[）)])$/u

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
    /^((?:\p{Script=Han}{1,8}?(?:日报|晚报))|本报|新华社|中新社)(?:\p{Script=Han}{0,8}?)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:讯|电)\s*(?:[（(]([^）)]*)[）)])?/u.exec(
      raw.trim(),
    )
  if (!match) return undefined
  const month = Number(match[2])
  const day = Number(match[3])
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined
  const credits = (match[4] ?? '').trim()
  const authors = parseByline(credits)?.names ?? namesBetweenRoles(credits)
  return { source: match[1] === '本报' ? '' : match[1]!, month, day, authors }
}

function namesBetweenRoles(text: string): string[] {
  const authors: string[] = []
  for (const part of text.split(new RegExp(ROLE, 'u'))) {
    const names = part.trim() ? parseNameList(part.replace(/\s*(?:摄影报道|摄影|摄|整理)$/u, '')) : undefined
    if (names) authors.push(...names)
  }
  return authors
}

/** The newspaper a byline or credit names (`衡阳日报记者 赵六` -> 衡阳日报), if any. */
export function outletOf(text: string): string | undefined {
  return /^\s*[（(]?\s*(\p{Script=Han}{1,8}?(?:日报|晚报))/u.exec(text)?.[1]
}

/**
 * The page date a masthead line gives (`湖南日报 2025年11月20日 星期四 第3版`): a full date on a short line
 * without sentence punctuation among the first lines of the file. Returns the date and the 0-based line.
 */
export function readMastheadDate(text: string): { date: string; line: number } | undefined {
  const lines = text.split('\n', 40)
  let seen = 0
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '') continue
    if (++seen > 5) return undefined
    if (line.length > 40 || /[，。！？；]/u.test(line)) continue
    const match = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/u.exec(line)
    if (!match) continue
    const rest = line
      .replace(match[0], '')
      .replace(/星期[一二三四五六日天]|周[一二三四五六日天]|第?\s*\d+\s*版|[\s·|｜,，]/gu, '')
    if (rest.length > 12) continue
    const date = isoDate(Number(match[1]), Number(match[2]), Number(match[3]))
    if (isRealDate(date)) return { date, line: index }
  }
  return undefined
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

/**
 * The date a raw file's name carries (`hnrb-2025-11-20.txt`, `湖南日报_20251120.txt`), if any. Only the file's
 * own identity counts: a year in the body (`力争到2025年`) never dates a page.
 */
export function dateFromFileName(fileName: string): string | undefined {
  const match = /(?:^|[^0-9a-z])(20\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?=[^0-9a-z]|$)/iu.exec(fileName)
  if (!match) return undefined
  const date = isoDate(Number(match[1]), Number(match[2]), Number(match[3]))
  return isRealDate(date) ? date : undefined
}

/** True when YYYY-MM-DD names a day that exists. */
export function isRealDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return false
  const parsed = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return parsed.toISOString().slice(0, 10) === date
}

/** The date of a dateline's month and day on a page of a known date: the latest such day not after the page. */
export function datelineDate(pageDate: { year: number; month: number }, month: number, day: number): string {
  const year = month > pageDate.month + 1 ? pageDate.year - 1 : pageDate.year
  return isoDate(year, month, day)
}
