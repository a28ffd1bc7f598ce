/**
 * `npm start`: opens the searcher (building the index when missing or stale), serves the HTTP API and the
 * search page on HOST:PORT, and runs the Telegram bot by long polling or on the webhook route.
 */
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { ALLOWED_UPDATES } from './bot/allowed-updates.ts'
import { registerCommands } from './bot/commands.ts'
import { createBot } from './bot/create-bot.ts'
import { createConsoleLogger, describeError } from './bot/logger.ts'
import { ConfigError, loadDotEnvFile, parseConfig, WEBHOOK_PATH } from './config.ts'
import { recoverCorpus } from './corpus/ingest-journal.ts'
import { createApp } from './http/create-app.ts'
import { createLiveSearcher } from './search/live-searcher.ts'
import { createMissFile } from './search/miss-file.ts'
import { recordMisses } from './search/miss-log.ts'
import { watchCorpus } from './search/watch-corpus.ts'

/** Secrets to keep out of every line printed, once the configuration is known. */
const secrets: string[] = []

async function main(): Promise<void> {
  loadDotEnvFile()
  const config = parseConfig(process.env)
  secrets.push(config.bot?.token ?? '', config.bot?.webhookSecret ?? '')
  const logger = createConsoleLogger(secrets)

  const started = performance.now()
  const articlesDir = config.corpusDir ?? 'corpus/articles'
  const recovered = await recoverCorpus({ articlesDir })
  if (recovered) console.log(`An interrupted ingest was ${recovered}.`)
  const live = await createLiveSearcher({
    corpusDir: articlesDir,
    ...(config.indexPath ? { indexPath: config.indexPath } : {}),
    onRebuild: (reason) => console.log(`Building the search index (${reason})…`),
    onSwap: (status) =>
      console.log(
        `Index reloaded: ${status.articles} articles, ${status.paragraphs} paragraphs, corpus ${status.version} (${status.ms} ms)`,
      ),
    onReloadReady: () =>
      console.log(
        `Live reload on: watching ${articlesDir} and corpus/dict (or \`kill -HUP ${process.pid}\` to reload)`,
      ),
    onReloadError: (message) => console.error(`Reload failed, still serving the previous index: ${message}`),
  })
  // Opt-in: unanswered questions (text and time only) for `npm run -s cli -- misses`.
  const missSink = config.missesLog
    ? createMissFile(config.missesLog, (message) => logger.warn(message))
    : undefined
  const searcher = live.searcher
  if (config.missesLog)
    console.log(`Recording unanswered questions (text and time only) in ${config.missesLog}`)
  const watcher = watchCorpus({ articlesDir, dictDir: 'corpus/dict', onChange: () => void live.reload() })
  process.on('SIGHUP', () => {
    console.log('SIGHUP: reloading the corpus…')
    void live.reload()
  })
  const stats = searcher.stats()
  console.log(
    `Index loaded: ${stats.articles} articles, ${stats.paragraphs} paragraphs, corpus ${stats.version} (${Math.round(performance.now() - started)} ms)`,
  )

  const botSearcher = missSink ? recordMisses(searcher, missSink) : searcher
  const bot = config.bot ? createBot(config.bot, { searcher: botSearcher, logger }) : undefined
  const webhook =
    bot && config.bot?.mode === 'webhook' && config.bot.webhookSecret
      ? { bot, secretToken: config.bot.webhookSecret, path: WEBHOOK_PATH }
      : undefined

  const app = createApp({
    searcher,
    logger,
    apiRateLimit: config.apiRateLimit,
    clientIpHeader: config.clientIpHeader,
    clientAddress: (c) => getConnInfo(c).remote.address,
    indexStatus: live.status,
    ...(missSink ? { missSink } : {}),
    webhook,
    secrets,
  })

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
    console.log(`Listening on http://${host}:${info.port} (search page /, API /api/search, /openapi.json)`)
  })

  const shutdown = async () => {
    console.log('Shutting down…')
    watcher.close()
    await bot?.stop()
    server.close()
    // Keep-alive connections would otherwise hold the process open.
    if ('closeAllConnections' in server) server.closeAllConnections()
    await live.close()
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)

  if (!bot || !config.bot) {
    console.log(
      'Telegram bot is off: TELEGRAM_BOT_TOKEN is not set. To turn it on, get a token from @BotFather and run `TELEGRAM_BOT_TOKEN=123456:ABC… npm start` (or put it in .env).',
    )
    return
  }
  await bot.init()
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
