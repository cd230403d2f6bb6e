import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Plan } from '../src/core/plan/types.js'
import type { StoredUpdate } from '../src/core/progress/store.js'
import { elapsedPercent, planYear, type StatusOptions, type TaskState, taskStates } from '../src/core/summary/status.js'
import { type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/**
 * Every status and light rule of status.ts, with explicit dates. 2023-07-02 12:00 in Shanghai is
 * exactly half of 2023 (182.5 of 365 days), so 序时进度 is 50.0% and the boundaries are round.
 */

const TZ = 'Asia/Shanghai'
const HALF_YEAR = '2023-07-02T12:00:00+08:00'
const DAY = 86_400_000

let env: SummaryRuntime
let plan: Plan
let nextId = 1

beforeAll(async () => {
  env = await startSummaryRuntime(HALF_YEAR)
  plan = env.runtime.plan
})
afterAll(() => env.close())

function update(task: number, at: Date | string, extra: Partial<StoredUpdate> = {}): StoredUpdate {
  return {
    id: nextId++,
    task,
    unit: '知识产权促进科',
    user: 'u1',
    userName: '张三',
    text: `第${task}条进展`,
    figures: [],
    attainment: null,
    done: false,
    sourceId: null,
    at: new Date(at).toISOString(),
    withdrawnAt: null,
    ...extra,
  }
}

function opts(now: string | Date = HALF_YEAR, staleDays = 30): StatusOptions {
  return { now: new Date(now), timezone: TZ, staleDays }
}

/** The state of one task given its updates. */
function stateOf(task: number, updates: StoredUpdate[], options = opts()): TaskState {
  const found = taskStates(plan, updates, options).find((s) => s.task.number === task)
  if (!found) throw new Error(`no task ${task}`)
  return found
}

/** An update `days` days before the fixed clock, with an attainment. */
const measured = (attainment: number, days = 1) => update(20, new Date(new Date(HALF_YEAR).getTime() - days * DAY), { attainment })

describe('序时进度 and the plan year', () => {
  it('reads 2023 from the plan title and is 50% at the fixed clock', () => {
    expect(plan.tasks).toHaveLength(64)
    expect(planYear(plan, new Date(HALF_YEAR), TZ)).toBe(2023)
    expect(elapsedPercent(plan, opts())).toBe(50)
  })

  it('is 0 before the plan year and 100 after it', () => {
    expect(elapsedPercent(plan, opts('2022-12-31T23:59:00+08:00'))).toBe(0)
    expect(elapsedPercent(plan, opts('2024-01-01T00:00:00+08:00'))).toBe(100)
  })
})

describe('status rules', () => {
  it('未报送: no update', () => {
    const s = stateOf(20, [])
    expect(s).toMatchObject({ status: '未报送', latest: null, attainment: null, updates: 0 })
  })

  it('已报送: updates without a figure that matches a target', () => {
    const s = stateOf(20, [update(20, '2023-07-01T10:00:00+08:00')])
    expect(s).toMatchObject({ status: '已报送', light: 'yellow', attainment: null, updates: 1 })
    expect(s.reason).toBe('已报送但没有可对照目标的数字')
  })

  it('已报送 on a task without numeric targets is green: reporting on time is all it can do', () => {
    const s = stateOf(3, [update(3, new Date(new Date(HALF_YEAR).getTime() - DAY))])
    expect(plan.tasks[2]?.targets).toEqual([])
    expect(s).toMatchObject({ status: '已报送', light: 'green', reason: '按期报送（本条没有数字目标）' })
  })

  it('已完成: any live update that says done, green even when old', () => {
    const old = update(20, '2023-02-01T10:00:00+08:00', { done: true, attainment: 100 })
    const s = stateOf(20, [old])
    expect(s).toMatchObject({ status: '已完成', light: 'green', attainment: 100 })
  })

  it('超进度: attainment ≥ 序时进度 + 10, exactly 10 points ahead included', () => {
    expect(stateOf(20, [measured(60)])).toMatchObject({ status: '超进度', light: 'green', attainment: 60 })
    expect(stateOf(20, [measured(95)]).status).toBe('超进度')
  })

  it('达进度: from exactly 序时进度 up to just under 10 points ahead', () => {
    expect(stateOf(20, [measured(50)])).toMatchObject({ status: '达进度', light: 'green', reason: '达进度' })
    expect(stateOf(20, [measured(59.9)]).status).toBe('达进度')
  })

  it('欠进度: below 序时进度, yellow while the gap is under 20 points', () => {
    const s = stateOf(20, [measured(49.9)])
    expect(s).toMatchObject({ status: '欠进度', light: 'yellow' })
    expect(s.reason).toBe('完成 49.9%，落后序时进度 50% 共 0.1 个百分点')
    expect(stateOf(20, [measured(30.1)])).toMatchObject({ status: '欠进度', light: 'yellow' })
  })

  it('uses the latest update that carries a figure; a later update without one keeps it', () => {
    const s = stateOf(20, [measured(55, 3), update(20, '2023-07-02T09:00:00+08:00', { text: '继续推进' })])
    expect(s).toMatchObject({ status: '达进度', attainment: 55, updates: 2 })
    expect(s.latest?.text).toBe('继续推进')
  })

  it('ignores withdrawn updates', () => {
    const withdrawn = update(20, '2023-07-01T10:00:00+08:00', { attainment: 80, withdrawnAt: '2023-07-01T11:00:00.000Z' })
    expect(stateOf(20, [withdrawn])).toMatchObject({ status: '未报送', updates: 0 })
  })
})

describe('light rules', () => {
  it('red when 欠进度 by exactly 20 points or more, with the gap as the reason', () => {
    const s = stateOf(20, [measured(30)])
    expect(s).toMatchObject({ status: '欠进度', light: 'red' })
    expect(s.reason).toBe('完成 30%，落后序时进度 50% 共 20 个百分点')
    expect(stateOf(20, [measured(10)]).light).toBe('red')
  })

  it('red when the last update is exactly BOT_STALE_DAYS old, not a moment sooner', () => {
    const exactly = stateOf(20, [measured(55, 30)])
    expect(exactly).toMatchObject({ status: '达进度', light: 'red' })
    expect(exactly.reason).toBe('已 30 天未更新（超过 30 天）')
    const justUnder = update(20, new Date(new Date(HALF_YEAR).getTime() - 30 * DAY + 1), { attainment: 55 })
    expect(stateOf(20, [justUnder])).toMatchObject({ status: '达进度', light: 'green' })
  })

  it('the stale limit is configurable', () => {
    expect(stateOf(20, [measured(55, 8)], opts(HALF_YEAR, 7)).light).toBe('red')
    expect(stateOf(20, [measured(55, 8)], opts(HALF_YEAR, 9)).light).toBe('green')
  })

  it('a task never reported counts from local midnight on 1 January: yellow on day 29, red on day 30', () => {
    const day29 = stateOf(20, [], opts('2023-01-30T23:59:00+08:00'))
    expect(day29).toMatchObject({ status: '未报送', light: 'yellow', reason: '尚未报送' })
    const day30 = stateOf(20, [], opts('2023-01-31T00:00:00+08:00'))
    expect(day30).toMatchObject({ status: '未报送', light: 'red', reason: '至今未报送（超过 30 天）' })
  })

  it('a completed task is never stale', () => {
    const done = update(20, '2023-01-05T10:00:00+08:00', { done: true, attainment: 100 })
    expect(stateOf(20, [done], opts('2023-12-30T10:00:00+08:00'))).toMatchObject({ status: '已完成', light: 'green' })
  })

  it('states cover every task in plan order; updates to one task do not touch another', () => {
    const all = taskStates(plan, [measured(60)], opts())
    expect(all.map((s) => s.task.number)).toEqual(plan.tasks.map((t) => t.number))
    expect(all.filter((s) => s.updates > 0).map((s) => s.task.number)).toEqual([20])
    // At mid-year every task without an update has been silent for 182 days.
    expect(all.filter((s) => s.status === '未报送' && s.light === 'red')).toHaveLength(63)
  })
})

describe('through the bot (real store, fixed clock)', () => {
  it('a logged figure of 1200 of 2000件 is 60%: 超进度 at mid-year', async () => {
    await env.say('u1', '我是知识产权促进科的', '张三')
    const logged = await env.say('u1', '进度 20 截至6月底发明专利申请量1200件', '张三')
    expect(logged.progress?.task).toBe(20)
    const s = stateOf(20, await env.runtime.store.liveUpdates())
    expect(s).toMatchObject({ status: '超进度', light: 'green', attainment: 60, updates: 1 })
    expect(s.latest?.at).toBe(new Date(HALF_YEAR).toISOString())
  })
})
