/**
 * `npm start`: opens the searcher (building the index when missing or stale), serves the HTTP API and the
 * search page on HOST:PORT, and runs the Telegram bot by long polling or on the webhook route.
 */
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { ALLOWED_UPDATES } from './bot/allowed-updates.ts'
import { registerCommands } from './bot/commands.ts'
import { createBot } from './bot/create-bot.ts'
import { createConsoleLogger, describeError } from './bot/logger.ts'
import { ConfigError, loadDotEnvFile, parseConfig, WEBHOOK_PATH } from './config.ts'
import { createApp } from './http/create-app.ts'
import { acceptRawUtf8Targets } from './http/raw-query.ts'
import { openSearcher } from './search/open-searcher.ts'

/** Secrets to keep out of every line printed, once the configuration is known. */
const secrets: string[] = []

async function main(): Promise<void> {
  loadDotEnvFile()
  const config = parseConfig(process.env)
  secrets.push(config.bot?.token ?? '', config.bot?.webhookSecret ?? '')
  const logger = createConsoleLogger(secrets)

  const started = performance.now()
  const searcher = await openSearcher({
    corpusDir: config.corpusDir,
    indexPath: config.indexPath,
    onRebuild: (reason) => console.log(`Building the search index (${reason})…`),
    onWarning: (message) => console.warn(`Warning: ${message}`),
  })
  const stats = searcher.stats()
  console.log(
    `Index loaded: ${stats.articles} articles, ${stats.paragraphs} paragraphs, corpus ${stats.version} (${Math.round(performance.now() - started)} ms)`,
  )

  const apiRoot = config.bot?.apiRoot ?? 'https://api.telegram.org'
  const bot = config.bot
    ? createBot(
        config.bot,
        { searcher, logger },
        {
          ...(config.bot.proxy ? { baseFetchConfig: { agent: new HttpsProxyAgent(config.bot.proxy) } } : {}),
          onUnreachable: (reason) =>
            console.error(
              `Cannot reach the Telegram Bot API at ${apiRoot}${config.bot?.proxy ? ' through the proxy' : ''}: ${reason}. ` +
                'The search page and the API keep working and the bot keeps retrying. Where api.telegram.org is blocked, ' +
                'set HTTPS_PROXY=http://<proxy host>:<port> (an HTTP proxy that reaches Telegram) or TELEGRAM_API_ROOT to a Bot API server you can reach.',
            ),
        },
      )
    : undefined
  const webhook =
    bot && config.bot?.mode === 'webhook' && config.bot.webhookSecret
      ? { bot, secretToken: config.bot.webhookSecret, path: WEBHOOK_PATH }
      : undefined

  const app = createApp({
    searcher,
    logger,
    apiRateLimit: config.apiRateLimit,
    clientIpHeader: config.clientIpHeader,
    trustedProxyHops: config.trustedProxyHops,
    // A flooding client waits a second for each refusal: its connections stop costing the loop anything.
    refusalDelayMs: 1_000,
    clientAddress: (c) => getConnInfo(c).remote.address,
    webhook,
    secrets,
  })

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
    console.log(`Listening on http://${host}:${info.port} (search page /, API /api/search, /openapi.json)`)
  })

  server.once('error', (error: NodeJS.ErrnoException) => {
    const where = `${config.host}:${config.port}`
    if (error.code === 'EADDRINUSE') {
      console.error(
        `Cannot listen on ${where}: the port is already in use. Stop the other process, or choose another port: PORT=8788 npm start`,
      )
    } else if (error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') {
      console.error(
        `Cannot listen on ${where} (${error.code}): set HOST and PORT to an address this machine has, such as HOST=127.0.0.1 PORT=8787`,
      )
    } else {
      console.error(`Cannot listen on ${where}: ${describeError(error, secrets)}`)
    }
    process.exit(1)
  })
  acceptRawUtf8Targets(server as Server)

  // Stops grammY's endless getMe retries when Telegram is out of reach and the service is asked to stop.
  const starting = new AbortController()
  const shutdown = async () => {
    console.log('Shutting down…')
    starting.abort()
    await bot?.stop()
    server.close()
    // Keep-alive connections would otherwise hold the process open.
    if ('closeAllConnections' in server) server.closeAllConnections()
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)

  if (!bot || !config.bot) {
    console.log(
      'Telegram bot is off: TELEGRAM_BOT_TOKEN is not set. To turn it on, get a token from @BotFather and run `TELEGRAM_BOT_TOKEN=123456:ABC… npm start` (or put it in .env).',
    )
    return
  }
  try {
    await bot.init(starting.signal as Parameters<typeof bot.init>[0])
  } catch (error) {
    if (starting.signal.aborted) return
    throw error
  }
  await registerCommands(bot.api).catch((error: unknown) =>
    logger.warn('could not register the command menu', { error: describeError(error, secrets) }),
  )
  if (webhook) {
    console.log(
      `Telegram bot @${bot.botInfo.username}: webhook mode on POST ${WEBHOOK_PATH}. Register it with \`npm run webhook:set -- https://<public host>\`.`,
    )
    return
  }
  console.log(
    `Telegram bot @${bot.botInfo.username}: long polling (any webhook was deleted). Talk to it in Telegram.`,
  )
  await bot.start({
    allowed_updates: [...ALLOWED_UPDATES],
    drop_pending_updates: false,
  })
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message)
  } else {
    console.error(`Failed to start: ${describeError(error, secrets)}`)
  }
  process.exit(1)
})
