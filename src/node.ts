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
import { createConsoleLogger, describeError, type Logger } from './bot/logger.ts'
import { ConfigError, loadDotEnvFile, parseConfig, WEBHOOK_PATH } from './config.ts'
import { recoverCorpus } from './corpus/ingest-journal.ts'
import { createApp } from './http/create-app.ts'
import { acceptRawUtf8Targets } from './http/raw-query.ts'
import { createLiveSearcher } from './search/live-searcher.ts'
import { createMissFile } from './search/miss-file.ts'
import { recordMisses } from './search/miss-log.ts'
import { watchCorpus } from './search/watch-corpus.ts'
import type { SharedState } from './shared/shared-state.ts'

/** Secrets to keep out of every line printed, once the configuration is known. */
const secrets: string[] = []

/**
 * Replicas: connects to REDIS_URL, or stops the start with one line saying where and what to do. The client
 * is loaded only here, so a single process without REDIS_URL never loads it.
 */
async function connectSharedState(url: string, logger: Logger): Promise<SharedState & { missesKey: string }> {
  const { connectRedisSharedState, MISSES_KEY, RedisConnectError } = await import(
    './shared/redis-shared-state.ts'
  )
  try {
    const state = await connectRedisSharedState({
      url,
      onOutage: (message) => logger.error(message),
      onRecovered: (message) => logger.info(message),
    })
    return Object.assign(state, { missesKey: MISSES_KEY })
  } catch (error) {
    if (!(error instanceof RedisConnectError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}

async function main(): Promise<void> {
  loadDotEnvFile()
  const config = parseConfig(process.env)
  secrets.push(config.bot?.token ?? '', config.bot?.webhookSecret ?? '')
  if (config.redisUrl) secrets.push(decodeURIComponent(new URL(config.redisUrl).password))
  const logger = createConsoleLogger(secrets)

  // Replicas: dedupe, limits and misses in Redis, checked before anything else so a bad Redis stops the start.
  const sharedState = config.redisUrl ? await connectSharedState(config.redisUrl, logger) : undefined
  if (sharedState)
    console.log(
      `Sharing the update dedupe, the rate limits and the flood counters with other replicas in ${sharedState.description}`,
    )

  const started = performance.now()
  const articlesDir = config.corpusDir ?? 'corpus/articles'
  const recovered = await recoverCorpus({ articlesDir })
  if (recovered) console.log(`An interrupted ingest was ${recovered}.`)
  const live = await createLiveSearcher({
    corpusDir: articlesDir,
    ...(config.indexPath ? { indexPath: config.indexPath } : {}),
    onRebuild: (reason) => console.log(`Building the search index (${reason})…`),
    onWarning: (message) => console.warn(`Warning: ${message}`),
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
  // With replicas the misses go to Redis, so that one `cli misses` sees every replica's.
  const missSink = config.missesLog
    ? sharedState
      ? sharedState.recordMiss
      : createMissFile(config.missesLog, (message) => logger.warn(message))
    : undefined
  const searcher = live.searcher
  if (config.missesLog)
    console.log(
      `Recording unanswered questions (text and time only) in ${sharedState ? `${sharedState.description} (list ${sharedState.missesKey}, shared by the replicas; not in ${config.missesLog})` : config.missesLog}`,
    )
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
  const apiRoot = config.bot?.apiRoot ?? 'https://api.telegram.org'
  const bot = config.bot
    ? createBot(
        config.bot,
        { searcher: botSearcher, logger },
        {
          ...(sharedState ? { sharedState } : {}),
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
    indexStatus: live.status,
    ...(missSink ? { missSink } : {}),
    ...(sharedState ? { sharedState } : {}),
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
    watcher.close()
    await bot?.stop()
    server.close()
    // Keep-alive connections would otherwise hold the process open.
    if ('closeAllConnections' in server) server.closeAllConnections()
    await live.close()
    await sharedState?.close()
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
