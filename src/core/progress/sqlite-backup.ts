import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import Database from 'better-sqlite3'

/**
 * Online backup of an open database to `target`, safe while other processes keep writing.
 *
 * `VACUUM INTO` copies one read snapshot: it includes every transaction committed before it began
 * and, unlike SQLite's page-by-page backup API (which restarts whenever another connection writes,
 * so under a steady stream of updates a large database never finished), it finishes however busy
 * the writers are, because in WAL mode a reader never waits for them.
 *
 * The copy is written beside the target under a temporary name, switched to a rollback journal (one
 * self-contained file, no -wal/-shm), checked, flushed to disk and only then renamed over the
 * target, so the target is at any moment either absent, the previous backup, or a complete one.
 * Resolves with the copy's integrity_check: "ok" when sound; otherwise the result, and the target
 * is left untouched.
 */
export async function backupDatabase(db: Database.Database, target: string): Promise<string> {
  const folder = dirname(target)
  mkdirSync(folder, { recursive: true })
  const partial = join(folder, `.${basename(target)}.partial-${process.pid}`)
  rmSync(partial, { force: true })
  try {
    db.prepare('VACUUM INTO ?').run(partial)
    const copy = new Database(partial)
    let check: string
    try {
      copy.pragma('journal_mode = DELETE')
      check = copy.pragma('integrity_check', { simple: true }) as string
    } finally {
      copy.close()
    }
    if (check !== 'ok') return check
    flush(partial)
    renameSync(partial, target)
    flush(folder)
    return check
  } finally {
    rmSync(partial, { force: true })
    rmSync(`${partial}-journal`, { force: true })
  }
}

/** fsync a file or a folder (the folder, so the rename itself survives a power cut). */
function flush(path: string): void {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
