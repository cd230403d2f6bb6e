import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DatabaseTooNewError, MIGRATIONS } from '../src/core/progress/sqlite-schema.js'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import { newUpdate } from './helpers/new-update.js'

/**
 * What only the SQLite store has: durability pragmas, user_version migrations, the audit triggers
 * seen through a raw connection, online backup. The port's behaviour is in store-contract.test.ts.
 */

let dir: string
let file: string
const open: SqliteStore[] = []

function store(path = file): SqliteStore {
  const s = new SqliteStore(path)
  open.push(s)
  return s
}

const update = newUpdate

function raw(path = file): Database.Database {
  return new Database(path)
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gzyd-store-'))
  file = join(dir, 'sub', 'bot.db')
})

afterEach(async () => {
  for (const s of open.splice(0)) await s.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('SqliteStore durability settings', () => {
  it('uses WAL and synchronous=FULL on every open, including a reopen', async () => {
    const first = store()
    expect(first.pragmas()).toEqual({ journalMode: 'wal', synchronous: 2, userVersion: MIGRATIONS.length })
    await first.close()
    const again = store()
    expect(again.pragmas()).toEqual({ journalMode: 'wal', synchronous: 2, userVersion: MIGRATIONS.length })
  })
})

describe('SqliteStore migrations', () => {
  it('migrates a database with no tables to the current user_version with every table', async () => {
    // A real SQLite file with a header and no schema (a 0-byte file is refused: see progress-store-files).
    const db = raw(join(dir, 'empty.db'))
    db.exec('CREATE TABLE scratch (x); DROP TABLE scratch')
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    db.close()
    const s = store(join(dir, 'empty.db'))
    expect(s.pragmas().userVersion).toBe(MIGRATIONS.length)
    await s.close()
    const check = raw(join(dir, 'empty.db'))
    const tables = (check.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
      (r) => r.name,
    )
    const triggers = (check.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all() as { name: string }[]).map(
      (r) => r.name,
    )
    check.close()
    expect(tables).toEqual(expect.arrayContaining(['audit', 'bindings', 'seen_messages', 'updates']))
    expect(triggers).toEqual(['audit_no_delete', 'audit_no_update'])
  })

  it('refuses a database whose user_version is newer, naming the file, and leaves it unchanged', async () => {
    await store().close()
    const db = raw()
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`)
    db.pragma('journal_mode = DELETE')
    db.close()
    let error: unknown
    try {
      store()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DatabaseTooNewError)
    expect((error as Error).message).toContain(file)
    expect((error as Error).message).toContain(String(MIGRATIONS.length + 1))
    const after = raw()
    expect(after.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1)
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete')
    after.close()
  })
})

describe('SqliteStore audit and message claims', () => {
  it('rejects UPDATE and DELETE on the audit table', async () => {
    const s = store()
    await s.audit({ at: '2024-07-01T00:00:00.000Z', user: 'u9', action: 'log_progress', allowed: false, reason: 'not bound' })
    const db = raw()
    expect(() => db.prepare(`UPDATE audit SET allowed = 1`).run()).toThrow(/append-only/)
    expect(() => db.prepare(`DELETE FROM audit`).run()).toThrow(/append-only/)
    db.close()
    expect(await s.auditTrail()).toEqual([
      { at: '2024-07-01T00:00:00.000Z', user: 'u9', action: 'log_progress', allowed: false, reason: 'not bound', detail: undefined },
    ])
  })
})

describe('SqliteStore backup', () => {
  it('writes an online copy, one self-contained file, that passes integrity_check and holds the data', async () => {
    const s = store()
    for (let i = 0; i < 50; i++) await s.addUpdate(update({ sourceId: `b:${i}`, text: `update ${i}` }))
    const target = join(dir, 'backups', 'copy.db')
    expect(await s.backup(target)).toBe('ok')
    await s.addUpdate(update({ sourceId: 'after-backup' }))
    const copy = raw(target)
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(copy.prepare('SELECT count(*) AS n FROM updates').get()).toEqual({ n: 50 })
    expect(copy.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    copy.close()
    expect(s.integrityCheck()).toBe('ok')
  })
})
