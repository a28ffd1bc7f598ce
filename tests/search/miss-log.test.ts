import { execFile } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/http/create-app.ts'
import { createMissFile } from '../../src/search/miss-file.ts'
import { type Miss, parseSince, recordMisses, summarizeMisses } from '../../src/search/miss-log.ts'
import { realSearcher } from '../helpers/searcher.ts'

const UNANSWERABLE = '火星殖民基地什么时候建成'
const ANSWERABLE = '湖南前11月进出口总额是多少'
const silentLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} }

describe('the log of unanswered questions', () => {
  it('records only the text and time of a question with found: false, once per question asked', async () => {
    const misses: Miss[] = []
    const at = new Date('2026-11-20T08:00:00Z')
    const searcher = recordMisses(
      await realSearcher(),
      (miss) => misses.push(miss),
      () => at,
    )
    expect((await searcher.answer(UNANSWERABLE)).found).toBe(false)
    expect((await searcher.answer(ANSWERABLE)).found).toBe(true)
    // 更多 (a later page) repeats a question already recorded.
    await searcher.answer(UNANSWERABLE, { offset: 5 })
    expect(misses).toEqual([{ q: UNANSWERABLE, at: '2026-11-20T08:00:00.000Z' }])
  })

  it('counts a question the API answers from its cache every time it is asked', async () => {
    const misses: Miss[] = []
    const app = createApp({
      searcher: await realSearcher(),
      logger: silentLogger as never,
      missSink: (miss) => misses.push(miss),
    })
    for (let index = 0; index < 3; index++) {
      const response = await app.request(`/api/search?q=${encodeURIComponent(UNANSWERABLE)}`)
      expect(response.status).toBe(200)
    }
    expect(misses.map((miss) => Object.keys(miss).sort())).toEqual([
      ['at', 'q'],
      ['at', 'q'],
      ['at', 'q'],
    ])
  })

  it('appends JSON lines to the opt-in file', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'xiangwen-misses-')), 'logs', 'misses.jsonl')
    const sink = createMissFile(path, (message) => {
      throw new Error(message)
    })
    sink({ q: '问题一', at: '2026-11-20T08:00:00.000Z' })
    sink({ q: '问题二', at: '2026-11-20T09:00:00.000Z' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await readFile(path, 'utf8')).trim().split('\n')).toEqual([
      '{"q":"问题一","at":"2026-11-20T08:00:00.000Z"}',
      '{"q":"问题二","at":"2026-11-20T09:00:00.000Z"}',
    ])
  })

  it('lists the most asked first, within --since', () => {
    const lines = [
      { q: '低保标准', at: '2026-11-01T08:00:00Z' },
      { q: '公交卡 办理', at: '2026-11-19T08:00:00Z' },
      { q: '公交卡  办理', at: '2026-11-20T08:00:00Z' },
      { q: '低保标准', at: '2026-11-20T09:00:00Z' },
      { q: '公交卡 办理', at: '2026-11-20T10:00:00Z' },
    ]
    const text = `${lines.map((line) => JSON.stringify(line)).join('\n')}\nnot json\n`
    const since = parseSince('7d', new Date('2026-11-21T00:00:00Z'))
    expect(summarizeMisses(text, since)).toEqual({
      summary: [
        { question: '公交卡 办理', count: 3, last: '2026-11-20T10:00:00Z' },
        { question: '低保标准', count: 1, last: '2026-11-20T09:00:00Z' },
      ],
      skipped: 1,
    })
    expect(parseSince('24h', new Date('2026-11-21T00:00:00Z'))?.toISOString()).toBe(
      '2026-11-20T00:00:00.000Z',
    )
    expect(parseSince('last week')).toBeUndefined()
  })

  it('prints them with `cli misses`, and says how to turn the log on when it is off', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'xiangwen-misses-')), 'misses.jsonl')
    const now = Date.now()
    const recent = (hours: number) => new Date(now - hours * 3_600_000).toISOString()
    await writeFile(
      path,
      [
        { q: '低保标准', at: recent(1) },
        { q: '公交卡办理', at: recent(2) },
        { q: '公交卡办理', at: recent(3) },
        { q: '旧问题', at: recent(24 * 30) },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    )
    const run = promisify(execFile)
    const { stdout } = await run(
      'node_modules/.bin/tsx',
      ['src/cli.ts', 'misses', '--since', '7d', '--log', path],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      },
    )
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.replace(/\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+/, ' | ')),
    ).toEqual(['2 | 公交卡办理', '1 | 低保标准'])
    const off = await run('node_modules/.bin/tsx', ['src/cli.ts', 'misses'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
      cwd: process.cwd(),
    }).catch((error: { code: number; stderr: string }) => error)
    expect('code' in off ? off.code : 0).toBe(1)
    expect('stderr' in off ? off.stderr : '').toMatch(/no misses log: set MISSES_LOG=path/)
  }, 30_000)
})
