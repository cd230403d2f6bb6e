import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NewTaskEvent } from '../src/core/progress/cycle-log.js'
import type { NewEvidence } from '../src/core/progress/evidence-log.js'
import { MIGRATIONS } from '../src/core/progress/sqlite-schema.js'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import type { AuditEntry } from '../src/core/progress/store.js'
import { PDF, PNG } from './helpers/evidence-files.js'
import { newUpdate } from './helpers/new-update.js'
import { eachStore } from './helpers/store-kinds.js'

/**
 * The store's 督办 cycle log and 佐证材料, on SQLite and on a real PostgreSQL server alike: append-only
 * events with their audit row in the same transaction, deduplicated by message id; files stored
 * once per SHA-256; both seen per plan through a plan view and moved by a rekey. On SQLite files:
 * the bytes kept once, and migration 8 added to an older database without touching its rows.
 */

const audit = (action: string): AuditEntry => ({ at: '2023-06-20T02:00:00.000Z', user: 'u1', action, allowed: true, reason: 'test' })
const step = (overrides: Partial<NewTaskEvent> = {}): NewTaskEvent => ({
  task: 20,
  kind: 'close_request',
  unit: '市知识产权保护中心',
  user: 'u2',
  userName: '李四',
  note: '全年目标已完成',
  sourceId: null,
  at: '2023-06-20T02:00:00.000Z',
  ...overrides,
})
const file1 = (overrides: Partial<NewEvidence> = {}): NewEvidence => ({
  task: 20,
  update: null,
  name: '现场.png',
  mime: 'image/png',
  unit: '知识产权促进科',
  user: 'u1',
  userName: '张三',
  sourceId: null,
  at: '2023-06-20T02:00:00.000Z',
  ...overrides,
})

const planA = { key: 'plan-a', title: '甲', issuer: null, year: 2023, file: 'a.txt', hash: 'h', tasks: [] }

eachStore((kind) => {
  describe('the cycle log', () => {
    it('appends events with their audit row (which names the event), oldest first', async () => {
      const s = await kind.open()
      const a = await s.cycle.add(step(), audit('close_task'))
      const b = await s.cycle.add(
        step({ kind: 'close', unit: '知识产权促进科', ref: a.stored ? a.event.id : null, at: '2023-06-21T02:00:00.000Z' }),
        audit('confirm_close'),
      )
      expect(a.stored && b.stored).toBe(true)
      const list = await s.cycle.list({ task: 20 })
      expect(list.map((e) => e.kind)).toEqual(['close_request', 'close'])
      expect(list[1]?.ref).toBe(list[0]?.id)
      const trail = await s.auditTrail(2)
      expect(trail.map((t) => [t.action, (t.detail as { id: number }).id])).toEqual([
        ['confirm_close', list[1]?.id],
        ['close_task', list[0]?.id],
      ])
    })

    it('stores a message id once; refuses a kind it does not know; keeps strings well-formed', async () => {
      const s = await kind.open()
      await s.cycle.add(step({ sourceId: 'cli:m1' }), audit('close_task'))
      const again = await s.cycle.add(step({ sourceId: 'cli:m1', note: 'again' }), audit('close_task'))
      expect(again).toMatchObject({ stored: false, duplicateOf: { note: '全年目标已完成' } })
      await expect(s.cycle.add(step({ kind: 'bogus' as NewTaskEvent['kind'] }), audit('x'))).rejects.toThrow(/check constraint/i)
      const odd = await s.cycle.add(step({ note: 'bad \uD800 half' }), audit('close_task'))
      expect(odd.stored && odd.event.note).toBe('bad \uFFFD half')
      expect((await s.cycle.list()).length).toBe(2)
    })

    it('is seen per plan through a plan view, and a rekey moves it', async () => {
      const s = await kind.open()
      await s.plans.record(planA, '2023-06-01T00:00:00.000Z')
      await s.forPlan('plan-a').cycle.add(step(), audit('close_task'))
      expect(await s.forPlan('plan-b').cycle.list()).toEqual([])
      expect((await s.forPlan('plan-a').cycle.list())[0]?.plan).toBe('plan-a')
      await s.plans.rekey('plan-a', 'plan-c', audit('rekey'))
      expect((await s.forPlan('plan-c').cycle.list()).map((e) => e.task)).toEqual([20])
    })
  })

  describe('佐证材料', () => {
    it('hashes the bytes itself, keeps them once per hash, and reads them back', async () => {
      const s = await kind.open()
      const { update } = (await s.addUpdate(newUpdate())) as { update: { id: number } }
      const first = await s.evidence.add(file1({ update: update.id }), PNG, audit('evidence'))
      const second = await s.evidence.add(file1({ update: update.id, name: '同一张.png' }), PNG, audit('evidence'))
      const pdf = await s.evidence.add(file1({ name: '报告.pdf', mime: 'application/pdf' }), PDF, audit('evidence'))
      expect(first.stored && first.evidence).toMatchObject({ sha256: createHash('sha256').update(PNG).digest('hex'), size: PNG.length })
      expect(second.stored && pdf.stored).toBe(true)
      expect(second.stored && first.stored && second.evidence.sha256 === first.evidence.sha256).toBe(true)
      const read = await s.evidence.read(first.stored ? first.evidence.id : 0)
      expect(Buffer.from(read?.bytes ?? [])).toEqual(PNG)
      expect((await s.evidence.list({ task: 20 })).map((e) => e.name)).toEqual(['现场.png', '同一张.png', '报告.pdf'])
      expect((await s.auditTrail(1))[0]?.detail).toMatchObject({ sha256: createHash('sha256').update(PDF).digest('hex') })
    })

    it('stores the same file of the same message once', async () => {
      const s = await kind.open()
      await s.evidence.add(file1({ sourceId: 'slack:C1:1.1:0' }), PNG, audit('evidence'))
      const again = await s.evidence.add(file1({ sourceId: 'slack:C1:1.1:0' }), PNG, audit('evidence'))
      expect(again.stored).toBe(false)
      expect(await s.evidence.list()).toHaveLength(1)
    })

    it('is read per plan: another plan’s view cannot fetch a file by id', async () => {
      const s = await kind.open()
      await s.plans.record(planA, '2023-06-01T00:00:00.000Z')
      const kept = await s.forPlan('plan-a').evidence.add(file1(), PNG, audit('evidence'))
      const id = kept.stored ? kept.evidence.id : 0
      expect(await s.forPlan('plan-b').evidence.read(id)).toBeNull()
      expect(await s.forPlan('plan-a').evidence.read(id)).not.toBeNull()
      await s.plans.rekey('plan-a', 'plan-c', audit('rekey'))
      expect(await s.forPlan('plan-c').evidence.read(id)).not.toBeNull()
    })
  })

  describe('reports', () => {
    it('keeps a report’s parts', async () => {
      const s = await kind.open()
      const parts = { progress: '走访12家', problems: '配合度不高', next: null }
      await s.addUpdate(newUpdate({ parts }))
      expect((await s.liveUpdates())[0]?.parts).toEqual(parts)
    })
  })
})

let dir: string
let file: string
const open: SqliteStore[] = []
const store = (path = file) => {
  const s = new SqliteStore(path)
  open.push(s)
  return s
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gzyd-cycle-'))
  file = join(dir, 'bot.db')
})
afterEach(async () => {
  for (const s of open.splice(0)) await s.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('SQLite: the bytes once, and migration 8', () => {
  it('keeps the same bytes once, however many rows name them', async () => {
    const s = store()
    await s.evidence.add(file1(), PNG, audit('evidence'))
    await s.evidence.add(file1({ name: '同一张.png' }), PNG, audit('evidence'))
    await s.evidence.add(file1({ name: '报告.pdf' }), PDF, audit('evidence'))
    const db = new Database(file, { readonly: true })
    expect((db.prepare('SELECT COUNT(*) AS n FROM evidence_blobs').get() as { n: number }).n).toBe(2)
    db.close()
  })

  it('adds the tables and the parts column to a version-7 database, keeping its rows', async () => {
    const db = new Database(file)
    for (const sql of MIGRATIONS.slice(0, 7)) db.exec(sql)
    db.pragma('user_version = 7')
    db.prepare(
      `INSERT INTO updates (plan, task, unit, user, text, figures, done, at) VALUES ('p', 20, '知识产权促进科', 'u1', '旧的进度', '[]', 0, '2023-05-01T00:00:00Z')`,
    ).run()
    db.close()
    const s = store()
    expect(s.pragmas().userVersion).toBe(MIGRATIONS.length)
    expect(MIGRATIONS.length).toBe(10)
    const [old] = await s.liveUpdates()
    expect(old).toMatchObject({ text: '旧的进度', parts: null })
    expect(await s.cycle.list()).toEqual([])
    expect(await s.evidence.list()).toEqual([])
  })
})
