/**
 * The scale benchmark (issue 13): at each scale, a corpus of the CMRC 2018 contexts and the seed corpus with
 * `scale - 1` variants of each context (scripts/scale-corpus.ts), indexed by 湘问 and by a peer, SQLite FTS5
 * over the same jieba words (better-sqlite3). Each phase runs in a child process of its own, so that its memory
 * is its own: the build (buildBundle + writeBundle), then a fresh process that reads the index (readBundle +
 * createSearcher, as the server does) and answers a fixed sample of CMRC questions.
 *   npm run -s bench -- --scale 1,20,150,1000 [--questions 500|all] [--json] [--no-peer] [--seed 13]
 *     [--max-build-seconds 1800] [--max-query-seconds 900] [--heap-mb 8192] [--dir build/bench-scale] [--keep]
 *     [--cmrc FILE.json] [--corpus DIR] [--dict DIR]
 */
import { spawn } from 'node:child_process'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { BuildResult, Phase, QueryResult } from './bench-scale-phase.ts'

const PHASE_SCRIPT = fileURLToPath(new URL('./bench-scale-phase.ts', import.meta.url))

const USAGE =
  'usage: npm run -s bench -- --scale 1,20,150,1000 [--questions 500|all] [--json] [--no-peer] [--seed N] [--max-build-seconds S] [--max-query-seconds S] [--heap-mb MB] [--dir DIR] [--keep] [--cmrc FILE.json] [--corpus DIR] [--dict DIR]'

interface Settings {
  scales: number[]
  questions: string
  seed: number
  json: boolean
  peer: boolean
  maxBuildSeconds: number
  maxQuerySeconds: number
  heapMb: number
  dir: string
  keep: boolean
  cmrc: string
  corpus: string
  dict: string
}

/** How a phase ended: its figures, or why there are none. */
type Outcome<T> =
  | { status: 'ok'; result: T }
  | { status: 'out of memory' | 'over time' | 'failed' | 'skipped'; reason: string }

interface EngineRun {
  build: Outcome<BuildResult>
  query: Outcome<QueryResult>
}

interface ScaleRow {
  scale: number
  xiangwen: EngineRun
  peer: EngineRun
}

function positiveNumber(flag: string, text: string, whole = false): number {
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0 || (whole && !Number.isInteger(value))) {
    throw new Error(`${flag}: "${text}" is not a ${whole ? 'whole ' : ''}number above 0\n${USAGE}`)
  }
  return value
}

/** Reads the flags; a wrong one gets a message naming it and the usage line. */
export function parseScaleArgs(args: readonly string[]): Settings {
  const parse = (list: string[]) =>
    parseArgs({
      args: list,
      options: {
        scale: { type: 'string' },
        questions: { type: 'string', default: '500' },
        seed: { type: 'string', default: '13' },
        json: { type: 'boolean', default: false },
        'no-peer': { type: 'boolean', default: false },
        'max-build-seconds': { type: 'string', default: '1800' },
        'max-query-seconds': { type: 'string', default: '900' },
        'heap-mb': { type: 'string', default: '8192' },
        dir: { type: 'string', default: 'build/bench-scale' },
        keep: { type: 'boolean', default: false },
        cmrc: { type: 'string', default: '../shared/benchmarks/cmrc2018/cmrc2018_dev.json' },
        corpus: { type: 'string', default: 'corpus/articles' },
        dict: { type: 'string', default: 'corpus/dict' },
      },
    })
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse([...args]).values
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`)
  }
  if (!values.scale) throw new Error(`--scale needs a comma list of scales, e.g. --scale 1,20\n${USAGE}`)
  const scales = [
    ...new Set(
      values.scale
        .split(',')
        .filter((part) => part.trim())
        .map((part) => positiveNumber('--scale', part.trim(), true)),
    ),
  ].sort((a, b) => a - b)
  if (scales.length === 0) throw new Error(`--scale needs at least one scale, e.g. --scale 1,20\n${USAGE}`)
  const questions =
    values.questions === 'all' ? 'all' : String(positiveNumber('--questions', values.questions, true))
  return {
    scales,
    questions,
    seed: positiveNumber('--seed', values.seed, true),
    json: values.json,
    peer: !values['no-peer'],
    maxBuildSeconds: positiveNumber('--max-build-seconds', values['max-build-seconds']),
    maxQuerySeconds: positiveNumber('--max-query-seconds', values['max-query-seconds']),
    heapMb: positiveNumber('--heap-mb', values['heap-mb'], true),
    dir: values.dir,
    keep: values.keep,
    cmrc: values.cmrc,
    corpus: values.corpus,
    dict: values.dict,
  }
}

const OUT_OF_MEMORY = /heap out of memory|Allocation failed|Invalid array length|out of memory/iu

/** Runs one phase in a child process with a heap cap and a time cap, and reads its result file. */
async function runPhase<T>(phase: Phase, scale: number, settings: Settings): Promise<Outcome<T>> {
  const dir = join(settings.dir, `x${scale}`)
  const resultFile = join(dir, `${phase}.result.json`)
  await mkdir(dir, { recursive: true })
  await rm(resultFile, { force: true })
  const cap = phase.endsWith('build') ? settings.maxBuildSeconds : settings.maxQuerySeconds
  const capFlag = phase.endsWith('build') ? '--max-build-seconds' : '--max-query-seconds'
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      `--max-old-space-size=${settings.heapMb}`,
      '--expose-gc',
      PHASE_SCRIPT,
      ...['--phase', phase, '--scale', String(scale), '--dir', dir, '--result', resultFile],
      ...['--questions', settings.questions, '--seed', String(settings.seed)],
      ...['--cmrc', settings.cmrc, '--corpus', settings.corpus, '--dict', settings.dict],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  let outOfMemory = false
  child.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk))
  child.stderr.on('data', (chunk: Buffer) => {
    // V8's message comes first, then a long native stack: look at every chunk, keep only the tail.
    const text = chunk.toString()
    if (OUT_OF_MEMORY.test(text)) outOfMemory = true
    stderr = (stderr + text).slice(-4000)
  })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, cap * 1000)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  )
  clearTimeout(timer)
  if (timedOut) return { status: 'over time', reason: `stopped at the ${cap} s cap (${capFlag})` }
  const written = await readFile(resultFile, 'utf8').catch(() => undefined)
  if (written) {
    const outcome = JSON.parse(written) as { ok: true; result: T } | { ok: false; error: string }
    if (outcome.ok) return { status: 'ok', result: outcome.result }
    const status = OUT_OF_MEMORY.test(outcome.error) ? 'out of memory' : 'failed'
    return { status, reason: outcome.error }
  }
  if (outOfMemory) {
    return { status: 'out of memory', reason: `over the ${settings.heapMb} MB heap (--heap-mb)` }
  }
  if (signal === 'SIGKILL') {
    return { status: 'out of memory', reason: 'killed by the system (SIGKILL), most likely out of memory' }
  }
  const lastLine = stderr.trim().split('\n').at(-1) ?? ''
  return { status: 'failed', reason: `exit ${code ?? signal}${lastLine ? `: ${lastLine}` : ''}` }
}

const skipped = (reason: string): Outcome<never> => ({ status: 'skipped', reason })

/** better-sqlite3 can be loaded, or why not and how to get it. */
async function peerProblem(): Promise<string | undefined> {
  try {
    await import('better-sqlite3')
    return undefined
  } catch (error) {
    return `better-sqlite3 cannot be loaded (${(error as Error).message.split('\n')[0]}): run \`npm ci\` — it is a devDependency whose install script compiles SQLite with node-gyp (python3, make, g++); \`npm rebuild better-sqlite3\` retries the build`
  }
}

/** Builds then queries one engine at one scale; `stop` is why a smaller scale already did not fit. */
async function runEngine(
  engine: 'xiangwen' | 'peer',
  scale: number,
  settings: Settings,
  stop: string | undefined,
): Promise<EngineRun> {
  if (stop) return { build: skipped(stop), query: skipped(stop) }
  const name = engine === 'xiangwen' ? '湘问' : 'FTS5'
  progress(`×${scale} ${name}: building`)
  const build = await runPhase<BuildResult>(engine === 'xiangwen' ? 'build' : 'peer-build', scale, settings)
  if (build.status !== 'ok') return { build, query: skipped('the build did not finish') }
  progress(`×${scale} ${name}: built in ${(build.result.buildMs / 1000).toFixed(1)} s; querying`)
  const query = await runPhase<QueryResult>(engine === 'xiangwen' ? 'query' : 'peer-query', scale, settings)
  return { build, query }
}

function progress(message: string): void {
  process.stderr.write(`bench --scale: ${message}\n`)
}

const fixed = (value: number, digits: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

const HEADER = [
  'scale',
  'engine',
  'paragraphs',
  'characters',
  'build s',
  'index MB',
  'build peak RSS MB',
  'build heap MB',
  'load s',
  'server RSS MB',
  'server heap MB',
  'p50 ms',
  'p99 ms',
  'CPU p50 ms',
  'CPU p99 ms',
  'hit@1',
  'hit@3',
  'answer@1',
]

/** One table row per engine, and one of 湘问/FTS5 ratios (build time, index size, p50 and p99, wall and CPU). */
function rowsOf(row: ScaleRow): string[][] {
  const cells = (name: string, run: EngineRun): string[] => {
    const build = run.build.status === 'ok' ? run.build.result : undefined
    const query = run.query.status === 'ok' ? run.query.result : undefined
    const why = (outcome: Outcome<unknown>) => (outcome.status === 'ok' ? '' : outcome.status)
    return [
      `×${row.scale}`,
      name,
      build ? build.paragraphs.toLocaleString('en-US') : why(run.build),
      build ? `${fixed(build.characters / 1e6, 1)} M` : '',
      build ? fixed((build.buildMs + build.writeMs) / 1000, 1) : why(run.build),
      build ? fixed(build.indexBytes / 2 ** 20, 1) : '',
      build ? fixed(build.peakRssMb, 0) : '',
      build ? fixed(Math.max(0, build.heapMb - build.heapBeforeMb), 0) : '',
      query ? fixed(query.loadMs / 1000, 2) : why(run.query),
      query ? fixed(query.rssMb, 0) : '',
      query ? fixed(query.heapMb, 0) : '',
      query ? fixed(query.p50, 2) : '',
      query ? fixed(query.p99, 2) : '',
      query ? fixed(query.cpu50, 2) : '',
      query ? fixed(query.cpu99, 2) : '',
      query ? fixed(query.hitAt1, 3) : '',
      query ? fixed(query.hitAt3, 3) : '',
      query ? fixed(query.answerAt1, 3) : '',
    ]
  }
  const rows = [cells('湘问', row.xiangwen)]
  if (row.peer.build.status === 'skipped' && row.peer.build.reason === NO_PEER) return rows
  rows.push(cells('FTS5 jieba', row.peer))
  const ours = ratioInputs(row.xiangwen)
  const theirs = ratioInputs(row.peer)
  if (ours && theirs) {
    const ratio = (a: number, b: number) => (b > 0 ? `×${fixed(a / b, 1)}` : '')
    const blank = HEADER.map(() => '')
    blank[0] = `×${row.scale}`
    blank[1] = '湘问/FTS5'
    blank[4] = ratio(ours.build, theirs.build)
    blank[5] = ratio(ours.size, theirs.size)
    blank[11] = ratio(ours.p50, theirs.p50)
    blank[12] = ratio(ours.p99, theirs.p99)
    blank[13] = ratio(ours.cpu50, theirs.cpu50)
    blank[14] = ratio(ours.cpu99, theirs.cpu99)
    rows.push(blank)
  }
  return rows
}

function ratioInputs(run: EngineRun) {
  if (run.build.status !== 'ok' || run.query.status !== 'ok') return undefined
  const { buildMs, writeMs, indexBytes } = run.build.result
  const { p50, p99, cpu50, cpu99 } = run.query.result
  return { build: buildMs + writeMs, size: indexBytes, p50, p99, cpu50, cpu99 }
}

const NO_PEER = 'not asked for (--no-peer)'

const markdownRow = (cells: readonly string[]) => `| ${cells.join(' | ')} |`

/** Every phase that did not run or did not finish, with why. */
function notesOf(rows: readonly ScaleRow[]): string[] {
  const notes: string[] = []
  for (const row of rows) {
    for (const [name, run] of [
      ['湘问', row.xiangwen],
      ['FTS5', row.peer],
    ] as const) {
      for (const [phase, outcome] of [
        ['build', run.build],
        ['query', run.query],
      ] as const) {
        if (outcome.status !== 'ok' && outcome.reason !== NO_PEER) {
          notes.push(`×${row.scale} ${name} ${phase}: ${outcome.status} — ${outcome.reason}`)
        }
      }
    }
  }
  return notes
}

/** Runs the scale benchmark with the given command-line arguments (after `npm run -s bench --`). */
export async function runScaleBench(args: readonly string[]): Promise<void> {
  const settings = parseScaleArgs(args)
  const peerMissing = settings.peer ? await peerProblem() : NO_PEER
  const rows: ScaleRow[] = []
  const stops: Record<'xiangwen' | 'peer', string | undefined> = { xiangwen: undefined, peer: peerMissing }
  if (!settings.json) {
    console.log(
      `Scale benchmark: CMRC 2018 contexts + seed corpus, ${settings.questions} CMRC questions (seed ${settings.seed}), heap cap ${settings.heapMb} MB, build cap ${settings.maxBuildSeconds} s, query cap ${settings.maxQuerySeconds} s`,
    )
    console.log(markdownRow(HEADER))
    console.log(markdownRow(HEADER.map(() => '---')))
  }
  for (const scale of settings.scales) {
    const xiangwen = await runEngine('xiangwen', scale, settings, stops.xiangwen)
    if (!settings.keep) await rm(join(settings.dir, `x${scale}`, 'index'), { recursive: true, force: true })
    const row: ScaleRow = { scale, xiangwen, peer: await runEngine('peer', scale, settings, stops.peer) }
    if (!settings.keep) await rm(join(settings.dir, `x${scale}`), { recursive: true, force: true })
    for (const engine of ['xiangwen', 'peer'] as const) {
      const { build } = row[engine]
      // A scale that did not fit in memory or time is not tried larger.
      if (!stops[engine] && (build.status === 'out of memory' || build.status === 'over time')) {
        stops[engine] = `×${scale} did not fit (${build.status})`
      }
    }
    rows.push(row)
    if (!settings.json) for (const cells of rowsOf(row)) console.log(markdownRow(cells))
  }
  const machine = `load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs`
  if (settings.json) {
    console.log(JSON.stringify({ settings, machine, rows }, null, 2))
    return
  }
  const appends = rows.flatMap((row) => {
    const query = row.xiangwen.query
    const append = query.status === 'ok' ? query.result.append : undefined
    return append
      ? [
          `×${row.scale} ${fixed(append.ms / 1000, 2)} s (${append.paragraphs} paragraphs; ${append.segments} segments after)`,
        ]
      : []
  })
  if (appends.length > 0) {
    console.log(
      `Appending one new article to the loaded index (segment written, manifest renamed): ${appends.join('; ')}.`,
    )
  }
  const notes = notesOf(rows)
  console.log(
    notes.length ? `Not measured:\n${notes.map((note) => `  ${note}`).join('\n')}` : 'Every phase ran.',
  )
  console.log(
    `hit@1/hit@3: the question's own context (the original paragraph) ranks first / in the first three; answer@1: the first passage holds an answer text. Times are wall clock, CPU p50/p99 the query process's CPU time per question, which leaves out time descheduled (${machine}).`,
  )
}
