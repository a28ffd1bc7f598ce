/**
 * Fuzz: 10,000 generated questions (seeded; FUZZ_SEED=<n> replays a run) and the edge cases go through
 * answer(), every renderer, the HTTP API and the search page, and a share of them through the real bot.
 * Nothing may throw, every Telegram message must obey Telegram's rules and limits, and every API response
 * must be JSON of the documented shape.
 */
import type { Bot } from 'grammy'
import type { InlineKeyboardMarkup, InlineQueryResultArticle, Update } from 'grammy/types'
import { DomUtils, parseDocument } from 'htmlparser2'
import { beforeAll, describe, expect, it } from 'vitest'
import { answerKeyboard } from '../../src/bot/answer-message.ts'
import { decodeButton } from '../../src/bot/callback-data.ts'
import type { BotContext } from '../../src/bot/context.ts'
import { createBot } from '../../src/bot/create-bot.ts'
import { ErrorResponse, SearchResult } from '../../src/http/api.ts'
import { createApp, MAX_API_BODY_BYTES } from '../../src/http/create-app.ts'
import { renderAnswerHtml } from '../../src/render/answer-html.ts'
import { renderAnswerJson } from '../../src/render/answer-json.ts'
import { renderContextHtml } from '../../src/render/context-html.ts'
import { renderInlineResults } from '../../src/render/inline-results.ts'
import type { Searcher } from '../../src/search/types.ts'
import { BOT_TOKEN, botInfo } from '../helpers/fake-bot-api.ts'
import { createRandom, edgeQuestions, generateQuestion } from '../helpers/fuzz-inputs.ts'
import { createMemoryLogger } from '../helpers/memory-logger.ts'
import { realSearcher } from '../helpers/searcher.ts'
import { parseTelegramHtml } from '../helpers/telegram-html.ts'
import { inlineAnswerProblems, keyboardProblems } from '../helpers/telegram-limits.ts'
import {
  inlineQueryUpdate,
  messageUpdate,
  privateChat,
  supergroup,
  textMessage,
} from '../helpers/telegram-updates.ts'

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_623)
const GENERATED = 10_000
/** Every n-th question also goes through the real bot (private, group and inline). */
const BOT_SHARE = 5
/** 10,000 questions through answer() and every renderer, or through the HTTP app, on a busy 2-core machine. */
const LOOP_TIMEOUT = 90_000

const random = createRandom(SEED)
const questions = [...edgeQuestions, ...Array.from({ length: GENERATED }, () => generateQuestion(random))]

/** Elements the search page is made of; anything else would be markup injected by a question. */
const PAGE_ELEMENTS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'h1',
  'p',
  'search',
  'form',
  'input',
  'button',
  'section',
  'ol',
  'ul',
  'nav',
  'li',
  'blockquote',
  'mark',
  'span',
  'details',
  'summary',
  'a',
])

interface Failure {
  index: number
  question: string
  problem: string
}

let searcher: Searcher
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  searcher = await realSearcher()
  app = createApp({ searcher, logger: createMemoryLogger(), apiRateLimit: 100_000 })
})

/** Formats failures for the assertion message: the seed, and each input as a JS string literal. */
function report(failures: Failure[]): string {
  const shown = failures
    .slice(0, 10)
    .map((f) => `  #${f.index} ${JSON.stringify(f.question.slice(0, 300))}: ${f.problem}`)
  return `FUZZ_SEED=${SEED}: ${failures.length} failures\n${shown.join('\n')}`
}

function htmlProblems(html: string, what: string): string[] {
  return parseTelegramHtml(html).errors.map((error) => `${what}: ${error}`)
}

const checkedContexts = new Set<string>()

/** Runs answer() and every renderer on one question; returns what broke. */
async function checkRenderers(question: string, offset: number): Promise<string[]> {
  const problems: string[] = []
  const answer = await searcher.answer(question, { limit: 10, offset })
  if (answer.results.length > 10) problems.push(`answer: ${answer.results.length} results for limit 10`)
  for (const surface of ['private', 'group'] as const) {
    const rendered = renderAnswerHtml(answer, { surface, offset })
    problems.push(...htmlProblems(rendered.html, `renderAnswerHtml ${surface}`))
    const keyboard = answerKeyboard(rendered, question, offset)
    const markup = keyboard
      ? ({ inline_keyboard: keyboard.inline_keyboard } as InlineKeyboardMarkup)
      : undefined
    problems.push(...keyboardProblems(markup).map((p) => `keyboard ${surface}: ${p}`))
    for (const button of markup?.inline_keyboard.flat() ?? []) {
      if ('callback_data' in button && !decodeButton(button.callback_data ?? '')) {
        problems.push(`keyboard ${surface}: cannot decode ${JSON.stringify(button.callback_data)}`)
      }
    }
  }
  const inline = renderInlineResults(answer, offset)
  problems.push(...inlineAnswerProblems(inline.results, inline.nextOffset).map((p) => `inline: ${p}`))
  for (const passage of answer.results) {
    // A context message depends only on the paragraph: each is checked once per run.
    const key = `${passage.articleId}#${passage.paragraph}`
    if (checkedContexts.has(key)) continue
    checkedContexts.add(key)
    const context = searcher.context(passage.articleId, passage.paragraph, 1)
    if (!context) problems.push(`no context for ${passage.articleId}#${passage.paragraph}`)
    else problems.push(...htmlProblems(renderContextHtml(context), 'renderContextHtml'))
  }
  const json = renderAnswerJson(question, answer, { offset, limit: 10 }, 0.5)
  const shape = SearchResult.safeParse(JSON.parse(JSON.stringify(json)))
  if (!shape.success) problems.push(`renderAnswerJson: ${shape.error.message}`)
  return problems
}

/** Calls the API like a client would (GET when the question can be put in a URL, else POST JSON). */
async function checkApi(question: string, index: number): Promise<string[]> {
  const problems: string[] = []
  const limits = ['', '1', '5', '20', '0', '21', '-1', '1.5', 'abc', '１', '1e1']
  const limit = limits[index % limits.length] as string
  const offset = ['', '0', '3', '1000', '1001', '-5', 'x'][index % 7] as string
  let response: Response
  let bodyBytes = 0
  if (!/[\ud800-\udfff]/u.test(question) && index % 3 !== 0) {
    const query = new URLSearchParams({ q: question })
    if (limit) query.set('limit', limit)
    if (offset) query.set('offset', offset)
    response = await app.request(`/api/search?${query}`)
  } else {
    const body: Record<string, unknown> = { q: question }
    if (limit) body.limit = Number.isNaN(Number(limit)) ? limit : Number(limit)
    const json = JSON.stringify(body)
    bodyBytes = new TextEncoder().encode(json).length
    response = await app.request('/api/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json,
    })
  }
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return [`API ${response.status}: not JSON: ${text.slice(0, 200)}`]
  }
  if (!response.headers.get('content-type')?.includes('application/json')) problems.push('API: not JSON type')
  if (response.status === 200) {
    const shape = SearchResult.safeParse(json)
    if (!shape.success) problems.push(`API 200: ${shape.error.message}`)
  } else if (response.status === 400) {
    const shape = ErrorResponse.safeParse(json)
    if (!shape.success) problems.push(`API 400: ${shape.error.message}`)
    else if (!shape.data.error.issues?.length) problems.push('API 400 without issues')
  } else if (response.status === 413 && bodyBytes > MAX_API_BODY_BYTES) {
    if (!ErrorResponse.safeParse(json).success) problems.push(`API 413: ${text.slice(0, 200)}`)
  } else {
    problems.push(`API answered ${response.status}: ${text.slice(0, 200)}`)
  }
  if (/\bat \S+ \(|\/work\/|node_modules|\.ts:\d/.test(text)) problems.push('API: stack or path in the body')
  return problems
}

async function checkPage(question: string): Promise<string[]> {
  const query = /[\ud800-\udfff]/u.test(question) ? '' : `?${new URLSearchParams({ q: question })}`
  const response = await app.request(`/${query}`)
  const html = await response.text()
  if (response.status !== 200) return [`page answered ${response.status}: ${html.slice(0, 200)}`]
  const elements = DomUtils.findAll(() => true, parseDocument(html).children).map((element) => element.name)
  const foreign = [...new Set(elements)].filter((name) => !PAGE_ELEMENTS.has(name))
  return foreign.length > 0 ? [`page has injected elements: ${foreign.join(', ')}`] : []
}

describe(`fuzz (FUZZ_SEED=${SEED}, ${questions.length} questions)`, () => {
  it(
    'answer() and every renderer: nothing throws, every message is valid Telegram HTML within limits',
    async () => {
      const failures: Failure[] = []
      for (const [index, question] of questions.entries()) {
        const offset = index % 10 === 0 ? (index % 30) / 10 : 0
        try {
          const problems = await checkRenderers(question, offset)
          for (const problem of problems) failures.push({ index, question, problem })
        } catch (error) {
          failures.push({ index, question, problem: `threw ${String((error as Error).stack ?? error)}` })
        }
      }
      expect(failures.length, report(failures)).toBe(0)
    },
    LOOP_TIMEOUT,
  )

  it(
    'the HTTP API and the search page: always JSON of the documented shape, HTML without injected markup',
    async () => {
      const failures: Failure[] = []
      for (const [index, question] of questions.entries()) {
        try {
          const problems = [...(await checkApi(question, index)), ...(await checkPage(question))]
          for (const problem of problems) failures.push({ index, question, problem })
        } catch (error) {
          failures.push({ index, question, problem: `threw ${String((error as Error).stack ?? error)}` })
        }
      }
      expect(failures.length, report(failures)).toBe(0)
    },
    LOOP_TIMEOUT,
  )

  it('the real bot: every message and inline answer it sends is valid, and no update fails', async () => {
    const logger = createMemoryLogger()
    const bot: Bot<BotContext> = createBot(
      { token: BOT_TOKEN, mode: 'webhook', webhookSecret: 'fuzz', botInfo },
      { searcher, logger },
      { chatLimit: { limit: 1_000_000, groupPerMinute: 1_000_000 } },
    )
    const sent: { method: string; payload: Record<string, unknown>; index: number }[] = []
    let current = 0
    // Answers every call like Telegram would, without a network.
    bot.api.config.use(async (_prev, method, payload) => {
      sent.push({ method, payload: payload as Record<string, unknown>, index: current })
      const result = method === 'sendMessage' ? { message_id: sent.length, date: 0, chat: privateChat } : true
      return { ok: true, result } as never
    })
    const failures: Failure[] = []
    const updatesOf = (question: string): Update[] => [
      messageUpdate(textMessage(privateChat, question)),
      messageUpdate(textMessage(supergroup, `/ask@${botInfo.username} ${question}`)),
      inlineQueryUpdate(question),
    ]
    for (const [index, question] of questions.entries()) {
      if (index >= edgeQuestions.length && index % BOT_SHARE !== 0) continue
      current = index
      for (const update of updatesOf(question)) {
        try {
          await bot.handleUpdate(update)
        } catch (error) {
          failures.push({ index, question, problem: `handleUpdate threw ${String(error)}` })
        }
      }
    }
    for (const { method, payload, index } of sent) {
      const question = questions[index] ?? ''
      const problems: string[] = []
      if (method === 'sendMessage') {
        problems.push(...htmlProblems(String(payload.text), 'sendMessage'))
        if (payload.parse_mode !== 'HTML')
          problems.push(`sendMessage: parse_mode ${String(payload.parse_mode)}`)
        problems.push(...keyboardProblems(payload.reply_markup as InlineKeyboardMarkup | undefined))
      } else if (method === 'answerInlineQuery') {
        const results = payload.results as InlineQueryResultArticle[]
        problems.push(...inlineAnswerProblems(results, String(payload.next_offset ?? '')))
      } else {
        problems.push(`unexpected call ${method}`)
      }
      for (const problem of problems) failures.push({ index, question, problem })
    }
    for (const line of logger.lines.filter((l) => l.level !== 'info')) {
      failures.push({
        index: -1,
        question: '',
        problem: `logged ${line.message} ${JSON.stringify(line.fields)}`,
      })
    }
    expect(failures.length, report(failures)).toBe(0)
    expect(sent.filter((call) => call.method === 'sendMessage').length).toBeGreaterThan(2_000)
  })

  it('the webhook: any body gets 200, 400 or 413 (never 5xx), and whatever the bot sends is valid', async () => {
    const logger = createMemoryLogger()
    const bot = createBot(
      { token: BOT_TOKEN, mode: 'webhook', webhookSecret: 'fuzz', botInfo },
      { searcher, logger },
    )
    const sent: { method: string; payload: Record<string, unknown> }[] = []
    bot.api.config.use(async (_prev, method, payload) => {
      sent.push({ method, payload: payload as Record<string, unknown> })
      return {
        ok: true,
        result: method === 'sendMessage' ? { message_id: 1, date: 0, chat: privateChat } : true,
      } as never
    })
    const webhookApp = createApp({
      searcher,
      logger,
      webhook: { bot, secretToken: 'fuzz', path: '/telegram/webhook' },
    })
    const bodyRandom = createRandom(SEED + 1)
    const statuses = new Set<number>()
    const failures: Failure[] = []
    for (let index = 0; index < 2_000; index++) {
      const body = generateWebhookBody(bodyRandom, index, questions)
      const response = await webhookApp.request('/telegram/webhook', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'fuzz' },
        body,
      })
      const text = await response.text()
      statuses.add(response.status)
      if (![200, 400, 413].includes(response.status)) {
        failures.push({ index, question: body, problem: `webhook answered ${response.status}: ${text}` })
      }
      if (response.status !== 200 && !ErrorResponse.safeParse(JSON.parse(text)).success) {
        failures.push({ index, question: body, problem: `webhook error body not the error shape: ${text}` })
      }
    }
    for (const { method, payload } of sent) {
      const problems =
        method === 'sendMessage' && payload.parse_mode === 'HTML'
          ? htmlProblems(String(payload.text), 'sendMessage')
          : method === 'answerInlineQuery'
            ? inlineAnswerProblems(
                payload.results as InlineQueryResultArticle[],
                String(payload.next_offset ?? ''),
              )
            : []
      for (const problem of problems) failures.push({ index: -1, question: JSON.stringify(payload), problem })
    }
    expect(failures.length, report(failures)).toBe(0)
    // The run reached the bot with good and broken updates alike, and refused the bodies that are no update.
    expect([...statuses].sort()).toEqual([200, 400])
    expect(sent.some((call) => call.method === 'sendMessage')).toBe(true)
    expect(logger.lines.some((line) => line.message === 'update failed')).toBe(true)
    expect(logger.text()).not.toContain(BOT_TOKEN)
  })
})

/** A webhook body: random JSON, an update with fields of the wrong types, an unknown update type, or junk. */
function generateWebhookBody(random: () => number, index: number, texts: string[]): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const text = pick(texts)
  const updateId = pick([index + 1, -1, 0, 2 ** 53 - 1, 1.5, '7', null])
  const junk = pick<unknown>([null, 0, -1, '', 'x', [], {}, true, { id: 'a' }, [1, 2], 1e308, text])
  const chat = pick<unknown>([privateChat, supergroup, { id: 1, type: 'channel' }, junk, undefined])
  const message = {
    message_id: pick([1, junk]),
    date: 0,
    chat,
    from: pick<unknown>([{ id: 5, is_bot: false, first_name: 'x' }, junk, undefined]),
    text: pick<unknown>([text, `/ask@${botInfo.username} ${text}`, junk]),
    entities: pick<unknown>([
      undefined,
      junk,
      [{ type: 'bot_command', offset: 0, length: pick([0, 4, 999, -3]) }],
      [{ type: 'mention', offset: pick([0, -1, 5000]), length: 20 }],
    ]),
    reply_to_message: pick<unknown>([undefined, junk, { from: { id: botInfo.id } }]),
  }
  const kinds: (() => unknown)[] = [
    () => ({ update_id: updateId, message }),
    () => ({ update_id: updateId, edited_message: message }),
    () => ({ update_id: updateId, message: junk }),
    () => ({ update_id: updateId, channel_post: message }),
    () => ({
      update_id: updateId,
      callback_query: {
        id: 'q',
        from: message.from,
        chat_instance: '1',
        data: pick([text, 'm:3', 'c:x:1', 'r:0:湖南', junk]),
        message: pick<unknown>([message, junk, undefined]),
      },
    }),
    () => ({
      update_id: updateId,
      inline_query: {
        id: 'i',
        from: message.from,
        query: pick<unknown>([text, junk]),
        offset: pick<unknown>(['', '10', '-5', '1e9', junk]),
      },
    }),
    () => ({
      update_id: updateId,
      [pick(['poll', 'chat_member', 'message_reaction', 'business_message', 'x'])]: junk,
    }),
    () => junk,
  ]
  const value = pick(kinds)()
  if (random() < 0.03) return JSON.stringify(value).slice(0, Math.floor(random() * 40))
  return JSON.stringify(value) ?? 'undefined'
}
