/**
 * The search page in a real browser (Debian's chromium): start `npm start`'s server on a random loopback
 * port, type a question, and see the quoted passage with its attribution.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { realSearcher } from '../helpers/searcher.ts'
import { type ServerProcess, startServerProcess } from '../helpers/server-process.ts'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'search page in chromium'
    : `search page in chromium (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`,
  () => {
    let server: ServerProcess
    let browser: Browser

    beforeAll(async () => {
      await realSearcher()
      server = await startServerProcess()
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      })
    })

    afterAll(async () => {
      await browser?.close()
      await server?.stop()
    })

    it('searches and shows the quoted passage with its attribution and the figure marked', async () => {
      const searcher = await realSearcher()
      const question = '湖南前11月进出口总额是多少？'
      const top = (await searcher.answer(question, { limit: 1 })).results[0]
      const page = await browser.newPage()
      await page.goto(server.url)
      await page.getByRole('searchbox').fill(question)
      await page.getByRole('button', { name: '搜索' }).click()
      await page.waitForURL(/\?q=/)
      const quote = page.locator('blockquote').first()
      expect(await quote.textContent()).toBe(top?.text)
      expect(await page.locator('mark.figure').allTextContents()).toContain('6417.6亿元')
      expect(await page.locator('.attribution').first().textContent()).toContain(`《${top?.title}》`)
      expect(await page.getByRole('searchbox').inputValue()).toBe(question)
    })

    it('at phone width (390 px): the CSS applies, the first attribution is on screen, no sideways scroll', async () => {
      const question = '湖南前11月进出口总额是多少？'
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 1,
      })
      try {
        const page = await context.newPage()
        await page.goto(`${server.url}/?q=${encodeURIComponent(question)}`)
        // The font rule survived: Chromium computes the declared list, not its default serif.
        const fontFamily = String(await page.evaluate('getComputedStyle(document.body).fontFamily'))
        expect(fontFamily).toContain('Noto Sans CJK SC')
        expect(fontFamily).not.toContain('Times')
        const attribution = await page.locator('.attribution').first().boundingBox()
        expect(attribution).not.toBeNull()
        expect((attribution?.y ?? 9999) + (attribution?.height ?? 0)).toBeLessThan(844)
        const quote = await page.locator('blockquote').first().boundingBox()
        // Number and indent leave the quote most of the width.
        expect(quote?.width ?? 0).toBeGreaterThan(390 * 0.8)
        const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'))
        expect(scrollWidth).toBeLessThanOrEqual(390)
        const dir = join(tmpdir(), 'xiangwen-screenshots')
        mkdirSync(dir, { recursive: true })
        const file = join(dir, `search-page-390px-${Date.now()}.png`)
        await page.screenshot({ path: file, fullPage: false })
        console.log(`screenshot of the search page at 390 px: ${file}`)
        // The context view: the attribution opens the article on the quoted paragraph.
        await page.locator('.attribution a').first().click()
        await page.waitForURL(/\/article\//)
        expect(await page.locator('p.asked').count()).toBe(1)
        const asked = await page.locator('p.asked').boundingBox()
        expect(asked?.y ?? -1).toBeGreaterThanOrEqual(0)
        expect(asked?.y ?? 9999).toBeLessThan(844)
      } finally {
        await context.close()
      }
    })
  },
)
