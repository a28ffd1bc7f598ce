/**
 * A real redis-server (Debian's package; `.ci/run` installs it) on 127.0.0.1 and a free port, with no
 * persistence, for the replica tests. Stop it after the tests; it can be stopped and started again on the
 * same port (a Redis outage while serving).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'

export const REDIS_SERVER = '/usr/bin/redis-server'

export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  url: string
  port: number
  /** Runs a redis-cli command against it and returns its output (FLUSHALL between tests, LRANGE …). */
  cli(...args: string[]): string
  /** Stops the server (an outage); start() brings it back on the same port, empty. */
  stop(): Promise<void>
  start(): Promise<void>
}

/** Says exactly what to install when redis-server is missing, instead of skipping the replica tests. */
export function requireRedisServer(): void {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} is missing: the replica tests need a real Redis. Install it with \`apt-get install -y redis-server\` (as root; .ci/run does it).`,
    )
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/** Starts redis-server and resolves once it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  requireRedisServer()
  const port = await freePort()
  let child: ChildProcess | undefined

  const start = async () => {
    const server = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = server
    let output = ''
    server.stdout?.on('data', (chunk) => {
      output += String(chunk)
    })
    server.stderr?.on('data', (chunk) => {
      output += String(chunk)
    })
    const started = Date.now()
    while (
      spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG'
    ) {
      if (server.exitCode !== null || Date.now() - started > 10_000)
        throw new Error(`redis-server did not start on port ${port}:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      const running = child
      child = undefined
      if (!running || running.exitCode !== null) return resolve()
      running.once('exit', () => resolve())
      running.kill('SIGTERM')
    })

  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    cli: (...args) =>
      spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim(),
    stop,
    start,
  }
}
