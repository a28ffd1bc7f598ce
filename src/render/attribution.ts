import type { Passage } from '../search/types.ts'
import { safeUrl } from '../shared/safe-url.ts'
import { type Fragment, join, link, text } from './telegram-html.ts'

type Attributed = Pick<Passage, 'title' | 'source' | 'date' | 'authors' | 'url'>

const SEPARATOR = ' · '

/** The attribution as plain text: 《title》 · source · date · authors. */
export function formatAttribution(passage: Attributed): string {
  return attributionParts(passage).join(SEPARATOR)
}

/** The attribution as Telegram HTML, the title linked when a url is known. */
export function renderAttribution(passage: Attributed): Fragment {
  const [title = '', ...rest] = attributionParts(passage)
  const url = safeUrl(passage.url)
  const titleFragment = url ? link(url, text(title)) : text(title)
  return join([titleFragment, ...rest.map((part) => text(part))], SEPARATOR)
}

function attributionParts(passage: Attributed): string[] {
  const parts = [`《${passage.title}》`, passage.source]
  if (passage.date) parts.push(passage.date)
  if (passage.authors.length > 0) parts.push(passage.authors.join('、'))
  return parts.filter((part) => part.trim() !== '')
}
