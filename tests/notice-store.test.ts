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
 * a door's start asks for retries); a plan view passes them through. On SQLite: migration 9 on an
 * older database.
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
  })
})

describe('SQLite: migration 9', () => {
  it('adds the notices table to a database of migration 8, keeping its steps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gzyd-notices-'))
    try {
      const file = join(dir, 'bot.db')
      const db = new Database(file)
      for (const sql of MIGRATIONS.slice(0, 8)) db.exec(sql)
      db.pragma('user_version = 8')
      db.prepare(
        "INSERT INTO task_events (task, kind, unit, user, user_name, note, source_id, at) VALUES (20, 'close', '知识产权促进科', 'u1', NULL, '旧的', NULL, ?)",
      ).run(AT)
      db.close()
      const s = new SqliteStore(file)
      expect(s.pragmas().userVersion).toBe(9)
      expect((await s.cycle.list()).map((e) => e.note)).toEqual(['旧的'])
      expect(await s.notices.list()).toEqual([])
      const added = await s.cycle.add(step(), audit('close_task'), [notice('wecom:zhangsan')])
      expect(added.stored && (await s.notices.list({ event: added.event.id })).length).toBe(1)
      await s.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
