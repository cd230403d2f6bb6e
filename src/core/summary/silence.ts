import { type Period, periodStart } from '../time.js'

/**
 * How many reporting periods in a row, counting back from the one that holds the clock, passed
 * without a report, never counting periods before the plan year: 0 when there was a report this
 * period; for a task never reported, in June with monthly periods, 6. Pure. The period starts are
 * computed once per clock (`periodStartsBack`) and shared by every task.
 */

/** Starts (epoch ms) of the period holding `at` and of each before it, back to the one holding `yearStart`; newest first. */
export function periodStartsBack(at: Date, period: Period, timezone: string, yearStart: Date): number[] {
  const first = periodStart(yearStart, period, timezone).getTime()
  const starts: number[] = []
  for (let start = periodStart(at, period, timezone); start.getTime() >= first; ) {
    starts.push(start.getTime())
    start = periodStart(new Date(start.getTime() - 1), period, timezone)
  }
  return starts
}

/** Periods in a row without a report, given the last report (epoch ms, or -Infinity for none). */
export function silentPeriods(lastReport: number, starts: readonly number[]): number {
  let count = 0
  for (const start of starts) {
    if (lastReport >= start) break
    count++
  }
  return count
}
