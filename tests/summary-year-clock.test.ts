import { afterEach, describe, expect, it } from 'vitest'
import { updatesOnly } from '../src/core/summary/facts.js'
import { buildOverview } from '../src/core/summary/overview.js'
import { planClock } from '../src/core/summary/plan-clock.js'
import { type StatusOptions, taskStates } from '../src/core/summary/status.js'
import { bundledPlan } from './helpers/plan.js'
import { ADMIN, type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/**
 * The plan year on a fixed clock: before 2023 nothing is due or red; inside it deadlines set each
 * task's 序时进度 and turn it red once passed unfinished; after it the plan is reported as over,
 * judged as it stood on 31 December, and a leader can still look back with an as-of date.
 */

const TZ = 'Asia/Shanghai'
const BEFORE = '2022-12-15T10:00:00+08:00'
const HALF_YEAR = '2023-07-02T12:00:00+08:00'
const LATER = '2026-12-01T10:00:00+08:00'

const plan = bundledPlan()
/** The bundled plan with deadlines of its own on tasks 20 and 21. */
const dated = {
  ...plan,
  tasks: plan.tasks.map((t) =>
    t.number === 20 || t.number === 43 ? { ...t, deadline: '6月底前' } : t.number === 21 ? { ...t, deadline: '2023年10月底前' } : t,
  ),
}
const opts = (now: string): StatusOptions => ({ now: new Date(now), timezone: TZ, period: 'month' })
const stateOf = (p: typeof plan, task: number, now: string, updates = [] as Parameters<typeof taskStates>[1]) =>
  taskStates(p, updates, opts(now)).find((s) => s.task.number === task)

describe('where a date stands against the plan year', () => {
  it('before, during and after 2023', () => {
    expect(planClock(plan, new Date(BEFORE), TZ).phase).toBe('before')
    expect(planClock(plan, new Date(HALF_YEAR), TZ).phase).toBe('during')
    const after = planClock(plan, new Date(LATER), TZ)
    expect(after).toMatchObject({ year: 2023, phase: 'after' })
    expect(after.judgedAt.toISOString()).toBe('2023-12-31T15:59:59.999Z')
  })

  it('before the year nothing is red and nothing is due', () => {
    const states = taskStates(dated, [], opts(BEFORE))
    expect(states.filter((s) => s.light === 'red')).toEqual([])
    expect(states.find((s) => s.task.number === 20)).toMatchObject({
      elapsed: 0,
      overdue: false,
      state: '未报送',
      reason: '2023年度尚未开始',
    })
  })
})

describe('deadlines drive 序时进度 and red', () => {
  it('a task due in June runs its 序时进度 to 30 June; one without a deadline to the year’s end', () => {
    expect(stateOf(dated, 20, '2023-04-01T00:00:00+08:00')?.elapsed).toBe(49.7)
    expect(stateOf(dated, 22, '2023-04-01T00:00:00+08:00')?.elapsed).toBe(24.7)
    expect(stateOf(dated, 20, '2023-04-01T00:00:00+08:00')?.due).toBe('2023-06-30')
    expect(stateOf(dated, 21, HALF_YEAR)?.due).toBe('2023-10-31')
  })

  it('turns red the moment the deadline has passed unfinished, with the deadline as the reason', () => {
    const update = {
      id: 1,
      task: 20,
      unit: '知识产权促进科',
      user: 'u1',
      userName: null,
      text: '申请量1800件',
      figures: [{ value: 1800, unit: '件', target: 0, percent: 90 }],
      attainment: 90,
      done: false,
      sourceId: null,
      at: '2023-06-20T02:00:00.000Z',
      withdrawnAt: null,
    }
    // On its last day the task is measured against 100%: 90% is just behind (yellow), not yet overdue.
    expect(stateOf(dated, 20, '2023-06-30T23:59:00+08:00', [update])).toMatchObject({ overdue: false, light: 'yellow' })
    const late = stateOf(dated, 20, '2023-07-01T00:00:00+08:00', [update])
    expect(late).toMatchObject({ overdue: true, light: 'red', reason: '已过完成时限（6月底前），未办结', elapsed: 100 })
    // Reported done, or every target met, but not 办结: 关注 (yellow), awaiting the lead unit's 办结.
    expect(stateOf(dated, 20, HALF_YEAR, [{ ...update, done: true }])).toMatchObject({ overdue: true, light: 'yellow' })
    const met = { ...update, task: 43, figures: [{ value: 10000, unit: '条次', target: 0, percent: 100 }] }
    expect(stateOf(dated, 43, HALF_YEAR, [met])).toMatchObject({
      overdue: true,
      light: 'yellow',
      reason: '已过完成时限（6月底前），各项目标已达到，待办结销号',
    })
  })

  it('after the year silence alone is not red; a shortfall measured at year end still is', () => {
    const states = taskStates(plan, [], opts(LATER))
    expect(states.filter((s) => s.light === 'red')).toEqual([])
    expect(states[0]).toMatchObject({ state: '未报送', light: 'grey', reason: '全年未报送', elapsed: 100 })
    const update = {
      id: 2,
      task: 20,
      unit: 'x',
      user: 'u',
      userName: null,
      text: 't',
      figures: [{ value: 800, unit: '件', target: 0, percent: 40 }],
      attainment: 40,
      done: false,
      sourceId: null,
      at: '2023-09-01T00:00:00.000Z',
      withdrawnAt: null,
    }
    expect(stateOf(plan, 20, LATER, [update])).toMatchObject({
      state: '滞后',
      light: 'red',
      reason: '发明专利申请量 完成 40%（4 项目标中 1 项已报），落后序时进度 100% 共 60 个百分点',
    })
    expect(stateOf(dated, 20, LATER)).toMatchObject({ overdue: true, light: 'red' })
  })

  it('the overview says the year is over, and judges the last period of the year', () => {
    const o = buildOverview(plan, updatesOnly([]), opts(LATER))
    expect(o.yearNotice).toBe('2023年度已结束，以下为年度最终状态。')
    expect(o.period).toEqual({ name: '最后一个月', since: '2023-12-01' })
    expect(buildOverview(plan, updatesOnly([]), opts(HALF_YEAR)).yearNotice).toBe('')
  })
})

let env: SummaryRuntime | undefined
afterEach(async () => {
  await env?.close()
  env = undefined
})

describe('through the bot, on a fixed clock', () => {
  it('before the year: 汇总 says it has not begun', async () => {
    env = await startSummaryRuntime(BEFORE)
    const reply = await env.say('leader', '汇总')
    expect(reply.headline).toBe(
      `《${env.runtime.plan.title}》2023年度尚未开始。截至 2022-12-15，序时进度 0%，共 64 项：🔴滞后 0 · 🟡关注 0 · ⚪未报送 64 · 🟢正常 0`,
    )
  })

  it('after the year: 汇总, 红灯任务 and 未报送 report the year as over, not as red lights', async () => {
    env = await startSummaryRuntime(HALF_YEAR)
    await env.say(ADMIN, '进度 20 全年发明专利申请量2100件')
    env.at(LATER)
    const summary = await env.say('leader', '汇总')
    expect(summary.headline).toBe(
      `《${env.runtime.plan.title}》2023年度已结束，以下为年度最终状态。截至 2026-12-01，序时进度 100%，共 64 项：🔴滞后 0 · 🟡关注 0 · ⚪未报送 63 · 🟢正常 1`,
    )
    expect(summary.sections?.map((s) => s.title)).toEqual(['概况', '图例'])
    expect((await env.say('leader', '红灯任务')).reply).toBe('2023年度已结束，以下为年度最终状态。截至 2026-12-01，没有滞后（红灯）任务。')
    const unreported = await env.say('leader', '哪些单位还没报送')
    expect(unreported.headline).toBe('2023年度已结束，以下为年度最终状态。不再催报。全年未报送的任务 63 项：')
    expect(unreported.tasks.map((t) => t.number)).not.toContain(20)
  })

  it('汇总 截至6月30日 looks back to mid-year: the updates known then, the 序时进度 of that day', async () => {
    env = await startSummaryRuntime('2023-06-20T10:00:00+08:00')
    await env.say(ADMIN, '进度 20 截至6月底发明专利申请量1200件')
    env.at('2023-07-05T10:00:00+08:00')
    await env.say(ADMIN, '进度 21 已完成')
    env.at(LATER)
    const back = await env.say('leader', '汇总 截至6月30日')
    expect(back.headline).toBe(
      `《${env.runtime.plan.title}》截至 2023-06-30，序时进度 49.6%，共 64 项：🔴滞后 0 · 🟡关注 0 · ⚪未报送 63 · 🟢正常 1`,
    )
    expect((await env.say('leader', '截至2023年6月30日汇总')).headline).toBe(back.headline)
    const red = await env.say('leader', '红灯任务 截至6月30日')
    expect(red.headline).toBe('截至 2023-06-30，没有滞后（红灯）任务。')
    const unreported = await env.say('leader', '哪些单位还没报送 截至6月30日')
    expect(unreported.headline).toMatch(/^本月（2023-06-01 起）还有 \d+ 个牵头单位、63 项任务未报送：$/)
    const scoped = await env.say('leader', '知识产权促进科汇总 截至6月30日')
    expect(scoped.headline).toMatch(/^知识产权促进科汇总：牵头 5 项、配合 \d+ 项。共 \d+ 项任务，已报送 1 项，已办结 0 项/)
    expect((await env.say('leader', '汇总 截至昨天')).reply).toMatch(/^看不懂日期「昨天」/)
  })
})
