import type { Plan } from '../plan/types.js'
import { localMidnight, yearOf } from '../time.js'

/**
 * Where an as-of date stands against the plan year. A yearly plan is judged inside its own year:
 * asked about later, it is judged as it stood at the year's last moment (final status), and said
 * to be over (「2023年度已结束」) rather than shown as overdue forever; asked about before, it has
 * not begun. Pure: plan, instant and zone in.
 */

export type YearPhase = 'before' | 'during' | 'after'

export interface PlanClock {
  year: number
  /** The instant asked about (updates stored up to it are known). */
  asOf: Date
  /** When statuses are judged: `asOf`, but never after the plan year's last millisecond. */
  judgedAt: Date
  phase: YearPhase
}

/** The plan year: the first 20xx年 in the title or preamble, else the year of `now`. */
export function planYear(plan: Plan, now: Date, timezone: string): number {
  const found = `${plan.title} ${plan.preamble}`.match(/(20\d{2})\s*年/)
  return found ? Number(found[1]) : yearOf(now, timezone)
}

export function planClock(plan: Plan, asOf: Date, timezone: string): PlanClock {
  const year = planYear(plan, asOf, timezone)
  const start = localMidnight(year, 1, 1, timezone)
  const lastMoment = yearLastMoment(year, timezone)
  const phase: YearPhase = asOf < start ? 'before' : asOf > lastMoment ? 'after' : 'during'
  return { year, asOf, judgedAt: phase === 'after' ? lastMoment : asOf, phase }
}

/**
 * The sentence that puts a summary in time, or '' inside the plan year:
 * 「2023年度已结束，以下为年度最终状态（含年度结束后的补报 2 条）。」 / 「2023年度尚未开始。」. It names
 * no date: the page or reply states its one 截至 date beside it.
 */
export function yearNotice(clock: PlanClock, late = 0): string {
  if (clock.phase === 'after') return `${clock.year}年度已结束，以下为年度最终状态${late ? `（含年度结束后的补报 ${late} 条）` : ''}。`
  if (clock.phase === 'before') return `${clock.year}年度尚未开始。`
  return ''
}

/** The last moment of the plan year: a report dated after it is a 补报. */
export function yearLastMoment(year: number, timezone: string): Date {
  return new Date(localMidnight(year + 1, 1, 1, timezone).getTime() - 1)
}

/** A report dated after its plan's year (补报). */
export function isLateReport(at: string, year: number, timezone: string): boolean {
  return new Date(at).getTime() > yearLastMoment(year, timezone).getTime()
}
