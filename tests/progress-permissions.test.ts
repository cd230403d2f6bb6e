import { afterEach, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../src/core/progress/store.js'
import { testRuntime } from './helpers/runtime.js'

/**
 * Identities and permissions through the real bot (boot, intents, answerers, SQLite file): deny by
 * default, every decision audited, and refusals store nothing.
 */

type TestRuntime = Awaited<ReturnType<typeof testRuntime>>
const runtimes: TestRuntime[] = []
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close()
})

let clock = new Date('2023-07-01T02:00:00.000Z')
async function start(env: Record<string, string> = {}): Promise<TestRuntime> {
  clock = new Date('2023-07-01T02:00:00.000Z')
  const r = await testRuntime({ BOT_BINDING_POLICY: 'open', ...env }, () => clock)
  runtimes.push(r)
  return r
}

async function lastAudit(r: TestRuntime): Promise<Pick<AuditEntry, 'user' | 'action' | 'allowed' | 'reason'> | undefined> {
  const e = (await r.store.auditTrail(1))[0]
  return e && { user: e.user, action: e.action, allowed: e.allowed, reason: e.reason }
}

describe('logging progress: refusals store nothing', () => {
  it('refuses an unbound sender and says how to bind', async () => {
    const r = await start()
    const a = await r.ask('进度 20 截至6月底发明专利申请量1200件', 'u1')
    expect(a.reply).toContain('你还没有绑定单位')
    expect(a.reply).toContain('我是XX科的')
    expect(a.reply).toContain('未记录')
    expect(a.progress).toBeUndefined()
    expect(await r.store.liveUpdates()).toEqual([])
    expect(await lastAudit(r)).toEqual({ user: 'u1', action: 'log_progress', allowed: false, reason: 'not bound' })
  })

  it("refuses a unit the task does not list, naming the task's units", async () => {
    const r = await start()
    await r.ask('我是知识产权促进科的', 'u1')
    const a = await r.ask('进度 55 已开展检查10次', 'u1')
    expect(a.reply).toContain('特安科')
    expect(a.reply).toContain('不包括知识产权促进科')
    expect(a.progress).toBeUndefined()
    expect(await r.store.updatesForTask(55, { includeWithdrawn: true })).toEqual([])
    expect(await lastAudit(r)).toEqual({ user: 'u1', action: 'log_progress', allowed: false, reason: 'unit not on task' })
  })

  it('refuses an unknown task, naming its number', async () => {
    const r = await start()
    await r.ask('我是知识产权促进科的', 'u1')
    const a = await r.ask('进度 99 已完成', 'u1')
    expect(a.reply).toContain('第99条')
    expect(a.reply).toContain('未记录')
    expect(await r.store.liveUpdates()).toEqual([])
    expect(await lastAudit(r)).toEqual({ user: 'u1', action: 'log_progress', allowed: false, reason: 'unknown task' })
  })

  it('refuses empty text', async () => {
    const r = await start()
    await r.ask('我是知识产权促进科的', 'u1')
    const a = await r.ask('进度 20', 'u1')
    expect(a.intent).toBe('log_progress')
    expect(a.reply).toContain('请在条号后写上进展内容')
    expect((await r.ask('   ', 'u1')).progress).toBeUndefined()
    expect(await r.store.liveUpdates()).toEqual([])
    expect(await lastAudit(r)).toEqual({ user: 'u1', action: 'log_progress', allowed: false, reason: 'empty text' })
  })
})

describe('logging progress: what is allowed', () => {
  it('stores figures with attainment (1200 of 2000件 → 60%) and reads them back', async () => {
    const r = await start()
    await r.ask('我是知识产权促进科的', 'u1')
    const a = await r.ask('进度 20 截至6月底发明专利申请量1200件', 'u1')
    expect(a.reply).toContain('已记录：第20条，知识产权促进科')
    expect(a.reply).toContain('= 60%')
    const [stored] = await r.store.updatesForTask(20)
    expect(a.progress).toEqual({ id: stored?.id, task: 20 })
    expect(stored).toMatchObject({ unit: '知识产权促进科', user: 'u1', attainment: 60, done: false })
    expect(await lastAudit(r)).toEqual({ user: 'u1', action: 'log_progress', allowed: true, reason: 'unit on task' })
    expect((await r.ask('第20条进展如何', 'u2')).reply).toContain('发明专利申请量1200件')
  })

  it('records 已完成 as reported done, which closes nothing: the reply says how to 办结', async () => {
    const r = await start()
    await r.ask('我是知识产权促进科的', 'u1')
    const a = await r.ask('进度 20 已完成', 'u1')
    expect(a.reply).toContain('状态：报完成（待办结销号）')
    expect(a.reply).toContain('如已全部完成，请发送「办结 20 完成情况说明」申请销号。')
    expect((await r.store.updatesForTask(20))[0]).toMatchObject({ done: true, attainment: 100 })
    expect(await r.store.cycle.list()).toEqual([])
  })

  it('accepts any bound unit on a task that lists a placeholder (第2条: 相关科室)', async () => {
    const r = await start()
    await r.ask('我是知识产权促进科的', 'u1')
    const a = await r.ask('进度 2 配合完成网办系统测试', 'u1')
    expect(a.progress?.task).toBe(2)
    expect((await r.store.updatesForTask(2))[0]).toMatchObject({ unit: '知识产权促进科', text: '配合完成网办系统测试' })
  })

  it('lets every 科室 report on a task that lists 机关各科室 (第64条), and a 支队 not', async () => {
    const r = await start()
    await r.ask('我是价监科的', 'u1')
    const a = await r.ask('进度 64 已组织法治大讲堂2场', 'u1')
    expect(a.progress?.task).toBe(64)
    await r.ask('我是综合行政执法支队的', 'u2')
    const b = await r.ask('进度 64 已组织法治大讲堂2场', 'u2')
    expect(b.progress).toBeUndefined()
  })

  it("lets an admin log for any task, credited to the task's lead unit", async () => {
    const r = await start({ BOT_ADMINS: 'boss' })
    const a = await r.ask('进度 55 已开展安全检查', 'boss')
    expect(a.progress?.task).toBe(55)
    expect((await r.store.updatesForTask(55))[0]).toMatchObject({ unit: '特安科', user: 'boss' })
    expect(await lastAudit(r)).toEqual({ user: 'boss', action: 'log_progress', allowed: true, reason: 'admin' })
    // An admin bound to another unit still credits the task's unit, not their own.
    await r.ask('我是知识产权促进科的', 'boss')
    await r.ask('进度 55 第二次检查', 'boss')
    expect((await r.store.updatesForTask(55)).map((u) => u.unit)).toEqual(['特安科', '特安科'])
  })

  it('stores a message delivered twice (same id) once', async () => {
    const r = await start()
    await r.ask('我是知识产权促进科的', 'u1')
    const msg = { text: '进度 20 发明专利申请量1300件', user: 'u1', platform: 'slack' as const, messageId: 'Ev42' }
    const first = await r.bot.handle(msg)
    const second = await r.bot.handle(msg)
    expect(first.progress?.task).toBe(20)
    expect(second.progress).toBeUndefined()
    expect(second.reply).toContain(`编号 ${first.progress?.id}`)
    expect(await r.store.updatesForTask(20, { includeWithdrawn: true })).toHaveLength(1)
  })
})

describe('identity', () => {
  it('binds, shows and removes a binding; unbinding revokes logging', async () => {
    const r = await start()
    expect((await r.ask('我是知识产权促进科的', 'u1')).reply).toContain('已绑定到 知识产权促进科')
    expect((await r.ask('我是谁', 'u1')).reply).toContain('已绑定：知识产权促进科')
    expect((await r.ask('解绑', 'u1')).reply).toContain('已解除绑定')
    expect(await r.store.getBinding('u1')).toBeNull()
    expect((await r.ask('我是谁', 'u1')).reply).toContain('还没有绑定单位')
    expect((await r.ask('进度 20 发明专利申请量1200件', 'u1')).reply).toContain('你还没有绑定单位')
    const actions = (await r.store.auditTrail()).map((e) => [e.action, e.allowed, e.reason])
    expect(actions).toEqual([
      ['log_progress', false, 'not bound'],
      ['unbind', true, 'binding removed'],
      ['bind', true, 'bound (open)'],
    ])
  })

  it('suggests real names for a near-miss unit and binds nothing', async () => {
    const r = await start()
    const a = await r.ask('我是知识产权科的', 'u1')
    expect(a.reply).toContain('没有「知识产权科」')
    expect(a.reply).toContain('知识产权促进科')
    expect(await r.store.getBinding('u1')).toBeNull()
    expect(await lastAudit(r)).toEqual({ user: 'u1', action: 'bind', allowed: false, reason: 'unknown unit' })
  })

  it('approval policy without admins: the request is kept and the user is told nobody can approve it yet', async () => {
    const r = await start({ BOT_BINDING_POLICY: 'approval' })
    const reply = (await r.ask('我是知识产权促进科的', 'u1')).reply
    expect(reply).toContain('已提交绑定申请')
    expect(reply).toContain('没有配置管理员（BOT_ADMINS）')
    expect((await r.store.getBinding('u1'))?.status).toBe('pending')
  })

  it('approval policy: pending until an admin approves; only admins list or approve', async () => {
    const r = await start({ BOT_BINDING_POLICY: 'approval', BOT_ADMINS: 'boss' })
    expect((await r.ask('我是知识产权促进科的', 'u1')).reply).toContain('已提交绑定申请')
    expect((await r.ask('进度 20 发明专利申请量1200件', 'u1')).reply).toContain('等待管理员批准')
    expect(await r.store.liveUpdates()).toEqual([])
    expect((await r.ask('待审批', 'u1')).reply).toContain('只有管理员')
    expect((await r.ask('批准 u1', 'u2')).reply).toContain('只有管理员')
    expect((await r.store.getBinding('u1'))?.status).toBe('pending')
    expect((await r.ask('待审批', 'boss')).reply).toContain('u1）→ 知识产权促进科')
    expect((await r.ask('批准 u1', 'boss')).reply).toContain('已批准')
    expect(await r.store.getBinding('u1')).toMatchObject({ status: 'approved', approvedBy: 'boss' })
    expect((await r.ask('待审批', 'boss')).reply).toContain('没有待审批')
    expect((await r.ask('进度 20 发明专利申请量1200件', 'u1')).progress?.task).toBe(20)
    const trail = (await r.store.auditTrail()).reverse().map((e) => `${e.user} ${e.action} ${e.allowed} ${e.reason}`)
    expect(trail).toEqual([
      'u1 bind true pending approval',
      'u1 log_progress false not bound',
      'u1 list_pending false not an admin',
      'u2 approve false not an admin',
      'boss list_pending true admin',
      'boss approve true approved',
      'boss list_pending true admin',
      'u1 log_progress true unit on task',
    ])
  })
})

describe('withdrawing', () => {
  it('withdraws within 24 hours: gone from the summary, kept in history and the audit', async () => {
    const r = await start()
    await r.ask('我是知识产权促进科的', 'u1')
    const logged = await r.ask('进度 20 发明专利申请量1200件', 'u1')
    clock = new Date(clock.getTime() + 23 * 3600_000)
    expect((await r.ask('撤回', 'u1')).reply).toContain('已撤回第20条的进度')
    expect((await r.ask('第20条进展如何', 'u1')).reply).toContain('暂无进度报送')
    expect((await r.ask('第20条全部进展', 'u1')).reply).toContain('（已撤回）')
    const trail = await r.store.auditTrail()
    expect(trail[0]).toMatchObject({ action: 'withdraw', allowed: true, detail: { id: logged.progress?.id, task: 20 } })
    expect(trail[1]).toMatchObject({ action: 'log_progress', allowed: true, detail: { id: logged.progress?.id, task: 20 } })
  })

  it('refuses after 24 hours and keeps the update', async () => {
    const r = await start()
    await r.ask('我是知识产权促进科的', 'u1')
    await r.ask('进度 20 发明专利申请量1200件', 'u1')
    clock = new Date(clock.getTime() + 25 * 3600_000)
    expect((await r.ask('撤回', 'u1')).reply).toContain('超过24小时')
    expect((await r.ask('第20条进展如何', 'u1')).reply).toContain('发明专利申请量1200件')
    expect(await lastAudit(r)).toEqual({ user: 'u1', action: 'withdraw', allowed: false, reason: 'older than 24 hours' })
    expect((await r.ask('撤回', 'u2')).reply).toContain('没有可以撤回')
  })
})
