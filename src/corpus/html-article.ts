// Articles saved as Markdown with YAML front matter and an HTML body (web reprints such as 新浪财经).

import { Parser } from 'htmlparser2'
import { CorpusError } from './corpus-error.ts'
import type { ArticleDraft } from './pdf-articles.ts'
import { collapseHeadingSpaces, collapseSpaces } from './text-rules.ts'

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'br',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'section',
  'blockquote',
])
const SKIPPED_TAGS = new Set(['style', 'script', 'noscript', 'iframe', 'svg', 'button', 'form'])
/** Classes of site furniture: QR-code boxes, editor signatures, share bars. */
const SKIPPED_CLASSES = /appendQr|article-editor|share|qrcode|footer|related/i
const BOILERPLATE = [
  /^责任编辑[:：]/,
  /新浪财经APP/,
  /^海量资讯/,
  /^(?:点击|扫描|长按).{0,20}二维码/,
  /^返回\S*首页/,
]

/** Splits an HTML fragment into the text of its blocks, entities decoded, with tags, comments, CSS and site furniture dropped. */
export function htmlToBlocks(html: string): string[] {
  const blocks: string[] = []
  let current = ''
  const stack: boolean[] = []
  let skipping = 0
  const endBlock = () => {
    const text = current.replace(/[\s\u3000]+/g, ' ').trim()
    if (text) blocks.push(text)
    current = ''
  }
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const skip = SKIPPED_TAGS.has(name) || SKIPPED_CLASSES.test(attributes.class ?? '')
        stack.push(skip)
        if (skip) skipping++
        if (BLOCK_TAGS.has(name) && skipping === 0) endBlock()
      },
      ontext(text) {
        if (skipping === 0) current += text
      },
      onclosetag(name) {
        if (BLOCK_TAGS.has(name) && skipping === 0) endBlock()
        if (stack.pop()) skipping--
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  )
  parser.write(html)
  parser.end()
  endBlock()
  return blocks
}

/** What the front matter and body of a web reprint say about the article. */
export interface HtmlArticleInput {
  data: Record<string, unknown>
  body: string
  fileName: string
  lines: [number, number]
  defaultSource?: string
}

/** Builds the article of a web page saved as front matter + HTML body. */
export function extractHtmlArticle(input: HtmlArticleInput): ArticleDraft {
  const { data, fileName } = input
  const title = stringField(data.title)
  if (!title) throw new CorpusError({ file: fileName, line: input.lines[0] }, 'front matter has no "title"')
  const blocks = htmlToBlocks(input.body).filter(
    (block) => !BOILERPLATE.some((pattern) => pattern.test(block)),
  )
  const paragraphs: string[] = []
  let originalTitle: string[] | undefined
  let origin: string | undefined
  for (const block of blocks) {
    const sourceLine = /^(?:来源|稿源|转自)[:：]\s*(.+)$/u.exec(block)
    if (sourceLine) {
      origin = sourceLine[1]!.trim()
      continue
    }
    const original = /^原标题[:：]\s*(.+)$/u.exec(block)
    if (original) {
      originalTitle = [collapseHeadingSpaces(original[1]!)]
      continue
    }
    // Title lines after 原标题 run until the body starts (a sentence, a note in brackets, or the source line).
    if (
      originalTitle &&
      paragraphs.length === 0 &&
      origin === undefined &&
      !/[。！？]$|^[（(]/u.test(block)
    ) {
      originalTitle.push(collapseHeadingSpaces(block))
      continue
    }
    paragraphs.push(collapseSpaces(block))
  }
  if (paragraphs.length === 0) {
    throw new CorpusError({ file: fileName, line: input.lines[0] }, 'the HTML body has no text paragraphs')
  }
  const publisher = stringField(data.source) ?? stringField(data.publisher) ?? stringField(data.author)
  const author = stringField(data.author)
  const draft: ArticleDraft = {
    title: title.trim(),
    authors: author && author !== publisher ? author.split(/[\s,，、]+/).filter(Boolean) : [],
    lines: input.lines,
    paragraphs,
  }
  const base = publisher ?? input.defaultSource
  if (base) draft.printedSource = origin && origin !== base ? `${base}（转载${origin}）` : base
  else if (origin) draft.printedSource = origin
  if (originalTitle) draft.subtitle = `原标题：${originalTitle.join(' ')}`
  const date = readDate(data.date)
  if (date) draft.date = date
  const url = stringField(data.url) ?? stringField(data.link) ?? stringField(data.permalink)
  if (url) draft.url = url
  return draft
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

function readDate(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value !== 'string') return undefined
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim())
  if (iso) return iso[0]
  const parsed = Date.parse(value)
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString().slice(0, 10)
}
