/**
 * Building blocks for Telegram HTML messages that keep count of what Telegram counts:
 * the visible text length (UTF-16 units, after parsing) and the number of entities.
 */

/** Telegram's limit on the text of a message after entity parsing. */
export const MAX_MESSAGE_LENGTH = 4096
/** Telegram's limit on entities in one message. */
export const MAX_ENTITIES = 100

/** A piece of Telegram HTML with its visible length and entity count. */
export interface Fragment {
  html: string
  length: number
  entities: number
}

/** Escapes text for Telegram HTML (and for attribute values): only <, >, & and " need it. */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&"]/g, (char) =>
    char === '<' ? '&lt;' : char === '>' ? '&gt;' : char === '&' ? '&amp;' : '&quot;',
  )
}

/** Plain text, escaped. */
export function text(value: string): Fragment {
  return { html: escapeHtml(value), length: value.length, entities: 0 }
}

export type TagName = 'b' | 'i' | 'u' | 'code' | 'blockquote' | 'blockquote expandable'

/** Wraps fragments in one entity. */
export function tag(name: TagName, ...children: Fragment[]): Fragment {
  const inner = join(children)
  const close = name.split(' ')[0]
  // An entity around nothing is not an entity; Telegram drops it.
  if (inner.length === 0) return inner
  return { html: `<${name}>${inner.html}</${close}>`, length: inner.length, entities: inner.entities + 1 }
}

/** A link (one entity); the href is escaped as an attribute. */
export function link(href: string, ...children: Fragment[]): Fragment {
  const inner = join(children)
  return {
    html: `<a href="${escapeHtml(href)}">${inner.html}</a>`,
    length: inner.length,
    entities: inner.entities + 1,
  }
}

/** Concatenates fragments, optionally with a plain separator. */
export function join(fragments: Fragment[], separator = ''): Fragment {
  const parts = fragments.filter((fragment) => fragment.html !== '')
  return {
    html: parts.map((part) => part.html).join(escapeHtml(separator)),
    length:
      parts.reduce((sum, part) => sum + part.length, 0) + separator.length * Math.max(0, parts.length - 1),
    entities: parts.reduce((sum, part) => sum + part.entities, 0),
  }
}

/** Lines joined by newlines (blank fragments are kept as empty lines only when given as text('')). */
export function lines(...fragments: Fragment[]): Fragment {
  const html = fragments.map((fragment) => fragment.html).join('\n')
  return {
    html,
    length: fragments.reduce((sum, part) => sum + part.length, 0) + Math.max(0, fragments.length - 1),
    entities: fragments.reduce((sum, part) => sum + part.entities, 0),
  }
}

/** True when Telegram accepts the fragment as one message text. */
export function fitsMessage(fragment: Fragment): boolean {
  return fragment.length <= MAX_MESSAGE_LENGTH && fragment.entities <= MAX_ENTITIES
}
