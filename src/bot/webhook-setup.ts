import type { Api } from 'grammy'
import type { WebhookInfo } from 'grammy/types'
import { ALLOWED_UPDATES } from './allowed-updates.ts'

/** The webhook URL for a public address: the address itself when it has a path, else <address><path>. */
export function webhookUrl(publicUrl: string, path: string): string {
  const url = new URL(publicUrl)
  if (url.protocol !== 'https:')
    throw new Error(`Telegram only calls https webhooks; got ${url.protocol}//${url.host}`)
  if (url.pathname === '/' || url.pathname === '') url.pathname = path
  return url.toString()
}

/** Registers the webhook with the secret and exactly the handled update types; returns getWebhookInfo. */
export async function registerWebhook(api: Api, url: string, secretToken: string): Promise<WebhookInfo> {
  await api.setWebhook(url, {
    secret_token: secretToken,
    allowed_updates: [...ALLOWED_UPDATES],
    max_connections: 40,
  })
  return api.getWebhookInfo()
}
