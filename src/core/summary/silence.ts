import { type Period, periodStart } from '../time.js'

/**
 * How many reporting periods in a row, counting back from the one that holds `at`, passed without a
 * report, never counting periods before the plan year. 0 when there was a report this period; for a
 * task never reported in June with monthly periods, 6. Pure.
 */
export function silentPeriods(reports: Date[], at: Date, period: Period, timezone: string, yearStart: Date): number {
  const last = reports.filter((d) => d <= at).reduce<number>((max, d) => Math.max(max, d.getTime()), Number.NEGATIVE_INFINITY)
  const firstPeriod = periodStart(yearStart, period, timezone).getTime()
  let count = 0
  for (let start = periodStart(at, period, timezone); start.getTime() >= firstPeriod; ) {
    if (last >= start.getTime()) break
    count++
    start = periodStart(new Date(start.getTime() - 1), period, timezone)
  }
  return count
}
