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
      `数据库文件 ${file} 无法使用：${problem}。未做任何修改。` +
        `请用最近的备份恢复（npm run backup 做的备份：先停机器人，再 cp 备份文件 ${file}），或把该文件移走以新建空数据库（BOT_DB）。`,
    )
    this.name = 'StoreFileError'
  }
}

/** The database's folder or file cannot be created or written (permissions, a read-only disk, a file where a folder should be). */
export class StoreFolderError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(
      `数据库文件 ${file} ${problem}。请确认该路径所在文件夹存在、运行机器人的系统用户可以写入（chown/chmod），或把 BOT_DB 改到可写的位置。`,
    )
    this.name = 'StoreFolderError'
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
  try {
    mkdirSync(dirname(file), { recursive: true })
  } catch (error) {
    throw new StoreFolderError(file, `无法创建所在文件夹（${(error as NodeJS.ErrnoException).code ?? (error as Error).message}）`)
  }
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
  if (check !== 'ok') throw new StoreFileError(file, `完整性检查未通过（PRAGMA quick_check：${check}）`)
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
    if (Date.now() > deadline) throw new StoreFileError(file, '文件存在但是空的（0 字节），没有可打开的数据')
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
  }
}

function translate(error: unknown, file: string): unknown {
  const code = (error as { code?: string }).code
  if (code === 'SQLITE_NOTADB') return new StoreFileError(file, '不是 SQLite 数据库')
  if (code === 'SQLITE_CORRUPT') return new StoreFileError(file, `文件已损坏（${(error as Error).message}）`)
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM')
    return new StoreFolderError(file, `打不开或不能写入（${code}）`)
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
