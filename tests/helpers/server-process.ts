/** Runs `npm start`'s entry point (tsx src/node.ts) as a child process on a random loopback port. */
import { type ChildProcess, spawn } from 'node:child_process'
import { CORPUS_DIR, INDEX_PATH } from './searcher.ts'

export interface ServerProcess {
  /** e.g. http://127.0.0.1:39121 */
  url: string
  child: ChildProcess
  output(): string
  stop(): Promise<void>
}

const TSX = 'node_modules/.bin/tsx'

/** The environment of a test server: loopback, a random port, the test corpus, nothing inherited that matters. */
export function serverEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HOST: '127.0.0.1',
    PORT: '0',
    CORPUS_DIR,
    INDEX_PATH,
    ...extra,
  }
}

/** Spawns `src/node.ts` with the test environment, collecting stdout and stderr together. */
function spawnServer(extra: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(TSX, ['src/node.ts'], { env: serverEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const collect = (chunk: unknown) => {
    output += String(chunk)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  return { child, output: () => output }
}

/** Spawns the server and waits for its "Listening on" line. */
export async function startServerProcess(
  extra: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const { child, output } = spawnServer(extra)
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running after the test that gave up on it.
      child.kill('SIGKILL')
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${output()}`))
    }, timeoutMs)
    const check = () => {
      const match = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output()}`))
    })
  })
  return {
    url,
    child,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** Runs the entry point to completion (for configurations that must fail). */
export function runServerToExit(
  extra: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const { child, output } = spawnServer(extra)
    child.once('exit', (code) => resolve({ code, output: output() }))
  })
}

/** Waits until the output contains a text. */
export async function waitForOutput(server: ServerProcess, text: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now()
  while (!server.output().includes(text)) {
    if (Date.now() - started > timeoutMs) throw new Error(`"${text}" never printed:\n${server.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
