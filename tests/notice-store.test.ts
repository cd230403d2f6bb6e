import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { NewTaskEvent } from '../src/core/progress/cycle-log.js'
import type { NewNotice } from '../src/core/progress/notices.js'
import { MIGRATIONS } from '../src/core/progress/sqlite-schema.js'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import type { AuditEntry } from '../src/core/progress/store.js'
import { eachStore } from './helpers/store-kinds.js'

/**
 * The notice log of the 督办 cycle, on a SQLite file and a real PostgreSQL server alike: notices are
 * written in the step's transaction (a repeated message stores none), offered per platform, claimed
 * by one instance only, settled once sent (never offered again) or failed (offered again only when
 * a door's start asks for retries); a plan view passes them through. A claim whose instance is gone
 * is stranded, taken over by one starting instance and released only by it; the outbox answers
 * whether a key was queued. On SQLite: migrations 9 and 10 on an older database.
 */

const AT = '2023-06-20T02:00:00.000Z'
const audit = (action: string): AuditEntry => ({ at: AT, user: 'u2', action, allowed: true, reason: 'test' })
const step = (overrides: Partial<NewTaskEvent> = {}): NewTaskEvent => ({
  task: 20,
  kind: 'close_request',
  unit: '市知识产权保护中心',
  user: 'wecom:lisi',
  userName: '李四',
  note: '全年目标已完成',
  sourceId: null,
  at: AT,
  ...overrides,
})
const notice = (to: string, overrides: Partial<NewNotice> = {}): NewNotice => ({
  to,
  toName: '张三',
  kind: 'close_request',
  text: '【待确认办结】市知识产权保护中心 李四 申请办结第20条。',
  ...overrides,
})

eachStore((kind) => {
  describe('notices', () => {
    it('are written with their step; a message seen before stores neither step nor notices', async () => {
      const s = await kind.open()
      const first = await s.cycle.add(step({ sourceId: 'wecom:m1' }), audit('close_task'), [
        notice('wecom:zhangsan'),
        notice('slack:U1', { toName: null, text: 'bad \uD800 half' }),
      ])
      const again = await s.cycle.add(step({ sourceId: 'wecom:m1' }), audit('close_task'), [notice('wecom:zhangsan')])
      expect(again.stored).toBe(false)
      if (!first.stored) throw new Error('not stored')
      const all = await s.notices.list()
      expect(all.map((n) => [n.event, n.to, n.toName, n.kind, n.createdAt, n.sentAt])).toEqual([
        [first.event.id, 'wecom:zhangsan', '张三', 'close_request', AT, null],
        [first.event.id, 'slack:U1', null, 'close_request', AT, null],
      ])
      expect(all[1]?.text).toBe('bad \uFFFD half')
      expect(await s.notices.list({ event: first.event.id })).toHaveLength(2)
      expect(await s.notices.list({ event: first.event.id + 1 })).toEqual([])
    })

    it('go to their platform’s door, to one instance, once', async () => {
      const a = await kind.open()
      const b = await kind.open()
      await a.cycle.add(step(), audit('close_task'), [notice('wecom:zhangsan'), notice('dingtalk:0001'), notice('wecomx:nobody')])
      const [mine] = await a.notices.pending('wecom')
      expect((await a.notices.pending('wecom')).map((n) => n.to)).toEqual(['wecom:zhangsan'])
      expect((await b.notices.pending('dingtalk')).map((n) => n.to)).toEqual(['dingtalk:0001'])
      const id = mine?.id ?? 0
      const claims = await Promise.all([a.notices.claim(id, AT), b.notices.claim(id, AT), a.notices.claim(id, AT)])
      expect(claims.filter(Boolean)).toHaveLength(1)
      expect(await b.notices.pending('wecom', { retryFailed: true })).toEqual([])
      await a.notices.settle(id, '2023-06-20T02:00:05.000Z')
      expect(await b.notices.claim(id, AT)).toBe(false)
      expect((await b.notices.list()).find((n) => n.id === id)).toMatchObject({ sentAt: '2023-06-20T02:00:05.000Z', error: null })
    })

    it('a failed send is offered again only when a door’s start asks, and then to one claimant', async () => {
      const s = await kind.open()
      const other = await kind.open()
      await s.forPlan('plan-a').cycle.add(step(), audit('close_task'), [notice('slack:U1')])
      const [n] = await s.notices.pending('slack')
      const id = n?.id ?? 0
      expect(await s.notices.claim(id, AT)).toBe(true)
      await s.notices.settle(id, AT, 'channel_not_found')
      expect(await s.notices.pending('slack')).toEqual([])
      const retry = await other.notices.pending('slack', { retryFailed: true })
      expect(retry.map((r) => [r.id, r.error])).toEqual([[id, 'channel_not_found']])
      expect(await Promise.all([s.notices.claim(id, AT), other.notices.claim(id, AT)])).toContain(false)
      await other.notices.settle(id, AT)
      expect(await s.notices.pending('slack', { retryFailed: true })).toEqual([])
      expect((await s.cycle.list()).map((e) => e.plan)).toEqual(['plan-a'])
    })

    it('a claim whose instance is gone is taken over by one starting instance, once; a live one’s never', async () => {
      const dead = await kind.open()
      const alive = await kind.open()
      await dead.cycle.add(step(), audit('close_task'), [notice('wecom:a'), notice('wecom:b'), notice('slack:U1'), notice('wecom:c')])
      const [a, b, c] = await dead.notices.pending('wecom')
      const [u1] = await dead.notices.pending('slack')
      const ids = [a, b, c, u1].map((n) => n?.id ?? 0)
      expect(await dead.notices.claim(ids[0] ?? 0, AT)).toBe(true) // its process dies before the settle
      expect(await dead.notices.claim(ids[3] ?? 0, AT)).toBe(true)
      expect(await dead.notices.claim(ids[2] ?? 0, AT)).toBe(true)
      await dead.notices.settle(ids[2] ?? 0, AT, 'refused') // failed: retried by pending, not stranded
      expect(await alive.notices.claim(ids[1] ?? 0, AT)).toBe(true) // still sending
      await dead.close()

      const x = await kind.open()
      const y = await kind.open()
      const taken = await Promise.all([x.notices.takeStranded('wecom'), y.notices.takeStranded('wecom')])
      expect(taken.flat().map((n) => [n.id, n.to, n.claimedAt, n.sentAt])).toEqual([[ids[0], 'wecom:a', AT, null]])
      const [taker, other] = taken[0]?.length ? [x, y] : [y, x]
      expect(await other.notices.takeStranded('wecom')).toEqual([])
      expect(await alive.notices.takeStranded('wecom')).toEqual([])
      expect(await other.notices.release(ids[0] ?? 0)).toBe(false) // not its claim
      expect(await alive.notices.release(ids[0] ?? 0)).toBe(false)
      expect(await taker.notices.release(ids[0] ?? 0)).toBe(true)
      expect((await other.notices.pending('wecom')).map((n) => n.to)).toEqual(['wecom:a'])
      expect(await other.notices.claim(ids[0] ?? 0, AT)).toBe(true)
      expect(await taker.notices.takeStranded('wecom')).toEqual([]) // the new claimant lives
      expect((await y.notices.takeStranded('slack')).map((n) => n.to)).toEqual(['slack:U1'])
      expect(await y.notices.release(ids[1] ?? 0)).toBe(false) // alive's claim stays alive's
      expect((await y.notices.list()).find((n) => n.id === ids[1])).toMatchObject({ claimedAt: AT, sentAt: null })
    })

    it('the outbox says whether anything was queued under a key, sent or not', async () => {
      const s = await kind.open()
      expect(await s.delivery.queued('wecom-notice:notice:7')).toBe(false)
      const [id] = await s.delivery.queueReplies('wecom-notice:notice:7', [{ room: 'zhangsan', payload: { text: '通知' } }], AT)
      expect(await s.delivery.queued('wecom-notice:notice:7')).toBe(true)
      expect(await s.delivery.queued('wecom-notice:notice:70')).toBe(false)
      expect(await s.delivery.queued('notice:7')).toBe(false)
      await s.delivery.markSent(id ?? 0, AT)
      expect(await s.delivery.queued('wecom-notice:notice:7')).toBe(true)
    })
  })
})

/** A SQLite file at schema `version` with `seed` written, opened by the current store for `check`. */
async function openedFrom(version: number, seed: (db: Database.Database) => void, check: (s: SqliteStore) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'gzyd-notices-'))
  try {
    const file = join(dir, 'bot.db')
    const db = new Database(file)
    for (const sql of MIGRATIONS.slice(0, version)) db.exec(sql)
    db.pragma(`user_version = ${version}`)
    seed(db)
    db.close()
    const s = new SqliteStore(file)
    try {
      expect(s.pragmas().userVersion).toBe(MIGRATIONS.length)
      await check(s)
    } finally {
      await s.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('SQLite: migrations 9 and 10', () => {
  it('adds the notices table to a database of migration 8, keeping its steps', async () => {
    await openedFrom(
      8,
      (db) =>
        db
          .prepare(
            "INSERT INTO task_events (task, kind, unit, user, user_name, note, source_id, at) VALUES (20, 'close', '知识产权促进科', 'u1', NULL, '旧的', NULL, ?)",
          )
          .run(AT),
      async (s) => {
        expect((await s.cycle.list()).map((e) => e.note)).toEqual(['旧的'])
        expect(await s.notices.list()).toEqual([])
        const added = await s.cycle.add(step(), audit('close_task'), [notice('wecom:zhangsan')])
        expect(added.stored && (await s.notices.list({ event: added.event.id })).length).toBe(1)
      },
    )
  })

  it('a notice claimed under migration 9 (no instance recorded) is stranded for the next start', async () => {
    await openedFrom(
      9,
      (db) =>
        db
          .prepare("INSERT INTO notices (recipient, kind, text, created_at, claimed_at) VALUES ('wecom:a', 'close_request', '甲', ?, ?)")
          .run(AT, AT),
      async (s) => expect((await s.notices.takeStranded('wecom')).map((n) => n.text)).toEqual(['甲']),
    )
  })
})
