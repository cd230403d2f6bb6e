import { type CalendarDay, dayText, dueDay } from '../plan/deadlines.js'
import type { Plan, Task } from '../plan/types.js'
import type { StoredTaskEvent } from '../progress/cycle-log.js'
import type { StoredUpdate } from '../progress/store.js'
import { elapsedBetween, localMidnight, type Period, yearElapsedPercent } from '../time.js'
import { eventsByTask, foldCycle, type TaskCycle } from './cycle.js'
import { type PlanClock, planClock, planYear } from './plan-clock.js'
import { periodStartsBack, silentPeriods } from './silence.js'
import { chronological, drivingTarget, RED_GAP, type StateName, type TargetState, targetStates } from './target-states.js'

export { planYear, RED_GAP, type StateName }

/**
 * The state of every task, from ONE function (`taskStates`): 「汇总」, 「红灯任务」, the dashboard and
 * the 台账 all call it, so a task is in the same state, for the same reason, wherever a leader
 * looks. Computed from the plan, the live updates and the 督办 cycle, as they stood at the clock
 * (`opts.now`, the as-of instant; after the plan year, its last moment: see plan-clock.ts).
 *
 * Four states, tried in this order:
 *   正常  (green)  已办结 (销号) — whatever else holds.
 *   滞后  (red)    past its deadline and not 办结 (unless a report says it is done, or every target
 *                  has reached 100%: then 关注, awaiting 办结);
 *                  or its driving target (the one furthest behind among those with a figure) is
 *                  RED_GAP points or more behind the task's 序时进度.
 *   正常  (green)  a report says it is done (已完成), awaiting the lead unit's 办结: nobody is asked
 *                  to report on it any more.
 *   未报送 (grey)   no report this reporting period (inside the year); no report at all (after it);
 *                  everything before the year starts. Silence is grey, never red: a task whose last
 *                  figure is far behind stays red, but not reporting alone never makes a task red.
 *   关注  (yellow) reported, but the driving target is behind 序时进度 by less than RED_GAP; or it has
 *                  targets and no report gives a figure for any of them.
 *   正常  (green)  reported and on or ahead of 序时进度, or reported this period on a task without
 *                  numeric targets.
 * A task's 序时进度 runs from the start of the plan year to its deadline (「6月底前」 → 30 June; none,
 * or 「持续推进」 → the year's end; an approved 延期 moves it), so a task due in June is at 100% in July.
 * Reports dated after the plan year (补报) count only when the as-of date is after them.
 */

export type Light = 'grey' | 'red' | 'yellow' | 'green'
export const STATE_LIGHT: Record<StateName, Light> = { 未报送: 'grey', 滞后: 'red', 关注: 'yellow', 正常: 'green' }
/** Consecutive periods without a report that put a task on the leaders' list (BOT_SILENT_PERIODS). */
export const ALERT_PERIODS = 2

export interface TaskState {
  task: Task
  state: StateName
  light: Light
  /** What the state means for this task, in words for the chat and the pages. */
  reason: string
  /** Why a leader must look (落后序时进度 X 个百分点 / 已过时限 / 连续 N 个周期未报送), or null. */
  alert: string | null
  /** Every numeric target with its own latest figure and state, in plan order. */
  targets: TargetState[]
  /** The target that sets the state (furthest behind among those with a figure), or null. */
  driver: TargetState | null
  /** The driver's attainment, in percent. */
  attainment: number | null
  latest: StoredUpdate | null
  updates: number
  /** 补报: reports counted here that were dated after the plan year. */
  late: StoredUpdate[]
  /** A live report says the task is done (已完成) and it is not yet 办结. */
  doneReported: boolean
  cycle: TaskCycle
  /** The deadline as the plan (or an approved 延期) writes it, or null when it gives none. */
  deadline: string | null
  /** The last day the deadline allows, YYYY-MM-DD (the plan year's end when the plan gives none). */
  due: string
  /** This task's 序时进度: percent of the span from the plan year's start to its deadline elapsed. */
  elapsed: number
  /** Past its deadline and not 办结. */
  overdue: boolean
  /** Reporting periods in a row, up to the current one, without a report (0: reported this period). */
  silent: number
}

export interface StatusOptions {
  now: Date
  timezone: string
  period: Period
  /** Consecutive silent periods that raise an alert; ALERT_PERIODS when absent. */
  alertPeriods?: number
}

export function elapsedPercent(plan: Plan, opts: Pick<StatusOptions, 'now' | 'timezone'>): number {
  return yearElapsedPercent(opts.now, planYear(plan, opts.now, opts.timezone), opts.timezone)
}

/**
 * States of every task, in plan order. `updates` and `events` may be in any order; those after
 * `opts.now` and withdrawn updates are left out.
 */
export function taskStates(plan: Plan, updates: StoredUpdate[], opts: StatusOptions, events: StoredTaskEvent[] = []): TaskState[] {
  const calendar = calendarOf(planClock(plan, opts.now, opts.timezone), opts)
  const limit = opts.now.getTime()
  const byTask = new Map<number, StoredUpdate[]>()
  for (const u of updates) {
    if (u.withdrawnAt || new Date(u.at).getTime() > limit) continue
    const list = byTask.get(u.task)
    if (list) list.push(u)
    else byTask.set(u.task, [u])
  }
  const cycles = eventsByTask(events)
  return plan.tasks.map((task) =>
    stateOf(task, byTask.get(task.number) ?? [], foldCycle(cycles.get(task.number) ?? [], opts.now, task.deadline), calendar, opts),
  )
}

/** What every task's state needs of the calendar, computed once per clock (time-zone arithmetic is costly). */
interface Calendar {
  clock: PlanClock
  yearStart: Date
  yearEnd: Date
  /** Reporting period starts from the clock's back to the year's first, newest first. */
  periodStarts: number[]
  /** The end of a due day (local midnight after it), memoised by day. */
  dueEnd(day: CalendarDay): Date
}

function calendarOf(clock: PlanClock, opts: StatusOptions): Calendar {
  const yearStart = localMidnight(clock.year, 1, 1, opts.timezone)
  const ends = new Map<string, Date>()
  return {
    clock,
    yearStart,
    yearEnd: localMidnight(clock.year + 1, 1, 1, opts.timezone),
    periodStarts: periodStartsBack(clock.judgedAt, opts.period, opts.timezone, yearStart),
    dueEnd(day) {
      const key = dayText(day)
      let end = ends.get(key)
      if (!end) {
        end = localMidnight(day.year, day.month, day.day + 1, opts.timezone)
        ends.set(key, end)
      }
      return end
    },
  }
}

function stateOf(task: Task, updates: StoredUpdate[], cycle: TaskCycle, calendar: Calendar, opts: StatusOptions): TaskState {
  const { clock, yearStart, yearEnd } = calendar
  const deadline = cycle.extension?.deadline ?? task.deadline
  const due = dueDay(deadline, clock.year)
  const dueEnd = calendar.dueEnd(due)
  const elapsed = elapsedBetween(clock.judgedAt, yearStart, dueEnd)
  const list = chronological(updates)
  const latest = list.at(-1) ?? null
  const closed = cycle.closed !== null
  const doneReported = !closed && list.some((u) => u.done)
  const overdue = !closed && clock.judgedAt >= dueEnd
  const targets = targetStates(task, list, elapsed, overdue)
  const driver = drivingTarget(targets)
  const silent = silentPeriods(latest ? new Date(latest.at).getTime() : Number.NEGATIVE_INFINITY, calendar.periodStarts)
  const facts: Facts = { task, clock, closed, doneReported, overdue, targets, driver, elapsed, latest, silent, deadline, due: dayText(due) }
  const { state, reason } = judge(facts)
  const alertPeriods = opts.alertPeriods ?? ALERT_PERIODS
  return {
    task,
    state,
    light: STATE_LIGHT[state],
    reason,
    alert: alertOf(facts, state, alertPeriods),
    targets,
    driver,
    attainment: driver?.attainment ?? null,
    latest,
    updates: list.length,
    late: list.filter((u) => new Date(u.at).getTime() >= yearEnd.getTime()),
    doneReported,
    cycle,
    deadline,
    due: dayText(due),
    elapsed,
    overdue,
    silent,
  }
}

interface Facts {
  task: Task
  clock: PlanClock
  closed: boolean
  doneReported: boolean
  overdue: boolean
  targets: TargetState[]
  driver: TargetState | null
  elapsed: number
  latest: StoredUpdate | null
  silent: number
  deadline: string | null
  due: string
}

/** 「发明专利授权量 完成 52%」 — the figure that drives the state, named. */
function driverWords(f: Facts): string {
  const d = f.driver
  if (!d) return ''
  const metric = d.target.metric || '目标'
  const others =
    f.targets.length > 1 ? `（${f.targets.length} 项目标中 ${f.targets.filter((t) => t.attainment !== null).length} 项已报）` : ''
  return `${metric} 完成 ${d.attainment}%${others}`
}

function judge(f: Facts): { state: StateName; reason: string } {
  if (f.closed) return { state: '正常', reason: '已办结（销号）' }
  if (f.clock.phase === 'before') return { state: '未报送', reason: `${f.clock.year}年度尚未开始` }
  if (f.overdue) {
    const when = f.deadline ? `（${f.deadline}）` : `（${f.due}）`
    if (f.doneReported) return { state: '关注', reason: `已过完成时限${when}，已报完成，待办结销号` }
    const met = f.targets.length > 0 && f.targets.every((t) => t.attainment !== null && t.attainment >= 100)
    if (met) return { state: '关注', reason: `已过完成时限${when}，各项目标已达到，待办结销号` }
    return { state: '滞后', reason: `已过完成时限${when}，未办结` }
  }
  const d = f.driver
  if (d && (d.gap as number) >= RED_GAP)
    return { state: '滞后', reason: `${driverWords(f)}，落后序时进度 ${f.elapsed}% 共 ${d.gap} 个百分点` }
  // Reported done: nobody is asked for more reports, only for the 办结 (the 催报 leaves it out too).
  if (f.doneReported) return { state: '正常', reason: '已报完成，待牵头单位办结销号' }
  if (f.clock.phase === 'after' && !f.latest) return { state: '未报送', reason: '全年未报送' }
  if (f.clock.phase === 'during' && f.silent > 0) {
    if (!f.latest) return { state: '未报送', reason: '尚未报送' }
    const run = f.silent > 1 ? `，已连续 ${f.silent} 个周期未报送` : ''
    return { state: '未报送', reason: `本期未报送${run}` }
  }
  if (d && (d.gap as number) > 0) return { state: '关注', reason: `${driverWords(f)}，落后序时进度 ${f.elapsed}% 共 ${d.gap} 个百分点` }
  if (!d && f.targets.length > 0) return { state: '关注', reason: `已报送，但没有可对照目标的数字（${f.targets.length} 项目标均未报）` }
  if (d) return { state: '正常', reason: `${driverWords(f)}，达到序时进度 ${f.elapsed}%` }
  return { state: '正常', reason: '按期报送（本条没有数字目标）' }
}

/** Why a leader must look at this task, or null: behind, overdue, or silent ALERT_PERIODS periods running. */
function alertOf(f: Facts, state: StateName, alertPeriods: number): string | null {
  if (f.closed || f.clock.phase === 'before') return null
  if (state === '滞后' && f.overdue) return `已过时限（${f.deadline ?? f.due}）`
  if (state === '滞后' && f.driver)
    return `落后序时进度 ${f.driver.gap} 个百分点（${f.driver.target.metric || '目标'} 完成 ${f.driver.attainment}%）`
  if (state === '未报送' && f.clock.phase === 'during' && f.silent >= alertPeriods) return `连续 ${f.silent} 个周期未报送`
  return null
}
