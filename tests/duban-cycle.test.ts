import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFacts } from '../src/core/summary/facts.js'
import { buildLedger } from '../src/core/summary/ledger.js'
import { buildOverview } from '../src/core/summary/overview.js'
import { currentReminder } from '../src/core/summary/reminder-schedule.js'
import { deadlineLine, stateLabel } from '../src/core/summary/state-wording.js'
import { ADMIN, type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/**
 * The 督办 cycle through the real bot and store on a fixed clock: 办结 by the lead unit at once, by a
 * co-unit on the lead's confirmation (or sent back), reopening with a reason; 延期 asked by the lead
 * unit and decided by an admin, the old deadline kept; each step audited, refusals storing nothing.
 * 第20条: 知识产权促进科 leads, 市知识产权保护中心 co-operates; 第22条: 知识产权促进科 alone.
 */

const JUNE = '2023-06-20T10:00:00+08:00'
const LEAD = 'u-lead'
const CO = 'u-co'
const OTHER = 'u-other'
let env: SummaryRuntime

beforeAll(async () => {
  env = await startSummaryRuntime(JUNE)
  await env.say(LEAD, '我是知识产权促进科的', '张三')
  await env.say(CO, '我是市知识产权保护中心的', '李四')
  await env.say(OTHER, '我是广告科的', '王五')
})
afterAll(() => env.close())

async function state(task: number) {
  const { runtime } = env
  const facts = await readFacts(runtime.store)
  const o = buildOverview(runtime.plan, facts, { now: env.now(), timezone: 'Asia/Shanghai', period: 'month' })
  return { state: o.states.find((s) => s.task.number === task), overview: o }
}

async function lastAudit() {
  const [entry] = await env.runtime.store.auditTrail(1)
  return entry && { user: entry.user, action: entry.action, allowed: entry.allowed, reason: entry.reason }
}

describe('办结 and 销号', () => {
  it('a co-unit’s 办结 needs an explanation, then asks the lead unit; nothing is closed yet', async () => {
    const bare = await env.say(CO, '办结 20')
    expect(bare.reply).toBe('请写明办结说明，例如「办结 20 全年目标已完成，……」。未办结。')
    expect(await lastAudit()).toEqual({ user: CO, action: 'close_task', allowed: false, reason: 'no note' })
    const asked = await env.say(CO, '办结 20 全年申请量目标已提前完成')
    expect(asked.intent).toBe('close_task')
    expect(asked.reply).toContain('已提交第20条的办结申请（市知识产权保护中心）：全年申请量目标已提前完成')
    expect(asked.reply).toContain('待牵头单位知识产权促进科确认：请其发送「确认办结 20」')
    const { state: s } = await state(20)
    expect(s?.cycle.closed).toBeNull()
    expect(s?.cycle.pendingClose?.unit).toBe('市知识产权保护中心')
    expect((await env.say('leader', '待确认办结')).reply).toContain('第20条')
  })

  it('only the lead unit or an admin confirms; a unit not on the task cannot even ask', async () => {
    expect((await env.say(OTHER, '确认办结 20')).reply).toBe('广告科不是第20条的牵头单位，只有牵头单位或管理员可以确认办结。未处理。')
    expect(await lastAudit()).toEqual({ user: OTHER, action: 'confirm_close', allowed: false, reason: 'not the lead unit' })
    expect((await env.say(CO, '确认办结 20')).reply).toContain('只有牵头单位或管理员可以确认办结')
    expect((await env.say(OTHER, '办结 20 已完成')).reply).toBe('广告科不是第20条的责任单位，不能办结。')
    expect((await state(20)).state?.cycle.closed).toBeNull()
  })

  it('the lead unit sends a request back with a reason', async () => {
    expect((await env.say(LEAD, '退回办结 20')).reply).toContain('请写明退回原因')
    const back = await env.say(LEAD, '退回办结 20 授权量尚未达标')
    expect(back.reply).toBe('已退回市知识产权保护中心对第20条的办结申请：授权量尚未达标')
    expect((await state(20)).state?.cycle.pendingClose).toBeNull()
  })

  it('the lead unit’s confirmation closes the task (已办结) in every view', async () => {
    await env.say(CO, '办结 20 全年目标均已完成，附统计表')
    const confirmed = await env.say(LEAD, '确认办结 20')
    expect(confirmed.reply).toContain('已确认：第20条已办结（销号），办结申请来自市知识产权保护中心：全年目标均已完成，附统计表')
    // Nothing was ever reported against its targets: the closing says so, and stands.
    expect(confirmed.reply).toContain('提示：以下目标尚未报送达标')
    const { state: s, overview } = await state(20)
    expect(s && stateLabel(s)).toBe('已办结')
    expect(s).toMatchObject({ state: '正常', light: 'green' })
    const row = buildLedger(overview, 'Asia/Shanghai').rows.find((r) => r.序号 === 20)
    expect(row?.状态).toBe('已办结')
    expect(String(row?.办结情况)).toMatch(/^已办结（2023-06-20 知识产权促进科 张三：全年目标均已完成，附统计表）$/)
    expect((await env.say('leader', '汇总')).sections?.[0]?.lines[0]).toContain('已办结 1 项')
    expect((await env.say(LEAD, '办结 20 再次办结')).reply).toMatch(/^第20条已办结：已办结（/)
  })

  it('reopening takes the lead unit or an admin, and a reason; the closing stays on record', async () => {
    expect((await env.say(CO, '重新打开 20 数据有误')).reply).toContain('只有第20条的牵头单位或管理员可以重新打开')
    expect((await env.say(LEAD, '重新打开 20')).reply).toContain('请写明重新打开的原因')
    const reopened = await env.say(LEAD, '重新打开 20 复核发现授权量统计有误')
    expect(reopened.reply).toBe('已重新打开第20条（原办结记录保留）：复核发现授权量统计有误\n该任务重新计入督办和汇总。')
    expect(await lastAudit()).toEqual({ user: LEAD, action: 'reopen_task', allowed: true, reason: 'reopened' })
    const { state: s } = await state(20)
    expect(s?.cycle.closed).toBeNull()
    expect(s?.cycle.events.map((e) => e.kind)).toEqual(['close_request', 'close_declined', 'close_request', 'close', 'reopen'])
    expect((await env.say(LEAD, '重新打开 20 再来一次')).reply).toBe('第20条尚未办结，不需要重新打开。')
  })

  it('the lead unit’s own 办结 takes effect at once', async () => {
    const closed = await env.say(LEAD, '办结 22：市级和区县重点跟踪企业名单均已确定')
    expect(closed.reply).toMatch(/^第22条已办结（销号）：市级和区县重点跟踪企业名单均已确定/)
    expect((await state(22)).state?.cycle.closed?.event.unit).toBe('知识产权促进科')
  })

  it('nobody is asked to report on a closed task: not by the 催报, not in 哪些单位还没报送', async () => {
    const reminder = await currentReminder(env.runtime.context)
    const chased = reminder.units.find((u) => u.unit === '知识产权促进科')?.tasks ?? []
    expect(chased).toContain(27)
    expect(chased).not.toContain(22)
    const unreported = await env.say('leader', '哪些单位还没报送')
    expect(unreported.tasks.map((t) => t.number)).not.toContain(22)
  })

  it('a report that says 已完成 closes nothing and says who closes it', async () => {
    const reported = await env.say(CO, '进度 20 已完成')
    expect(reported.reply).toContain('由牵头单位知识产权促进科确认后销号')
    expect((await state(20)).state).toMatchObject({ doneReported: true, cycle: { closed: null } })
  })
})

describe('延期', () => {
  it('is asked by the lead unit, with a new date and a reason', async () => {
    expect((await env.say(CO, '延期 20 到2024年3月底 数据口径调整')).reply).toContain('延期由牵头单位申请')
    expect((await env.say(LEAD, '延期 20')).reply).toContain('请写明新的完成时限')
    expect((await env.say(LEAD, '延期 20 到九月底')).reply).toContain('请写明延期原因')
    expect((await env.say(LEAD, '延期 20 到九月底 数据口径调整')).reply).toBe(
      '新的完成时限 9月底（2023-09-30）不晚于现在的 未写明（按年底）（2023-12-31），无需延期。未提交。',
    )
    const asked = await env.say(LEAD, '延期 20 到2024年3月底 统计口径调整，需补充数据')
    expect(asked.reply).toContain(
      '已提交第20条的延期申请：完成时限由 未写明（按年底） 延至 2024年3月底（2024-03-31），原因：统计口径调整，需补充数据',
    )
    expect((await state(20)).state?.due).toBe('2023-12-31')
    expect((await env.say(LEAD, '延期 20 到2024年4月底 再延')).reply).toContain('已有待审批的延期申请（至2024年3月底）')
  })

  it('moves the deadline once an admin approves, keeping the old one in view', async () => {
    expect((await env.say(LEAD, '批准延期 20')).reply).toBe('只有管理员可以审批延期申请。未处理。')
    const approved = await env.say(ADMIN, '批准延期 20')
    expect(approved.reply).toContain('已批准第20条延期：完成时限由 未写明（按年底） 改为 2024年3月底')
    const { state: s } = await state(20)
    expect(s?.due).toBe('2024-03-31')
    expect(s && deadlineLine(s)).toBe('2024年3月底（已延期，原为 未写明（按年底））')
    expect((await env.say(LEAD, '第20条进展如何')).reply).toContain('完成时限：2024年3月底（已延期，原为 未写明（按年底））')
  })

  it('an admin declines with a reason; the deadline stays', async () => {
    await env.say(LEAD, '延期 20 到2024年6月底 新增工作量')
    expect((await env.say(ADMIN, '驳回延期 20')).reply).toContain('请写明驳回原因')
    expect((await env.say(ADMIN, '驳回延期 20 理由不充分')).reply).toBe(
      '已驳回第20条的延期申请（至2024年6月底）：理由不充分。完成时限不变。',
    )
    expect((await state(20)).state?.due).toBe('2024-03-31')
    expect((await env.say(ADMIN, '批准延期 20')).reply).toBe('第20条没有待审批的延期申请。')
  })

  it('an admin’s own 延期 is approved at once', async () => {
    const own = await env.say(ADMIN, '延期 9 到2024年1月底 广告产业统计延后发布')
    expect(own.reply).toContain('第9条已延期：完成时限由 未写明（按年底） 改为 2024年1月底（2024-01-31）')
    expect((await state(9)).state?.due).toBe('2024-01-31')
  })

  it('a redelivered message is one step', async () => {
    const first = await env.runtime.bot.handle({
      text: '延期 21 到2024年2月底 经费未到位',
      user: LEAD,
      platform: 'cli',
      messageId: 'm-ext-21',
    })
    const again = await env.runtime.bot.handle({
      text: '延期 21 到2024年2月底 经费未到位',
      user: LEAD,
      platform: 'cli',
      messageId: 'm-ext-21',
    })
    expect(first.reply).toContain('已提交第21条的延期申请')
    expect(again.reply).toMatch(/^这条消息已经处理过（第21条，编号 \d+）。$/)
    expect((await env.runtime.context.store.cycle.list({ task: 21 })).length).toBe(1)
  })
})
