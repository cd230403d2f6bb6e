import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DatabaseTooNewError, MIGRATIONS } from '../src/core/progress/sqlite-schema.js'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import { newUpdate } from './helpers/new-update.js'

/** The SQLite progress store on real files: durability settings, migrations, idempotency, audit. */

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

describe('SqliteStore updates', () => {
  it('stores one row for a source id delivered twice', async () => {
    const s = store()
    const first = await s.addUpdate(update({ sourceId: 'slack:E1' }))
    const second = await s.addUpdate(update({ sourceId: 'slack:E1', text: 'retried delivery' }))
    expect(first.stored).toBe(true)
    expect(second.stored).toBe(false)
    if (!first.stored || second.stored) throw new Error('unexpected results')
    expect(second.duplicateOf.id).toBe(first.update.id)
    expect(second.duplicateOf.text).toBe('截至6月底发明专利申请量1200件')
    expect(await s.updatesForTask(20, { includeWithdrawn: true })).toHaveLength(1)
  })

  it('stores updates without a source id each time', async () => {
    const s = store()
    await s.addUpdate(update())
    await s.addUpdate(update())
    expect(await s.updatesForTask(20)).toHaveLength(2)
  })

  it('keeps updates, bindings, withdrawals and audit entries across close and reopen', async () => {
    const s = store()
    await s.putBinding({
      user: 'u1',
      unit: '知识产权促进科',
      status: 'approved',
      userName: '张三',
      requestedAt: '2024-07-01T00:00:00.000Z',
      approvedBy: 'u1',
    })
    const a = await s.addUpdate(update({ sourceId: 'jsonl:1' }))
    const b = await s.addUpdate(update({ sourceId: 'jsonl:2', text: '发明专利申请量1500件', at: '2024-07-02T02:00:00.000Z' }))
    if (!a.stored || !b.stored) throw new Error('not stored')
    expect(await s.withdraw(b.update.id, '2024-07-02T03:00:00.000Z')).toBe(true)
    await s.audit({
      at: '2024-07-02T03:00:00.000Z',
      user: 'u1',
      action: 'withdraw',
      allowed: true,
      reason: 'withdrawn',
      detail: { id: b.update.id },
    })
    await s.close()

    const r = store()
    expect(await r.getBinding('u1')).toMatchObject({ unit: '知识产权促进科', status: 'approved', userName: '张三' })
    expect((await r.updatesForTask(20)).map((u) => u.id)).toEqual([a.update.id])
    const all = await r.updatesForTask(20, { includeWithdrawn: true })
    expect(all.map((u) => [u.id, u.withdrawnAt])).toEqual([
      [b.update.id, '2024-07-02T03:00:00.000Z'],
      [a.update.id, null],
    ])
    expect(all[1]).toMatchObject({
      text: '截至6月底发明专利申请量1200件',
      attainment: 60,
      figures: [{ value: 1200, unit: '件', target: 0, percent: 60 }],
    })
    expect((await r.lastUpdateBy('u1'))?.id).toBe(a.update.id)
    expect(await r.auditTrail()).toEqual([
      { at: '2024-07-02T03:00:00.000Z', user: 'u1', action: 'withdraw', allowed: true, reason: 'withdrawn', detail: { id: b.update.id } },
    ])
  })

  it('lists pending bindings and removes a binding', async () => {
    const s = store()
    await s.putBinding({
      user: 'u2',
      unit: '特安科',
      status: 'pending',
      userName: null,
      requestedAt: '2024-07-01T00:00:00.000Z',
      approvedBy: null,
    })
    expect((await s.pendingBindings()).map((b) => b.user)).toEqual(['u2'])
    expect(await s.usersOfUnit('特安科')).toEqual([])
    expect(await s.removeBinding('u2')).toBe(true)
    expect(await s.removeBinding('u2')).toBe(false)
    expect(await s.getBinding('u2')).toBeNull()
  })

  it('files a binding only for a user without one, with its audit row, and changes nothing otherwise', async () => {
    const s = store()
    const pending = {
      user: 'wechat:new',
      unit: '特安科',
      status: 'pending' as const,
      userName: '张三（重新登录）',
      requestedAt: '2024-07-01T00:00:00.000Z',
      approvedBy: null,
    }
    const audit = { at: '2024-07-01T00:00:00.000Z', user: 'wechat:new', action: 'bind', allowed: true, reason: 'pending re-approval' }
    expect(await s.putBindingIfAbsent(pending, audit)).toBe(true)
    expect(await s.getBinding('wechat:new')).toMatchObject({ unit: '特安科', status: 'pending' })
    await s.putBinding({ ...pending, unit: '知识产权促进科', status: 'approved', approvedBy: 'wechat:new' })
    expect(await s.putBindingIfAbsent(pending, { ...audit, at: '2024-07-02T00:00:00.000Z' })).toBe(false)
    expect(await s.getBinding('wechat:new')).toMatchObject({ unit: '知识产权促进科', status: 'approved' })
    expect((await s.auditTrail()).map((e) => e.at)).toEqual(['2024-07-01T00:00:00.000Z'])
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

  it('claims a message once, also after reopening', async () => {
    const s = store()
    expect(await s.claimMessage('slack:Ev1', '2024-07-01T00:00:00.000Z')).toBe(true)
    expect(await s.claimMessage('slack:Ev1', '2024-07-01T00:00:01.000Z')).toBe(false)
    expect(await s.claimMessage('slack:Ev2', '2024-07-01T00:00:01.000Z')).toBe(true)
    await s.close()
    const r = store()
    expect(await r.claimMessage('slack:Ev1', '2024-07-02T00:00:00.000Z')).toBe(false)
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
