import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { checkVersion, migrate } from './sqlite-schema.js'
import { StoreUnavailableError } from './store.js'

/**
 * Opening the progress database file, refusing anything that is not a healthy database of ours:
 * an existing 0-byte file (a truncated or wrongly copied file must not silently become an empty
 * store), a file that is not SQLite, one that fails PRAGMA quick_check, one with a newer schema.
 * Nothing is written to a refused file. Every refusal names the file and says what to do.
 */

export class StoreFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(
      `store: ${file} ${problem}. Nothing was changed. ` +
        `Restore the latest backup (made with \`npm run backup -- FILE\`: copy it to ${file}), ` +
        `or move this file away to start with an empty database. ` +
        `数据库文件无法使用，未做任何修改：请用备份恢复（cp 备份文件 ${file}），或移走该文件以新建空数据库。`,
    )
    this.name = 'StoreFileError'
  }
}

/** Which file is open: a replaced file (mv, restore) has another inode, a removed one none. */
export interface FileIdentity {
  dev: number
  ino: number
}

/** How long a 0-byte file may take to gain its header when another process is creating it. */
const CREATING_GRACE_MS = 1_000

export function openDatabase(file: string): { db: Database.Database; identity: FileIdentity | null } {
  if (file === ':memory:') return { db: prepare(new Database(file), file), identity: null }
  mkdirSync(dirname(file), { recursive: true })
  if (existsSync(file)) refuseEmpty(file)
  let db: Database.Database
  try {
    db = new Database(file, { timeout: 10_000 })
  } catch (error) {
    throw translate(error, file)
  }
  try {
    prepare(db, file)
    const { dev, ino } = statSync(file)
    return { db, identity: { dev, ino } }
  } catch (error) {
    db.close()
    throw translate(error, file)
  }
}

/** Checks, then switches on the durability settings and migrates. Closes nothing: the caller does. */
function prepare(db: Database.Database, file: string): Database.Database {
  // A database newer than this code is refused before anything (even the journal mode) is changed.
  checkVersion(db, file)
  const check = db.pragma('quick_check', { simple: true }) as string
  if (check !== 'ok') throw new StoreFileError(file, `fails PRAGMA quick_check (${check})`)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  migrate(db, file)
  return db
}

/**
 * SQLite opens a new file at 0 bytes and writes the header when WAL is switched on, a few
 * milliseconds later; a file that stays empty longer than that was truncated or copied wrongly.
 */
function refuseEmpty(file: string): void {
  const deadline = Date.now() + CREATING_GRACE_MS
  while (statSync(file).size === 0) {
    if (Date.now() > deadline) throw new StoreFileError(file, 'exists but is empty (0 bytes), so it holds no data to open')
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
  }
}

function translate(error: unknown, file: string): unknown {
  const code = (error as { code?: string }).code
  if (code === 'SQLITE_NOTADB') return new StoreFileError(file, 'is not an SQLite database')
  if (code === 'SQLITE_CORRUPT') return new StoreFileError(file, `is damaged (${(error as Error).message})`)
  return error
}

/**
 * Throws StoreUnavailableError unless `file` is still the file that was opened. Called inside a
 * write transaction, before its commit: when the folder was removed or the file replaced, the
 * write would land in a file nobody will read again, so it is rolled back and refused instead.
 */
export function assertSameFile(file: string, identity: FileIdentity | null): void {
  if (!identity) return
  let now: FileIdentity
  try {
    now = statSync(file)
  } catch {
    throw new StoreUnavailableError(file, 'no longer exists (was its folder removed or the file moved?)')
  }
  if (now.ino !== identity.ino || now.dev !== identity.dev)
    throw new StoreUnavailableError(file, 'was replaced by another file since the bot opened it')
}
