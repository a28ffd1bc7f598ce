/**
 * The search page in a real browser (Debian's chromium): start `npm start`'s server on a random loopback
 * port, type a question, and see the quoted passage with its attribution.
 */
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { realSearcher } from '../helpers/searcher.ts'
import { type ServerProcess, startServerProcess } from '../helpers/server-process.ts'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)

describe.skipIf(!hasChromium)(
  `search page in chromium (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`,
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
  },
)
