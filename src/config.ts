import type { UserFromGetMe } from 'grammy/types'
import { z } from 'zod'

/** The path Telegram posts updates to in webhook mode. */
export const WEBHOOK_PATH = '/telegram/webhook'

const optionalText = z.string().trim().min(1).optional()

const botInfoSchema = z
  .object({
    id: z.number().int().positive(),
    is_bot: z.literal(true),
    first_name: z.string().min(1),
    username: z.string().min(1),
    can_join_groups: z.boolean().default(true),
    can_read_all_group_messages: z.boolean().default(false),
    supports_inline_queries: z.boolean().default(true),
    can_connect_to_business: z.boolean().default(false),
    has_main_web_app: z.boolean().default(false),
    has_topics_enabled: z.boolean().default(false),
    allows_users_to_create_topics: z.boolean().default(false),
    can_manage_bots: z.boolean().default(false),
    supports_join_request_queries: z.boolean().default(false),
  })
  .loose()

/** REDIS_URL: redis://[user:password@]host[:port][/db] or rediss://… (TLS). */
export const redisUrlSchema = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        const url = new URL(value)
        return /^rediss?:$/.test(url.protocol) && url.hostname !== '' && /^\/?\d*$/.test(url.pathname)
      } catch {
        return false
      }
    },
    {
      error:
        'expected a Redis URL like redis://127.0.0.1:6379 (or redis://:password@host:6379/0, rediss:// for TLS)',
    },
  )

const envSchema = z
  .object({
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PORT: z.coerce
      .number({ error: 'expected a port number from 0 to 65535' })
      .int({ error: 'expected a port number from 0 to 65535' })
      .min(0, { error: 'expected a port number from 0 to 65535' })
      .max(65535, { error: 'expected a port number from 0 to 65535' })
      .default(8787),
    TELEGRAM_BOT_TOKEN: z
      .string()
      .trim()
      .regex(/^\d+:[A-Za-z0-9_-]+$/, { error: 'expected a bot token from @BotFather, like 123456:ABC-DEF…' })
      .optional(),
    BOT_MODE: z
      .enum(['polling', 'webhook'], { error: 'expected "polling" (the default) or "webhook"' })
      .default('polling'),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: 'expected 1-256 characters of A-Z, a-z, 0-9, _ and -' })
      .optional(),
    TELEGRAM_API_ROOT: z
      .url({
        protocol: /^https?$/,
        error: 'expected an http(s) URL of a Bot API server, like https://api.telegram.org',
      })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    HTTPS_PROXY: z
      .url({ protocol: /^https?$/, error: 'expected the URL of an HTTP proxy, like http://127.0.0.1:7890' })
      .optional(),
    BOT_INFO: z
      .string()
      .transform((value, ctx) => {
        try {
          return JSON.parse(value) as unknown
        } catch {
          ctx.addIssue({ code: 'custom', message: 'expected the JSON that getMe returns' })
          return z.NEVER
        }
      })
      .pipe(botInfoSchema)
      .optional(),
    CORPUS_DIR: optionalText,
    INDEX_PATH: optionalText,
    MISSES_LOG: optionalText,
    REDIS_URL: redisUrlSchema.optional(),
    API_RATE_LIMIT: z.coerce
      .number({ error: 'expected a whole number of requests per minute (1-100000)' })
      .int({ error: 'expected a whole number of requests per minute (1-100000)' })
      .min(1, { error: 'expected a whole number of requests per minute (1-100000)' })
      .max(100_000, { error: 'expected a whole number of requests per minute (1-100000)' })
      .default(60),
    CLIENT_IP_HEADER: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9-]+$/, { error: 'expected a header name such as x-forwarded-for or cf-connecting-ip' })
      .optional(),
    TRUSTED_PROXY_HOPS: z.coerce
      .number({ error: 'expected the number of proxies in front of the service (1-10)' })
      .int({ error: 'expected the number of proxies in front of the service (1-10)' })
      .min(1, { error: 'expected the number of proxies in front of the service (1-10)' })
      .max(10, { error: 'expected the number of proxies in front of the service (1-10)' })
      .default(1),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_BOT_TOKEN && env.BOT_MODE === 'webhook' && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'required when BOT_MODE=webhook (1-256 characters of A-Z, a-z, 0-9, _ and -)',
      })
    }
  })

export interface BotConfig {
  token: string
  mode: 'polling' | 'webhook'
  webhookSecret?: string
  apiRoot?: string
  /** An HTTP proxy for the Bot API calls (HTTPS_PROXY), where api.telegram.org is blocked. */
  proxy?: string
  botInfo?: UserFromGetMe
}

export interface Config {
  host: string
  port: number
  /** Absent when no TELEGRAM_BOT_TOKEN is set: the bot is off. */
  bot?: BotConfig
  corpusDir?: string
  indexPath?: string
  /** Requests per minute per client on /api/*. */
  apiRateLimit: number
  /** Header naming the client address (behind a proxy); otherwise the connection's address is used. */
  clientIpHeader?: string
  /** Proxies in front of the service that append to X-Forwarded-For (the client's entry is this many from the end). */
  trustedProxyHops: number
  /** Opt-in: a file where unanswered questions are appended (text and time only); in Redis when redisUrl is set. */
  missesLog?: string
  /** Replicas share dedupe, limits and the misses log in this Redis; absent: this process's memory. */
  redisUrl?: string
}

/** A configuration error that names the variables at fault and what they expect. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Parses the environment once; throws ConfigError naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty values (TELEGRAM_BOT_TOKEN= in .env) mean "not set".
  const present = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => (entry[1] ?? '').trim() !== ''),
  )
  // curl and most tools also read the lower-case name.
  if (present.HTTPS_PROXY === undefined && present.https_proxy !== undefined)
    present.HTTPS_PROXY = present.https_proxy
  const parsed = envSchema.safeParse(present)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const [name = 'environment', ...field] = issue.path.map(String)
      if (name === 'BOT_INFO' && field.length > 0) {
        return `BOT_INFO: expected the JSON that getMe returns; field ${field.join('.')}: ${issue.message}`
      }
      const value = present[name]
      // A Redis URL may carry a password: its value is shown only without one.
      const hidden = /TOKEN|SECRET/.test(name) || (name === 'REDIS_URL' && value?.includes('@'))
      const shown = value === undefined || hidden ? '' : ` (got ${JSON.stringify(value)})`
      return `${name}: ${issue.message}${shown}`
    })
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`)
  }
  const values = parsed.data
  return {
    host: values.HOST,
    port: values.PORT,
    bot: values.TELEGRAM_BOT_TOKEN
      ? {
          token: values.TELEGRAM_BOT_TOKEN,
          mode: values.BOT_MODE,
          webhookSecret: values.TELEGRAM_WEBHOOK_SECRET,
          apiRoot: values.TELEGRAM_API_ROOT,
          proxy: values.HTTPS_PROXY,
          botInfo: values.BOT_INFO as UserFromGetMe | undefined,
        }
      : undefined,
    corpusDir: values.CORPUS_DIR,
    indexPath: values.INDEX_PATH,
    apiRateLimit: values.API_RATE_LIMIT,
    clientIpHeader: values.CLIENT_IP_HEADER,
    trustedProxyHops: values.TRUSTED_PROXY_HOPS,
    missesLog: values.MISSES_LOG,
    redisUrl: values.REDIS_URL,
  }
}

/** Node only: loads .env from the working directory when there is one (variables already set win). */
export function loadDotEnvFile(path = '.env'): void {
  try {
    process.loadEnvFile(path)
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error
  }
}
