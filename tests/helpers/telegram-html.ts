/**
 * A checker for Telegram's HTML parse mode, strict where Telegram is: only the tags it accepts, with their
 * only attributes, properly nested and closed, only the four named entities, and the limits that apply
 * after parsing (4096 UTF-16 units of text, 100 entities).
 */

export interface ParsedTelegramHtml {
  /** The visible text after parsing. */
  text: string
  /** Number of entities (one per tag). */
  entities: number
  blockquotes: { text: string; expandable: boolean }[]
  /** Texts inside <b>/<strong>. */
  bold: string[]
  links: { href: string; text: string }[]
  /** The entities Telegram would attach to the message (offsets in UTF-16 units). */
  entityList: { type: string; offset: number; length: number; url?: string }[]
  errors: string[]
}

const ENTITY_TYPES: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  'tg-emoji': 'custom_emoji',
}

const FORMATTING = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'tg-spoiler', 'span'])
const ALLOWED = new Set([...FORMATTING, 'a', 'code', 'pre', 'blockquote', 'tg-emoji'])

function decodeEntity(entity: string): string | undefined {
  const named: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' }
  if (named[entity]) return named[entity]
  const numeric = /^&#(x[0-9a-f]+|\d+);$/i.exec(entity)
  if (!numeric?.[1]) return undefined
  const code =
    numeric[1].startsWith('x') || numeric[1].startsWith('X')
      ? Number.parseInt(numeric[1].slice(1), 16)
      : Number(numeric[1])
  return String.fromCodePoint(code)
}

function decodeAttribute(value: string, errors: string[]): string {
  return value.replace(/&[^;\s]*;?/g, (entity) => {
    const decoded = decodeEntity(entity)
    if (decoded === undefined) errors.push(`bad entity ${entity} in attribute`)
    return decoded ?? entity
  })
}

/** Parses a Telegram HTML message the way the Bot API does, collecting every rule it breaks. */
export function parseTelegramHtml(html: string): ParsedTelegramHtml {
  const errors: string[] = []
  const stack: { name: string; start: number; expandable: boolean; href?: string }[] = []
  const blockquotes: ParsedTelegramHtml['blockquotes'] = []
  const bold: string[] = []
  const links: ParsedTelegramHtml['links'] = []
  const entityList: ParsedTelegramHtml['entityList'] = []
  let text = ''
  let entities = 0
  let i = 0
  while (i < html.length) {
    const char = html[i] as string
    if (char === '<') {
      const match = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:="[^"<>]*")?)*)\s*>/.exec(
        html.slice(i),
      )
      if (!match) {
        errors.push(`unescaped "<" or malformed tag at ${i}: ${JSON.stringify(html.slice(i, i + 20))}`)
        text += char
        i++
        continue
      }
      const [whole, closing, rawName = '', rawAttributes = ''] = match
      const name = rawName.toLowerCase()
      i += whole.length
      if (!ALLOWED.has(name)) {
        errors.push(`unsupported tag <${name}>`)
        continue
      }
      if (closing) {
        const top = stack.pop()
        if (!top || top.name !== name) {
          errors.push(`</${name}> closes ${top ? `<${top.name}>` : 'nothing'}`)
          continue
        }
        const inner = text.slice(top.start)
        const type =
          name === 'blockquote'
            ? top.expandable
              ? 'expandable_blockquote'
              : 'blockquote'
            : ENTITY_TYPES[name]
        if (inner.length > 0 && type) {
          entityList.push({
            type,
            offset: top.start,
            length: inner.length,
            ...(top.href ? { url: top.href } : {}),
          })
        }
        if (name === 'blockquote') blockquotes.push({ text: inner, expandable: top.expandable })
        if (name === 'b' || name === 'strong') bold.push(inner)
        if (name === 'a') links.push({ href: top.href ?? '', text: inner })
        continue
      }
      const attributes = new Map<string, string | undefined>()
      for (const attribute of rawAttributes.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)) {
        attributes.set(
          (attribute[1] as string).toLowerCase(),
          attribute[2] === undefined ? undefined : decodeAttribute(attribute[2], errors),
        )
      }
      const allowedAttributes: Record<string, string[]> = {
        a: ['href'],
        span: ['class'],
        'tg-emoji': ['emoji-id'],
        code: ['class'],
        blockquote: ['expandable'],
      }
      for (const key of attributes.keys()) {
        if (!(allowedAttributes[name] ?? []).includes(key))
          errors.push(`<${name}> does not take attribute ${key}`)
      }
      if (name === 'a' && !attributes.get('href')) errors.push('<a> without href')
      if (name === 'span' && attributes.get('class') !== 'tg-spoiler')
        errors.push('<span> must be class="tg-spoiler"')
      if (
        name === 'blockquote' &&
        attributes.has('expandable') &&
        attributes.get('expandable') !== undefined
      ) {
        errors.push('expandable takes no value')
      }
      const names = stack.map((open) => open.name)
      if (names.includes('pre') || names.includes('code')) {
        if (!(name === 'code' && names.at(-1) === 'pre')) errors.push(`<${name}> inside <pre>/<code>`)
      }
      if (name === 'blockquote' && names.includes('blockquote')) errors.push('nested <blockquote>')
      if (name === 'a' && names.includes('a')) errors.push('<a> inside <a>')
      entities++
      stack.push({
        name,
        start: text.length,
        expandable: attributes.has('expandable'),
        href: attributes.get('href'),
      })
      continue
    }
    if (char === '&') {
      const match = /^&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/.exec(html.slice(i))
      const decoded = match ? decodeEntity(match[0]) : undefined
      if (!match || decoded === undefined) {
        errors.push(`unescaped "&" or unsupported entity at ${i}: ${JSON.stringify(html.slice(i, i + 10))}`)
        text += char
        i++
        continue
      }
      text += decoded
      i += match[0].length
      continue
    }
    if (char === '>') errors.push(`unescaped ">" at ${i}`)
    text += char
    i++
  }
  for (const open of stack) errors.push(`<${open.name}> is never closed`)
  if (text.length > 4096) errors.push(`text is ${text.length} UTF-16 units after parsing (max 4096)`)
  if (entities > 100) errors.push(`${entities} entities (max 100)`)
  if (text.trim() === '') errors.push('message text is empty')
  entityList.sort((a, b) => a.offset - b.offset || b.length - a.length)
  return { text, entities, blockquotes, bold, links, entityList, errors }
}

/** Parses a message and throws with every broken rule; returns the parse for further assertions. */
export function assertTelegramHtml(html: string): ParsedTelegramHtml {
  const parsed = parseTelegramHtml(html)
  if (parsed.errors.length > 0) {
    throw new Error(
      `invalid Telegram HTML:\n  ${parsed.errors.join('\n  ')}\n--- message ---\n${html.slice(0, 2000)}`,
    )
  }
  return parsed
}
