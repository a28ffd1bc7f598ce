// Makes an ingest all-or-nothing. Every new file is first written into a staging folder next to the
// articles; a journal listing the moves is then renamed into place (the commit point) and the moves are
// applied. A crash before the commit leaves only the staging folder (rolled back: deleted); a crash after
// it leaves the journal, which the next `ingest` or `npm start` finishes. No half corpus is ever served.

import { existsSync } from 'node:fs'
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { z } from 'zod'
import { CorpusError } from './corpus-error.ts'

/** Files to write (whole contents) and to delete, as one change to the corpus. */
export interface CorpusChange {
  writes: { path: string; content: string | Uint8Array }[]
  removals: string[]
}

/** Where the corpus lives: the staging folder sits beside the articles folder. */
export interface CorpusLocation {
  articlesDir: string
}

const JOURNAL = 'journal.json'
/** The pid of the ingest that is staging: another process never rolls back a live ingest's work. */
const OWNER = 'owner.pid'
const PARALLEL_WRITES = 64
const journalSchema = z.strictObject({
  moves: z.array(z.tuple([z.string(), z.string()])),
  removals: z.array(z.string()),
})

/** The staging folder of a corpus (`corpus/.ingest` for `corpus/articles`). */
export function stagingDir(location: CorpusLocation): string {
  return join(dirname(resolve(location.articlesDir)), '.ingest')
}

/** True while a change is staged or being applied: readers should wait for it. */
export function isChangePending(location: CorpusLocation): boolean {
  return existsSync(stagingDir(location))
}

/** Stages every file of the change, commits the journal with one rename, then applies it. */
export async function commitCorpusChange(change: CorpusChange, location: CorpusLocation): Promise<void> {
  await stageCorpusChange(change, location)
  await applyJournal(stagingDir(location))
}

/** Stages every file of the change and commits its journal (one rename); applying it is left to the caller or to recovery. */
export async function stageCorpusChange(change: CorpusChange, location: CorpusLocation): Promise<void> {
  const staging = stagingDir(location)
  const root = dirname(staging)
  try {
    await rm(staging, { recursive: true, force: true })
    await mkdir(staging, { recursive: true })
    await writeFile(join(staging, OWNER), String(process.pid))
    const moves: [string, string][] = change.writes.map((write, index) => [
      `${index}.staged`,
      relative(root, resolve(write.path)),
    ])
    // Written a few dozen at a time: each waits for the disk (fsync), and a page can hold thousands.
    for (let start = 0; start < change.writes.length; start += PARALLEL_WRITES) {
      await Promise.all(
        change.writes
          .slice(start, start + PARALLEL_WRITES)
          .map((write, offset) => writeDurably(join(staging, `${start + offset}.staged`), write.content)),
      )
    }
    const journal = { moves, removals: change.removals.map((path) => relative(root, resolve(path))) }
    await writeDurably(join(staging, `${JOURNAL}.new`), JSON.stringify(journal))
    await rename(join(staging, `${JOURNAL}.new`), join(staging, JOURNAL))
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw new CorpusError({ file: staging }, 'cannot stage the new corpus files; nothing was changed', {
      cause: error,
    })
  }
}

/**
 * Finishes or rolls back an ingest that was interrupted: a committed journal is applied, an uncommitted
 * staging folder deleted. Returns what was done, or undefined when nothing was pending.
 */
export async function recoverCorpus(
  location: CorpusLocation,
): Promise<'finished' | 'rolled back' | undefined> {
  const staging = stagingDir(location)
  if (!existsSync(staging)) return undefined
  if (existsSync(join(staging, JOURNAL))) {
    await applyJournal(staging)
    return 'finished'
  }
  const owner = Number(await readFile(join(staging, OWNER), 'utf8').catch(() => ''))
  if (owner && owner !== process.pid && isAlive(owner)) return undefined
  await rm(staging, { recursive: true, force: true })
  return 'rolled back'
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function applyJournal(staging: string): Promise<void> {
  const root = dirname(staging)
  const path = join(staging, JOURNAL)
  let journal: z.infer<typeof journalSchema>
  try {
    journal = journalSchema.parse(JSON.parse(await readFile(path, 'utf8')))
  } catch (error) {
    throw new CorpusError(
      { file: path },
      'the ingest journal is unreadable; delete the folder and ingest again',
      {
        cause: error,
      },
    )
  }
  const committed = 'the ingest is committed: the next `npm run ingest` or `npm start` finishes it'
  for (const [staged, target] of journal.moves) {
    const from = join(staging, staged)
    // Moved already by an earlier, interrupted run.
    if (!existsSync(from)) continue
    try {
      await mkdir(dirname(join(root, target)), { recursive: true })
      await rename(from, join(root, target)).catch((error: NodeJS.ErrnoException) => {
        // Another process finishing the same journal moved it first.
        if (error.code !== 'ENOENT') throw error
      })
    } catch (error) {
      throw new CorpusError({ file: join(root, target) }, `cannot write the file; ${committed}`, {
        cause: error,
      })
    }
  }
  for (const removal of journal.removals) {
    await rm(join(root, removal), { force: true }).catch((error: unknown) => {
      throw new CorpusError({ file: join(root, removal) }, `cannot remove the file; ${committed}`, {
        cause: error,
      })
    })
  }
  await rm(staging, { recursive: true, force: true })
}

async function writeDurably(path: string, content: string | Uint8Array): Promise<void> {
  await writeFile(path, content)
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
