import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Plan } from '../src/core/plan/types.js'
import type { StoredTaskEvent } from '../src/core/progress/cycle-log.js'
import type { StoredUpdate } from '../src/core/progress/store.js'
import { deadlineLine, stateLabel } from '../src/core/summary/state-wording.js'
import { elapsedPercent, planYear, type StatusOptions, type TaskState, taskStates } from '../src/core/summary/status.js'
import { type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/**
 * Every rule of the one state function (status.ts), with explicit dates. 2023-07-02 12:00 in
 * Shanghai is exactly half of 2023 (182.5 of 365 days), so 序时进度 is 50.0% and the boundaries are
 * round. Reporting periods are months unless a test says otherwise.
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

/** An update on task 20 `days` before the clock crediting `percent`% to target `target` (申请量 = 0, 授权量 = 1). */
function figure(percent: number, target = 0, days = 1, task = 20): StoredUpdate {
  const at = new Date(new Date(HALF_YEAR).getTime() - days * DAY)
  return update(task, at, { figures: [{ value: percent * 20, unit: '件', target, percent }], attainment: percent })
}

function event(task: number, kind: StoredTaskEvent['kind'], at: string, extra: Partial<StoredTaskEvent> = {}): StoredTaskEvent {
  return {
    id: nextId++,
    task,
    kind,
    unit: '知识产权促进科',
    user: 'u1',
    userName: '张三',
    note: '',
    sourceId: null,
    at: new Date(at).toISOString(),
    ...extra,
  }
}

function opts(now: string | Date = HALF_YEAR, period: StatusOptions['period'] = 'month'): StatusOptions {
  return { now: new Date(now), timezone: TZ, period }
}

/** The state of one task given its updates and cycle events. */
function stateOf(task: number, updates: StoredUpdate[], options = opts(), events: StoredTaskEvent[] = [], p = plan): TaskState {
  const found = taskStates(p, updates, options, events).find((s) => s.task.number === task)
  if (!found) throw new Error(`no task ${task}`)
  return found
}

/** The bundled plan with one task given a deadline (the bundled plan writes none). */
function withDeadline(task: number, deadline: string): Plan {
  return { ...plan, tasks: plan.tasks.map((t) => (t.number === task ? { ...t, deadline } : t)) }
}

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

describe('未报送 (grey): silence is grey, never red', () => {
  it('a task never reported is grey, and listed for leaders once it has missed two periods', () => {
    const january = stateOf(20, [], opts('2023-01-20T10:00:00+08:00'))
    expect(january).toMatchObject({ state: '未报送', light: 'grey', reason: '尚未报送', silent: 1, alert: null })
    const midYear = stateOf(20, [])
    expect(midYear).toMatchObject({ state: '未报送', light: 'grey', silent: 7, alert: '连续 7 个周期未报送' })
  })

  it('reported last month but not this month: grey, not yet an alert; two months silent: an alert', () => {
    const lastMonth = stateOf(20, [figure(60, 0, 5)])
    expect(lastMonth).toMatchObject({ state: '未报送', light: 'grey', reason: '本期未报送', silent: 1, alert: null })
    const twoMonths = stateOf(20, [figure(60, 0, 40)])
    expect(twoMonths).toMatchObject({ state: '未报送', silent: 2, alert: '连续 2 个周期未报送' })
    expect(twoMonths.reason).toBe('本期未报送，已连续 2 个周期未报送')
  })

  it('the alert threshold is a setting (BOT_SILENT_PERIODS)', () => {
    expect(stateOf(20, [figure(60, 0, 40)], { ...opts(), alertPeriods: 3 }).alert).toBeNull()
  })

  it('periods follow BOT_REPORT_PERIOD: a report in May is this quarter’s in June', () => {
    const june = opts('2023-06-20T10:00:00+08:00', 'quarter')
    expect(
      stateOf(20, [update(20, '2023-05-10T10:00:00+08:00', { figures: [{ value: 1200, unit: '件', target: 0, percent: 60 }] })], june)
        .state,
    ).toBe('正常')
  })

  it('at mid-year with one report, the 63 silent tasks are grey and none is red', () => {
    const all = taskStates(plan, [figure(60)], opts())
    expect(all.map((s) => s.task.number)).toEqual(plan.tasks.map((t) => t.number))
    expect(all.filter((s) => s.light === 'grey')).toHaveLength(63)
    expect(all.filter((s) => s.light === 'red')).toHaveLength(0)
  })
})

describe('正常, 关注 and 滞后 from the target that drives the task', () => {
  it('正常 (green): the driving target on or ahead of 序时进度', () => {
    const s = stateOf(20, [figure(50)])
    expect(s).toMatchObject({ state: '正常', light: 'green', attainment: 50 })
    expect(s.reason).toBe('发明专利申请量 完成 50%（4 项目标中 1 项已报），达到序时进度 50%')
  })

  it('关注 (yellow): behind 序时进度 by less than 20 points', () => {
    const s = stateOf(20, [figure(30.1)])
    expect(s).toMatchObject({ state: '关注', light: 'yellow', attainment: 30.1 })
    expect(s.reason).toBe('发明专利申请量 完成 30.1%（4 项目标中 1 项已报），落后序时进度 50% 共 19.9 个百分点')
  })

  it('滞后 (red): 20 points or more behind, with the gap as the alert', () => {
    const s = stateOf(20, [figure(30)])
    expect(s).toMatchObject({ state: '滞后', light: 'red', alert: '落后序时进度 20 个百分点（发明专利申请量 完成 30%）' })
  })

  it('a far-behind figure stays red when the task goes silent: the figures, not the silence, make it red', () => {
    expect(stateOf(20, [figure(10, 0, 40)])).toMatchObject({ state: '滞后', light: 'red', silent: 2 })
  })

  it('关注: reported without a figure for any of its targets', () => {
    const s = stateOf(20, [update(20, '2023-07-01T10:00:00+08:00')])
    expect(s).toMatchObject({ state: '关注', light: 'yellow', attainment: null, driver: null })
    expect(s.reason).toBe('已报送，但没有可对照目标的数字（4 项目标均未报）')
  })

  it('正常: reported this period on a task without numeric targets', () => {
    const s = stateOf(3, [update(3, new Date(new Date(HALF_YEAR).getTime() - DAY))])
    expect(plan.tasks[2]?.targets).toEqual([])
    expect(s).toMatchObject({ state: '正常', light: 'green', reason: '按期报送（本条没有数字目标）' })
  })

  it('each target keeps its own latest figure: a report naming one metric changes only that target', () => {
    const s = stateOf(20, [figure(65, 0, 3), figure(52, 1, 2), figure(80, 0, 1)])
    expect(s.targets.map((t) => t.attainment)).toEqual([80, 52, null, null])
    expect(s.targets.map((t) => t.state)).toEqual(['正常', '正常', '未报送', '未报送'])
    expect(s.driver?.index).toBe(1)
    expect(s.attainment).toBe(52)
  })

  it('the worst target with a figure drives the state, and each target has its own state', () => {
    const s = stateOf(20, [figure(65, 0, 2), figure(25, 1, 1)])
    expect(s).toMatchObject({ state: '滞后', attainment: 25 })
    expect(s.driver?.target.metric).toBe('发明专利授权量')
    expect(s.targets.map((t) => t.state)).toEqual(['正常', '滞后', '未报送', '未报送'])
    expect(s.reason).toContain('发明专利授权量 完成 25%')
  })

  it('a later report without a figure keeps the figures and becomes the latest', () => {
    const s = stateOf(20, [figure(55, 0, 3), update(20, '2023-07-02T09:00:00+08:00', { text: '继续推进' })])
    expect(s).toMatchObject({ state: '正常', attainment: 55, updates: 2 })
    expect(s.latest?.text).toBe('继续推进')
  })

  it('ignores withdrawn updates', () => {
    const withdrawn = { ...figure(80), withdrawnAt: '2023-07-01T11:00:00.000Z' }
    expect(stateOf(20, [withdrawn])).toMatchObject({ state: '未报送', updates: 0 })
  })
})

describe('deadlines, 办结 and 延期', () => {
  const may = () => withDeadline(20, '5月底前')

  it('past its deadline and not 办结: 滞后, with 已过时限 as the alert', () => {
    const s = stateOf(20, [figure(90)], opts(), [], may())
    expect(s).toMatchObject({ state: '滞后', overdue: true, due: '2023-05-31', alert: '已过时限（5月底前）' })
    expect(s.reason).toBe('已过完成时限（5月底前），未办结')
  })

  it('past its deadline but reported done: 关注, awaiting 办结', () => {
    const s = stateOf(20, [update(20, '2023-05-20T10:00:00+08:00', { done: true })], opts(), [], may())
    expect(s).toMatchObject({ state: '关注', doneReported: true })
    expect(s.reason).toBe('已过完成时限（5月底前），已报完成，待办结销号')
  })

  it('已办结 (a close event) is 正常 whatever the figures; reopening undoes it', () => {
    const closed = [event(20, 'close', '2023-06-10T10:00:00+08:00', { note: '已完成' })]
    const s = stateOf(20, [figure(10)], opts(), closed, may())
    expect(s).toMatchObject({ state: '正常', overdue: false, alert: null, reason: '已办结（销号）' })
    expect(stateLabel(s)).toBe('已办结')
    const reopened = [...closed, event(20, 'reopen', '2023-06-20T10:00:00+08:00', { note: '数据有误' })]
    expect(stateOf(20, [figure(10)], opts(), reopened, may())).toMatchObject({ state: '滞后', overdue: true })
  })

  it('a co-unit’s request alone closes nothing; the lead’s confirmation does', () => {
    const request = event(20, 'close_request', '2023-06-10T10:00:00+08:00', { unit: '市知识产权保护中心', note: '已完成' })
    expect(stateOf(20, [figure(60)], opts(), [request]).cycle).toMatchObject({ closed: null, pendingClose: { id: request.id } })
    const confirm = event(20, 'close', '2023-06-11T10:00:00+08:00', { ref: request.id })
    const s = stateOf(20, [figure(60)], opts(), [request, confirm])
    expect(s.cycle.closed?.request?.id).toBe(request.id)
    expect(s.cycle.pendingClose).toBeNull()
  })

  it('an approved 延期 moves the deadline and keeps the old one; a pending one changes nothing', () => {
    const request = event(20, 'extension_request', '2023-05-20T10:00:00+08:00', { deadline: '9月底', note: '资金未到位' })
    expect(stateOf(20, [figure(90)], opts(), [request], may())).toMatchObject({ overdue: true, due: '2023-05-31' })
    const approval = event(20, 'extension_approved', '2023-05-21T10:00:00+08:00', { ref: request.id })
    const s = stateOf(20, [figure(90)], opts(), [request, approval], may())
    expect(s).toMatchObject({ overdue: false, due: '2023-09-30', deadline: '9月底', state: '正常' })
    expect(deadlineLine(s)).toBe('9月底（已延期，原为 5月底前）')
  })

  it('a task the plan gives no deadline reads 未写明（按年底）', () => {
    expect(deadlineLine(stateOf(20, []))).toBe('未写明（按年底）')
  })

  it('cycle events after the as-of date are not known yet', () => {
    const later = [event(20, 'close', '2023-08-01T10:00:00+08:00')]
    expect(stateOf(20, [figure(60)], opts(), later).cycle.closed).toBeNull()
  })

  it('a report that says 已完成 is 正常, awaiting 办结, and not counted as 已办结', () => {
    const s = stateOf(20, [update(20, '2023-07-01T10:00:00+08:00', { done: true })])
    expect(s).toMatchObject({ state: '正常', doneReported: true, reason: '已报完成，待牵头单位办结销号' })
    expect(stateLabel(s)).toBe('正常')
  })
})

describe('after the plan year: 补报', () => {
  const late = () => update(43, '2024-01-10T10:00:00+08:00', { figures: [{ value: 9000, unit: '条次', target: 0, percent: 90 }] })

  it('a report dated after the year counts only from its date on, and is marked late', () => {
    const before = stateOf(43, [late()], opts('2023-12-31T20:00:00+08:00'))
    expect(before).toMatchObject({ state: '未报送', updates: 0, late: [] })
    const after = stateOf(43, [late()], opts('2024-02-01T10:00:00+08:00'))
    expect(after).toMatchObject({ updates: 1, attainment: 90 })
    expect(after.late).toHaveLength(1)
  })

  it('after the year a task never reported is 全年未报送, and silence is no alert', () => {
    expect(stateOf(20, [], opts('2024-03-01T10:00:00+08:00'))).toMatchObject({ state: '未报送', reason: '全年未报送', alert: null })
  })
})

describe('through the bot (real store, fixed clock)', () => {
  it('a logged figure of 1200 of 2000件 is 60%: 正常 at mid-year, driven by 发明专利申请量', async () => {
    await env.say('u1', '我是知识产权促进科的', '张三')
    const logged = await env.say('u1', '进度 20 截至6月底发明专利申请量1200件', '张三')
    expect(logged.progress?.task).toBe(20)
    const s = stateOf(20, await env.runtime.store.liveUpdates())
    expect(s).toMatchObject({ state: '正常', light: 'green', attainment: 60, updates: 1 })
    expect(s.driver?.target.metric).toBe('发明专利申请量')
    expect(s.latest?.at).toBe(new Date(HALF_YEAR).toISOString())
  })
})
