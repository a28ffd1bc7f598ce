// Links shown to citizens: only web addresses. `javascript:`, `data:`, `tg://` and the like are never linked.

/** True when the text is an absolute http(s) URL. */
export function isSafeUrl(url: string | undefined): url is string {
  if (url === undefined) return false
  try {
    const parsed = new URL(url.trim())
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
  } catch {
    return false
  }
}

/** The url when it is safe to link, else undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  return isSafeUrl(url) ? url : undefined
}
