import type { Plan, Task } from '../plan/types.js'
import type { StoredEvidence } from '../progress/evidence-log.js'
import type { StoredUpdate } from '../progress/store.js'
import type { Period } from '../time.js'
import type { ProgressFacts } from './facts.js'
import { type PlanClock, planClock, yearNotice } from './plan-clock.js'
import { PERIOD_NAME, periodSince } from './reminder.js'
import { ALERT_PERIODS, elapsedPercent, type Light, type StatusOptions, type TaskState, taskStates } from './status.js'
import type { TargetState } from './target-states.js'
import { type UnitReport, unitReports } from './unit-reports.js'
import { dayOf } from './wording.js'

/**
 * The numbers behind every leaders' view: 「汇总」, the dashboard and the 台账 all start from
 * `buildOverview` (and through it the one state function, status.ts), so the three never disagree.
 * Pure: plan, facts (facts.ts) and a clock in, a structure out.
 * The clock is the as-of instant: updates stored after it are left out, so a page "as of 30 June"
 * shows the plan as it stood that evening.
 */

export interface OverviewOptions extends StatusOptions {
  period: Period
}

export type LightCounts = Record<Light, number>

export interface SectionSummary {
  number: number
  title: string
  states: TaskState[]
  counts: LightCounts
  reported: number
}

/** One numeric target of a task with its own latest figure and state (status.ts's TargetState). */
export interface TargetProgress extends TargetState {
  task: Task
}

export interface Overview {
  plan: Plan
  now: Date
  /** The as-of day, YYYY-MM-DD in the bureau's zone: the one 截至 date every view shows. */
  asOf: string
  /** 序时进度, percent of the plan year elapsed at `now`. */
  elapsed: number
  /** Where `now` stands against the plan year (before, during, after; when statuses are judged). */
  clock: PlanClock
  /** 「2023年度已结束，以下为最终状态（含补报）。」, 「2023年度尚未开始。」, or '' inside the year. */
  yearNotice: string
  period: { name: string; since: string }
  states: TaskState[]
  counts: LightCounts
  /** Tasks a leader must look at first (TaskState.alert set): behind or overdue, then long silent. */
  alerts: TaskState[]
  sections: SectionSummary[]
  targets: TargetProgress[]
  units: UnitReport[]
  /** Live updates up to `now`, as the store gave them (oldest first). */
  updates: StoredUpdate[]
  /** The RECENT_UPDATES latest of them, newest first. */
  recent: StoredUpdate[]
  /** 补报 counted here: updates dated after the plan year (and not after `now`). */
  late: StoredUpdate[]
  /** 佐证材料 of the live updates up to `now`, by update id. */
  evidence: Map<number, StoredEvidence[]>
  /** 办结 awaiting a lead unit and 延期 awaiting an admin, as of `now`. */
  pending: { closes: TaskState[]; extensions: TaskState[] }
  /** Silent periods in a row that put a task on the leaders' list. */
  alertPeriods: number
}

/**
 * The one 截至 phrase of a page or sheet: 「截至 <as-of day>」, after the year's notice when there
 * is one. The notice names no date of its own (「2023年度已结束，以下为年度最终状态（含…补报 1 条）」):
 * after the year the as-of day still matters, since a 补报 counts only from its own date on.
 */
export function asOfPhrase(o: Pick<Overview, 'asOf' | 'yearNotice'>): string {
  const notice = o.yearNotice.replace(/。$/, '')
  return notice ? `${notice} · 截至 ${o.asOf}` : `截至 ${o.asOf}`
}

/** Updates known at `now`: stored at or before it, not withdrawn. */
export function updatesAsOf(updates: StoredUpdate[], now: Date): StoredUpdate[] {
  const limit = now.toISOString()
  return updates.filter((u) => !u.withdrawnAt && new Date(u.at).toISOString() <= limit)
}

export function lightCounts(states: TaskState[]): LightCounts {
  const counts: LightCounts = { red: 0, yellow: 0, green: 0, grey: 0 }
  for (const s of states) counts[s.light]++
  return counts
}

/** Every target of the plan with its own latest figure and state, in plan order (from the states). */
export function targetProgress(states: TaskState[]): TargetProgress[] {
  return states.flatMap((s) => s.targets.map((t) => ({ ...t, task: s.task })))
}

/** The leaders' list: 滞后 first (overdue, then furthest behind), then the longest silent. */
export function alertList(states: TaskState[]): TaskState[] {
  const rank = (s: TaskState) => (s.state === '滞后' ? (s.overdue ? 0 : 1) : 2)
  return states
    .filter((s) => s.alert !== null)
    .sort(
      (a, b) => rank(a) - rank(b) || (b.driver?.gap ?? 0) - (a.driver?.gap ?? 0) || b.silent - a.silent || a.task.number - b.task.number,
    )
}

/** The reporting period named after the plan year is over. */
const FINAL_PERIOD_NAME: Record<Period, string> = { week: '最后一周', month: '最后一个月', quarter: '最后一季度' }

/** How many recent updates the overview keeps. */
export const RECENT_UPDATES = 10

export function buildOverview(plan: Plan, facts: ProgressFacts, opts: OverviewOptions): Overview {
  const updates = updatesAsOf(facts.updates, opts.now)
  const clock = planClock(plan, opts.now, opts.timezone)
  const states = taskStates(plan, updates, opts, facts.events)
  const sections = plan.sections.map((sec) => {
    const list = states.filter((s) => s.task.section === sec.number)
    return {
      number: sec.number,
      title: sec.title,
      states: list,
      counts: lightCounts(list),
      reported: list.filter((s) => s.updates > 0).length,
    }
  })
  // After the plan year the reporting period is the year's last one: the final picture, not today's.
  const periodOpts = { now: clock.judgedAt, period: opts.period, timezone: opts.timezone }
  const recent = [...updates].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id)).slice(0, RECENT_UPDATES)
  const live = new Set(updates.map((u) => u.id))
  const evidence = new Map<number, StoredEvidence[]>()
  for (const e of facts.evidence) {
    if (e.update === null || !live.has(e.update) || new Date(e.at) > opts.now) continue
    evidence.set(e.update, [...(evidence.get(e.update) ?? []), e])
  }
  const late = states.flatMap((s) => s.late)
  const closed = new Set(states.filter((s) => s.cycle.closed).map((s) => s.task.number))
  return {
    plan,
    now: opts.now,
    asOf: dayOf(opts.now, opts.timezone),
    elapsed: elapsedPercent(plan, opts),
    clock,
    yearNotice: yearNotice(clock, late.length),
    period: { name: (clock.phase === 'after' ? FINAL_PERIOD_NAME : PERIOD_NAME)[opts.period], since: periodSince(periodOpts) },
    states,
    counts: lightCounts(states),
    alerts: alertList(states),
    sections,
    targets: targetProgress(states),
    units: unitReports(plan, states, updates, periodOpts, closed),
    updates,
    recent,
    late,
    evidence,
    pending: {
      closes: states.filter((s) => s.cycle.pendingClose),
      extensions: states.filter((s) => s.cycle.pendingExtension),
    },
    alertPeriods: opts.alertPeriods ?? ALERT_PERIODS,
  }
}
