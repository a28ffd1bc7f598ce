/** `npm start` as a newcomer meets it: a raw question in curl, a busy port, Telegram out of reach, a proxy. */
import { connect, createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BOT_TOKEN, botInfo, startFakeBotApi } from '../helpers/fake-bot-api.ts'
import { realSearcher } from '../helpers/searcher.ts'
import {
  runServerToExit,
  type ServerProcess,
  startServerProcess,
  waitForOutput,
} from '../helpers/server-process.ts'

beforeAll(async () => {
  await realSearcher()
})

/** Sends raw bytes (as curl does with an unencoded question) and returns the whole response. */
function rawRequest(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(Buffer.from(head, 'utf8')))
    let response = ''
    socket.on('data', (chunk) => {
      response += chunk.toString('utf8')
    })
    socket.on('end', () => resolve(response))
    socket.on('error', reject)
  })
}

describe('npm start, the HTTP side', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await startServerProcess()
  })
  afterAll(() => server.stop())

  it('answers a question sent as raw UTF-8 in the URL, as curl sends it', async () => {
    const response = await rawRequest(
      server.url,
      'GET /api/search?q=黄花机场 全货运航线&limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'.replace(
        ' 全',
        '%20全',
      ),
    )
    expect(response.startsWith('HTTP/1.1 200')).toBe(true)
    const body = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as {
      question: string
      results: unknown[]
    }
    expect(body.question).toBe('黄花机场 全货运航线')
    expect(body.results).toHaveLength(1)
    // The search page too.
    const page = await rawRequest(server.url, 'GET /?q=外贸 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(page.startsWith('HTTP/1.1 200')).toBe(true)
    expect(page).toContain('value="外贸"')
  })

  it('answers a JSON error that says to encode when it cannot (a second raw request on one connection)', async () => {
    const response = await rawRequest(
      server.url,
      'GET /api/search?q=外贸 HTTP/1.1\r\nHost: x\r\n\r\nGET /api/search?q=湖南 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    )
    const last = response.slice(response.lastIndexOf('HTTP/1.1 '))
    expect(last.startsWith('HTTP/1.1 400')).toBe(true)
    expect(last).toContain('--data-urlencode')
  })

  it('says plainly that the port is in use, without a stack trace', async () => {
    const { port } = new URL(server.url)
    const { code, output } = await runServerToExit({ PORT: port })
    expect(code).toBe(1)
    expect(output).toContain(`Cannot listen on 127.0.0.1:${port}: the port is already in use`)
    expect(output).toContain('PORT=')
    expect(output).not.toMatch(/\n\s+at /)
    expect(output).not.toContain('EADDRINUSE')
  })
})

describe('npm start when Telegram cannot be reached', () => {
  it('prints one plain line saying so and how to use a proxy, and keeps serving', {
    timeout: 60_000,
  }, async () => {
    // A port nobody listens on.
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as { port: number }).port
    await new Promise((resolve) => closed.close(resolve))
    const server = await startServerProcess({
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
    })
    try {
      await waitForOutput(server, 'Cannot reach the Telegram Bot API')
      // grammY retries getMe for ever: wait for a few retries.
      await new Promise((resolve) => setTimeout(resolve, 3_000))
      const output = server.output()
      expect(output.match(/Cannot reach the Telegram Bot API/g)).toHaveLength(1)
      expect(output).toContain('HTTPS_PROXY=')
      expect(output).toContain('TELEGRAM_API_ROOT')
      expect(output.match(/Bot API call failed/g)?.length ?? 0).toBeLessThanOrEqual(1)
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    } finally {
      await server.stop()
    }
  })

  it('reaches it through HTTPS_PROXY', { timeout: 60_000 }, async () => {
    const api = await startFakeBotApi()
    // A minimal HTTP CONNECT proxy that counts its tunnels.
    let tunnels = 0
    const proxy: Server = createServer((client: Socket) => {
      client.once('data', (head) => {
        const [, target] = /^CONNECT (\S+) HTTP/.exec(head.toString('latin1')) ?? []
        if (!target) return client.destroy()
        const [host, targetPort] = target.split(':')
        const upstream = connect(Number(targetPort), host, () => {
          tunnels++
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
          upstream.pipe(client)
          client.pipe(upstream)
        })
        upstream.on('error', () => client.destroy())
        client.on('error', () => upstream.destroy())
      })
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    const proxyPort = (proxy.address() as { port: number }).port
    const server = await startServerProcess({
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      BOT_INFO: JSON.stringify(botInfo),
      HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`,
    })
    try {
      await api.waitFor('getUpdates')
      expect(tunnels).toBeGreaterThan(0)
      expect(server.output()).not.toContain('Cannot reach')
    } finally {
      await server.stop()
      await api.close()
      await new Promise((resolve) => proxy.close(resolve))
    }
  })
})
