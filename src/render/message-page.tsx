import { raw } from 'hono/html'
import type { FC } from 'hono/jsx'
import { zh } from '../../prompts/zh.ts'

const style =
  'body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.7}'

/** A short page for a browser that asked for something we cannot show (404, 429): the reason and a way back. */
const MessagePage: FC<{ title: string; message: string }> = ({ title, message }) => (
  <html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · ${zh.page.title}`}</title>
      <style>{raw(style)}</style>
    </head>
    <body>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">{zh.api.backToSearch}</a>
      </p>
    </body>
  </html>
)

/** The page as an HTML document string. */
export function renderMessagePage(title: string, message: string): string {
  return `<!doctype html>${(<MessagePage title={title} message={message} />).toString()}`
}
