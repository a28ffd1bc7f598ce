/** `npm run webhook:set -- <public url>`: registers the bot's webhook (with the secret) and prints getWebhookInfo. */
import { Api } from 'grammy'
import { describeError } from '../src/bot/logger.ts'
import { registerWebhook, webhookUrl } from '../src/bot/webhook-setup.ts'
import { ConfigError, loadDotEnvFile, parseConfig, WEBHOOK_PATH } from '../src/config.ts'

async function main(args: string[]): Promise<number> {
  const [publicUrl] = args
  if (!publicUrl) {
    console.error(`Usage: npm run webhook:set -- https://<public host>[${WEBHOOK_PATH}]`)
    return 2
  }
  loadDotEnvFile()
  const config = parseConfig(process.env)
  if (!config.bot) {
    console.error('TELEGRAM_BOT_TOKEN: required to register a webhook (get one from @BotFather).')
    return 1
  }
  if (!config.bot.webhookSecret) {
    console.error(
      'TELEGRAM_WEBHOOK_SECRET: required to register a webhook (1-256 characters of A-Z, a-z, 0-9, _ and -).',
    )
    return 1
  }
  if (config.bot.mode !== 'webhook') {
    console.error(
      'Note: BOT_MODE is not "webhook"; set BOT_MODE=webhook for `npm start` to serve the webhook route.',
    )
  }
  const url = webhookUrl(publicUrl, WEBHOOK_PATH)
  const api = new Api(config.bot.token, config.bot.apiRoot ? { apiRoot: config.bot.apiRoot } : undefined)
  const info = await registerWebhook(api, url, config.bot.webhookSecret)
  console.log(`Webhook set to ${url}`)
  console.log(JSON.stringify(info, null, 2))
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const token = process.env.TELEGRAM_BOT_TOKEN ?? ''
    console.error(
      error instanceof ConfigError ? error.message : `webhook:set failed: ${describeError(error, [token])}`,
    )
    process.exit(1)
  },
)
