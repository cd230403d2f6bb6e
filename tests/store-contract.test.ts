import { describe, expect, it } from 'vitest'
import { holdWhileLeader } from '../src/core/progress/leadership.js'
import type { AuditEntry, Binding } from '../src/core/progress/store.js'
import { newUpdate as update } from './helpers/new-update.js'
import { eachStore } from './helpers/store-kinds.js'

/**
 * The store port's contract, run against SQLite and PostgreSQL alike: idempotency, audit in the
 * same transaction, bindings, claims; and what several instances (several store objects on one
 * database) must see as one truth: a decision made twice at once is made once.
 */

const T0 = '2024-07-01T00:00:00.000Z'
const auditOf = (action: string, at = T0): AuditEntry => ({ at, user: 'slack:UADMIN', action, allowed: true, reason: action })
const pending: Binding = { user: 'u2', unit: '特安科', status: 'pending', userName: null, requestedAt: T0, approvedBy: null }

eachStore((kind) => {
  describe('updates', () => {
    it('stores one row for a source id delivered twice', async () => {
      const s = await kind.open()
      const first = await s.addUpdate(update({ sourceId: 'slack:E1' }))
      const second = await s.addUpdate(update({ sourceId: 'slack:E1', text: 'retried delivery' }))
      if (!first.stored || second.stored) throw new Error('unexpected results')
      expect(second).toMatchObject({ repeat: false, duplicateOf: { id: first.update.id, text: '截至6月底发明专利申请量1200件' } })
      expect(await s.updatesForTask(20, { includeWithdrawn: true })).toHaveLength(1)
    })

    it('stores updates without a source id each time, unless asked to refuse a repeat', async () => {
      const s = await kind.open()
      await s.addUpdate(update())
      await s.addUpdate(update())
      expect(await s.updatesForTask(20)).toHaveLength(2)
      const again = await s.addUpdate(update({ at: '2024-07-01T02:05:00.000Z' }), undefined, { repeatSince: '2024-07-01T01:55:00.000Z' })
      expect(again).toMatchObject({ stored: false, repeat: true })
      const other = await s.addUpdate(update({ text: '另一条', at: '2024-07-01T02:05:00.000Z' }), undefined, {
        repeatSince: '2024-07-01T01:55:00.000Z',
      })
      expect(other.stored).toBe(true)
      expect(await s.updatesForTask(20)).toHaveLength(3)
    })

    it('keeps updates, bindings, withdrawals and audit entries across close and reopen', async () => {
      const s = await kind.open()
      await s.putBinding({ user: 'u1', unit: '知识产权促进科', status: 'approved', userName: '张三', requestedAt: T0, approvedBy: 'u1' })
      const a = await s.addUpdate(update({ sourceId: 'jsonl:1' }))
      const b = await s.addUpdate(update({ sourceId: 'jsonl:2', text: '发明专利申请量1500件', at: '2024-07-02T02:00:00.000Z' }))
      if (!a.stored || !b.stored) throw new Error('not stored')
      expect(await s.withdraw(b.update.id, '2024-07-02T03:00:00.000Z')).toBe(true)
      await s.audit({ ...auditOf('withdraw', '2024-07-02T03:00:00.000Z'), user: 'u1', detail: { id: b.update.id } })
      await s.close()

      const r = await kind.open()
      expect(await r.getBinding('u1')).toMatchObject({ unit: '知识产权促进科', status: 'approved', userName: '张三' })
      expect((await r.updatesForTask(20)).map((u) => u.id)).toEqual([a.update.id])
      const all = await r.updatesForTask(20, { includeWithdrawn: true })
      expect(all.map((u) => [u.id, u.withdrawnAt])).toEqual([
        [b.update.id, '2024-07-02T03:00:00.000Z'],
        [a.update.id, null],
      ])
      expect(all[1]).toMatchObject({ text: '截至6月底发明专利申请量1200件', attainment: 60, done: false })
      expect(all[1]?.figures).toEqual([{ value: 1200, unit: '件', target: 0, percent: 60 }])
      expect((await r.lastUpdateBy('u1'))?.id).toBe(a.update.id)
      expect(await r.auditTrail()).toEqual([
        { at: '2024-07-02T03:00:00.000Z', user: 'u1', action: 'withdraw', allowed: true, reason: 'withdraw', detail: { id: b.update.id } },
      ])
    })

    it('keeps text as written, a NUL character and lone surrogates made harmless', async () => {
      const s = await kind.open()
      const r = await s.addUpdate(update({ text: '走访\u0000企业\uD800😀', original: '进度 20 走访企业😀', userName: '王五' }))
      expect(r.stored).toBe(true)
      const [stored] = await s.updatesForTask(20)
      expect(stored?.text).toMatch(/^走访.企业\uFFFD😀$/)
      expect(stored?.original).toBe('进度 20 走访企业😀')
    })

    it('limits reads to one plan when asked, and lists live updates oldest first', async () => {
      const s = await kind.open()
      await s.addUpdate(update({ plan: 'p2024', at: '2024-07-02T00:00:00.000Z' }))
      await s.addUpdate(update({ plan: 'p2023', at: '2024-07-01T00:00:00.000Z' }))
      expect((await s.updatesForTask(20, { plan: 'p2023' })).map((u) => u.plan)).toEqual(['p2023'])
      expect((await s.liveUpdates()).map((u) => u.plan)).toEqual(['p2023', 'p2024'])
      expect((await s.forPlan('p2024').liveUpdates()).map((u) => u.plan)).toEqual(['p2024'])
      expect((await s.updatesForTask(20, { limit: 1 })).map((u) => u.plan)).toEqual(['p2024'])
    })
  })

  describe('bindings', () => {
    it('lists pending bindings and removes a binding', async () => {
      const s = await kind.open()
      await s.putBinding(pending)
      expect((await s.pendingBindings()).map((b) => b.user)).toEqual(['u2'])
      expect(await s.usersOfUnit('特安科')).toEqual([])
      expect(await s.removeBinding('u2')).toBe(true)
      expect(await s.removeBinding('u2')).toBe(false)
      expect(await s.getBinding('u2')).toBeNull()
    })

    it('files a binding only for a user without one, with its audit row, and changes nothing otherwise', async () => {
      const s = await kind.open()
      const p = { ...pending, user: 'wechat:new', userName: '张三（重新登录）' }
      expect(await s.putBindingIfAbsent(p, auditOf('bind'))).toBe(true)
      expect(await s.getBinding('wechat:new')).toMatchObject({ unit: '特安科', status: 'pending' })
      await s.putBinding({ ...p, unit: '知识产权促进科', status: 'approved', approvedBy: 'wechat:new' })
      expect(await s.putBindingIfAbsent(p, auditOf('bind', '2024-07-02T00:00:00.000Z'))).toBe(false)
      expect(await s.getBinding('wechat:new')).toMatchObject({ unit: '知识产权促进科', status: 'approved' })
      expect((await s.auditTrail()).map((e) => e.at)).toEqual([T0])
    })

    it('approves a pending request once, with its audit row, when two instances approve it at the same moment', async () => {
      const [a, b] = [await kind.open(), await kind.open()]
      await a.putBinding(pending)
      const results = await Promise.all([
        a.approveBinding('u2', 'slack:UA', auditOf('approve')),
        b.approveBinding('u2', 'slack:UB', auditOf('approve')),
      ])
      const approved = results.filter((r) => r !== null)
      expect(approved).toHaveLength(1)
      expect(approved[0]).toMatchObject({ user: 'u2', unit: '特安科', status: 'approved' })
      expect(await a.getBinding('u2')).toMatchObject({ status: 'approved', approvedBy: approved[0]?.approvedBy })
      expect((await a.auditTrail()).map((e) => [e.action, e.detail])).toEqual([['approve', { unit: '特安科' }]])
      expect(await a.approveBinding('nobody', 'slack:UA', auditOf('approve'))).toBeNull()
    })
  })

  describe('decisions made at once on several instances', () => {
    it('stores one of two identical reports without a message id sent to two instances at once', async () => {
      const [a, b] = [await kind.open(), await kind.open()]
      const since = { repeatSince: '2024-07-01T01:50:00.000Z' }
      const results = await Promise.all([
        a.addUpdate(update(), auditOf('log_progress'), since),
        b.addUpdate(update(), auditOf('log_progress'), since),
      ])
      expect(results.map((r) => r.stored).sort()).toEqual([false, true])
      expect(await a.updatesForTask(20)).toHaveLength(1)
      expect((await a.auditTrail()).filter((e) => e.action === 'log_progress')).toHaveLength(1)
    })

    it('stores one of many copies of one message id racing on several instances, each acknowledged copy pointing at it', async () => {
      const stores = [await kind.open(), await kind.open(), await kind.open()]
      const results = await Promise.all(
        stores.flatMap((s) => [
          s.addUpdate(update({ sourceId: 'slack:race' }), auditOf('log_progress')),
          s.addUpdate(update({ sourceId: 'slack:race' }), auditOf('log_progress')),
        ]),
      )
      const stored = results.filter((r) => r.stored)
      expect(stored).toHaveLength(1)
      const id = stored[0]?.stored ? stored[0].update.id : -1
      for (const r of results) if (!r.stored) expect(r.duplicateOf.id).toBe(id)
      expect(await stores[0]?.auditTrail()).toHaveLength(1)
    })

    it('withdraws two updates one after the other when 撤回 is sent twice at once', async () => {
      const [a, b] = [await kind.open(), await kind.open()]
      const first = await a.addUpdate(update({ at: '2024-07-01T02:00:00.000Z' }))
      const second = await a.addUpdate(update({ at: '2024-07-01T03:00:00.000Z' }))
      if (!first.stored || !second.stored) throw new Error('not stored')
      const at = '2024-07-01T04:00:00.000Z'
      const notBefore = '2024-06-30T04:00:00.000Z'
      const results = await Promise.all([
        a.withdrawLast('u1', at, notBefore, auditOf('withdraw', at)),
        b.withdrawLast('u1', at, notBefore, auditOf('withdraw', at)),
      ])
      expect(results.map((r) => r.withdrawn?.id).sort()).toEqual([first.update.id, second.update.id].sort())
      expect(await a.updatesForTask(20)).toEqual([])
      expect((await a.auditTrail()).map((e) => (e.detail as { id: number }).id).sort()).toEqual([first.update.id, second.update.id].sort())
      expect(await a.withdrawLast('u1', at, notBefore, auditOf('withdraw', at))).toEqual({ withdrawn: null, last: null })
    })

    it('refuses to withdraw an update older than the window and says which one it was', async () => {
      const s = await kind.open()
      await s.addUpdate(update({ at: '2024-07-01T02:00:00.000Z' }))
      const result = await s.withdrawLast('u1', '2024-07-03T02:00:00.000Z', '2024-07-02T02:00:00.000Z', auditOf('withdraw'))
      expect(result).toMatchObject({ withdrawn: null, last: { task: 20, withdrawnAt: null } })
      expect(await s.auditTrail()).toEqual([])
    })

    it('claims a message once across instances and after reopening', async () => {
      const [a, b] = [await kind.open(), await kind.open()]
      const claims = await Promise.all([a.claimMessage('slack:Ev1', T0), b.claimMessage('slack:Ev1', T0), a.claimMessage('slack:Ev1', T0)])
      expect(claims.filter(Boolean)).toHaveLength(1)
      expect(await b.claimMessage('slack:Ev2', T0, 'slack-inbox:Ev2')).toBe(true)
      await a.close()
      const r = await kind.open()
      expect(await r.claimMessage('slack:Ev1', '2024-07-02T00:00:00.000Z')).toBe(false)
      expect(await r.delivery.claimOwner('slack:Ev2')).toBe('slack-inbox:Ev2')
    })

    it('gives one check-in to one of several instances claiming it at once', async () => {
      const stores = [await kind.open(), await kind.open(), await kind.open()]
      const key = { plan: 'p', periodStart: '2025-07-01', kind: 'check-in', user: 'slack:U3' }
      const claims = await Promise.all(stores.map((s) => s.checkIns.claim(key, '【报送提醒】', T0)))
      expect(claims.filter(Boolean)).toHaveLength(1)
    })

    it('records a plan once when instances start together: one sees the earlier version, the others this one', async () => {
      const stores = [await kind.open(), await kind.open(), await kind.open()]
      const plan = { key: 'p', title: '工作要点', issuer: null, year: 2024, file: 'a.txt', hash: 'h1', tasks: [{ number: 1, text: '一' }] }
      await stores[0]?.plans.record(plan, T0)
      const before = await Promise.all(stores.map((s) => s.plans.record({ ...plan, hash: 'h2' }, '2024-07-02T00:00:00.000Z')))
      expect(before.map((r) => r?.hash).sort()).toEqual(['h1', 'h2', 'h2'])
      const moved = await Promise.all(stores.map((s) => s.plans.rekey('p', 'q', auditOf('rekey'))))
      expect(moved.filter((m) => m !== null)).toEqual([0])
      expect((await stores[0]?.auditTrail())?.map((e) => e.action)).toEqual(['rekey'])
    })
  })

  describe('delivery across instances', () => {
    it('takes over the open messages and unsent replies of an instance that is gone, once, and none of a live one', async () => {
      const a = await kind.open()
      const b = await kind.open()
      expect(await a.delivery.accept('in:1', { text: '一' }, T0)).toBe(true)
      expect(await b.delivery.accept('in:1', { text: '一' }, T0)).toBe(false)
      await a.delivery.accept('in:2', { text: '二' }, '2024-07-01T00:00:01.000Z')
      const [reply] = await a.delivery.queueReplies('in:1', [{ room: 'C1', payload: { text: '答' } }], T0)
      await a.delivery.markAttempt(reply as number, T0)
      // a lives: b may take nothing of it.
      expect(await b.delivery.openMessages()).toEqual([])
      expect(await b.delivery.unsentReplies()).toEqual([])
      await a.close()
      const c = await kind.open()
      const [open, openAgain] = await Promise.all([b.delivery.openMessages(), c.delivery.openMessages()])
      expect([...open, ...openAgain].map((e) => e.key)).toEqual(['in:2'])
      const [unsent, unsentAgain] = await Promise.all([b.delivery.unsentReplies(), c.delivery.unsentReplies()])
      expect([...unsent, ...unsentAgain]).toEqual([
        { id: reply, inboxKey: 'in:1', room: 'C1', payload: { text: '答' }, attemptedAt: T0, createdAt: T0 },
      ])
      await b.delivery.markSent(reply as number, T0)
      await c.close()
      const d = await kind.open()
      expect(await d.delivery.unsentReplies()).toEqual([])
    })

    it('gives a door only its own rows of a stopped instance, and leaves the others for their door', async () => {
      const a = await kind.open()
      await a.delivery.accept('wecom-inbox:m1', { text: 'wecom' }, T0)
      await a.delivery.accept('E1', { text: 'slack' }, T0)
      await a.delivery.queueReplies('wecom-inbox:m1', [{ room: 'wr', payload: { text: '答' } }], T0)
      await a.delivery.accept('dingtalk-inbox:d1', { text: 'dingtalk' }, T0)
      await a.close()
      const slack = await kind.open()
      expect((await slack.delivery.openMessages('slack')).map((e) => e.key)).toEqual(['E1'])
      expect(await slack.delivery.unsentReplies('slack')).toEqual([])
      const wecom = await kind.open()
      expect((await wecom.delivery.openMessages('wecom')).map((e) => e.key)).toEqual([])
      expect((await wecom.delivery.unsentReplies('wecom')).map((e) => e.inboxKey)).toEqual(['wecom-inbox:m1'])
      expect((await wecom.delivery.openMessages('dingtalk')).map((e) => e.key)).toEqual(['dingtalk-inbox:d1'])
    })
  })

  describe('leadership', () => {
    it('is held by one instance at a time, and taken over when its holder closes', async () => {
      const a = await kind.open()
      const b = await kind.open()
      const lease = await a.leadership.tryAcquire('wechat')
      expect(lease).not.toBeNull()
      expect(await b.leadership.tryAcquire('wechat')).toBeNull()
      expect(await a.leadership.tryAcquire('wechat')).toBeNull()
      expect(await b.leadership.tryAcquire('slack-socket')).not.toBeNull()
      await lease?.release()
      const again = await b.leadership.tryAcquire('wechat')
      expect(again).not.toBeNull()
      await b.close()
      expect(await a.leadership.tryAcquire('wechat')).not.toBeNull()
    })

    it('holds a connection only while holding the lock: the other instance connects when the first closes', async () => {
      const a = await kind.open()
      const b = await kind.open()
      const events: string[] = []
      const connect = (who: string) => async () => {
        events.push(`${who} up`)
        return { stop: async () => void events.push(`${who} down`) }
      }
      const first = holdWhileLeader(a.leadership, 'socket', connect('a'), { retryMs: 50 })
      await first.first
      const second = holdWhileLeader(b.leadership, 'socket', connect('b'), { retryMs: 50 })
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(events).toEqual(['a up'])
      expect(second.leading()).toBe(false)
      await a.close()
      await second.first
      expect(events).toEqual(['a up', 'a down', 'b up'])
      await first.stop()
      await second.stop()
      expect(events.at(-1)).toBe('b down')
    })
  })
})
