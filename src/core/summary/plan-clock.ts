import type { Plan } from '../plan/types.js'
import { formatTime, localMidnight, yearOf } from '../time.js'

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
  const lastMoment = new Date(localMidnight(year + 1, 1, 1, timezone).getTime() - 1)
  const phase: YearPhase = asOf < start ? 'before' : asOf > lastMoment ? 'after' : 'during'
  return { year, asOf, judgedAt: phase === 'after' ? lastMoment : asOf, phase }
}

/**
 * The sentence that puts a summary in time, or '' inside the plan year:
 * 「2023年度已结束，以下为截至 2023-12-31 的最终状态。」 / 「2023年度尚未开始。」
 */
export function yearNotice(clock: PlanClock, timezone: string): string {
  if (clock.phase === 'after')
    return `${clock.year}年度已结束，以下为截至 ${formatTime(clock.judgedAt.toISOString(), timezone).slice(0, 10)} 的最终状态。`
  if (clock.phase === 'before') return `${clock.year}年度尚未开始。`
  return ''
}
