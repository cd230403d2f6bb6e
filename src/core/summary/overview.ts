import type { Plan, Target, Task } from '../plan/types.js'
import type { StoredUpdate } from '../progress/store.js'
import type { Period } from '../time.js'
import { type PlanClock, planClock, yearNotice } from './plan-clock.js'
import { PERIOD_NAME, periodSince } from './reminder.js'
import { elapsedPercent, type Light, type StatusOptions, type TaskState, taskStates } from './status.js'
import { type UnitReport, unitReports } from './unit-reports.js'
import { dayOf } from './wording.js'

/**
 * The numbers behind every leaders' view: 「汇总」, the dashboard and the 台账 all start from
 * `buildOverview`, so the three never disagree. Pure: plan, updates and a clock in, a structure out.
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

/** One numeric target of a task and how far the latest figure for it has come. */
export interface TargetProgress {
  task: Task
  /** Index into task.targets. */
  index: number
  target: Target
  /** Percent of the target reached by the latest update that reports it; null when none does. */
  attainment: number | null
  /** The figure reported, in the target's unit, with its update. */
  latest: { value: number; update: StoredUpdate } | null
}

export interface Overview {
  plan: Plan
  now: Date
  /** The as-of day, YYYY-MM-DD in the bureau's zone. */
  asOf: string
  /** 序时进度, percent of the plan year elapsed at `now`. */
  elapsed: number
  /** Where `now` stands against the plan year (before, during, after; when statuses are judged). */
  clock: PlanClock
  /** 「2023年度已结束，以下为截至 2023-12-31 的最终状态。」, 「2023年度尚未开始。」, or '' inside the year. */
  yearNotice: string
  period: { name: string; since: string }
  states: TaskState[]
  counts: LightCounts
  sections: SectionSummary[]
  targets: TargetProgress[]
  units: UnitReport[]
  /** Live updates up to `now`, as the store gave them (oldest first). */
  updates: StoredUpdate[]
  /** The RECENT_UPDATES latest of them, newest first. */
  recent: StoredUpdate[]
  staleDays: number
}

/**
 * The one 截至 phrase of a page or sheet: after the plan year the year notice, whose date is the
 * year's last day (today's date beside it would be a second, contradicting 截至); before the year
 * the notice, then the as-of day; inside it 「截至 <as-of day>」.
 */
export function asOfPhrase(o: Pick<Overview, 'asOf' | 'clock' | 'yearNotice'>): string {
  const notice = o.yearNotice.replace(/。$/, '')
  if (o.clock.phase === 'after') return notice
  return notice ? `${notice} · 截至 ${o.asOf}` : `截至 ${o.asOf}`
}

/** Updates known at `now`: stored at or before it, not withdrawn. */
export function updatesAsOf(updates: StoredUpdate[], now: Date): StoredUpdate[] {
  const limit = now.toISOString()
  return updates.filter((u) => !u.withdrawnAt && new Date(u.at).toISOString() <= limit)
}

export function lightCounts(states: TaskState[]): LightCounts {
  const counts: LightCounts = { red: 0, yellow: 0, green: 0 }
  for (const s of states) counts[s.light]++
  return counts
}

/** Every target of the plan with the latest figure reported against it, in plan order. */
export function targetProgress(plan: Plan, updates: StoredUpdate[]): TargetProgress[] {
  const latest = new Map<string, { value: number; percent: number | null; update: StoredUpdate }>()
  for (const u of updates) {
    for (const f of u.figures) {
      if (f.target === null) continue
      const key = `${u.task}:${f.target}`
      const prev = latest.get(key)
      if (!prev || u.at > prev.update.at || (u.at === prev.update.at && u.id > prev.update.id))
        latest.set(key, { value: f.value, percent: f.percent, update: u })
    }
  }
  return plan.tasks.flatMap((task) =>
    task.targets.map((target, index) => {
      const found = latest.get(`${task.number}:${index}`)
      return {
        task,
        index,
        target,
        attainment: found?.percent ?? null,
        latest: found ? { value: found.value, update: found.update } : null,
      }
    }),
  )
}

/** The reporting period named after the plan year is over. */
const FINAL_PERIOD_NAME: Record<Period, string> = { week: '最后一周', month: '最后一个月', quarter: '最后一季度' }

/** How many recent updates the overview keeps. */
export const RECENT_UPDATES = 10

export function buildOverview(plan: Plan, allUpdates: StoredUpdate[], opts: OverviewOptions): Overview {
  const updates = updatesAsOf(allUpdates, opts.now)
  const clock = planClock(plan, opts.now, opts.timezone)
  const states = taskStates(plan, updates, opts)
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
  return {
    plan,
    now: opts.now,
    asOf: dayOf(opts.now, opts.timezone),
    elapsed: elapsedPercent(plan, opts),
    clock,
    yearNotice: yearNotice(clock, opts.timezone),
    period: { name: (clock.phase === 'after' ? FINAL_PERIOD_NAME : PERIOD_NAME)[opts.period], since: periodSince(periodOpts) },
    states,
    counts: lightCounts(states),
    sections,
    targets: targetProgress(plan, updates),
    units: unitReports(plan, states, updates, periodOpts),
    updates,
    recent,
    staleDays: opts.staleDays,
  }
}
