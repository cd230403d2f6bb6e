import { daysInMonth, dueDay } from '../plan/deadlines.js'
import { localMidnight } from '../time.js'

/**
 * As-of dates, as leaders write them. Chat: 「截至6月30日」「截至2023年6月30日」「截至6月底」
 * 「截至上半年」「截至年底」; the dashboard and `npm run export -- --as-of`: 2023-06-30. A date
 * without a year means the plan year. A date stands for the end of that day in the bureau's zone
 * (the plan "as it stood that evening"), and never for a moment later than now: nobody can look
 * ahead.
 */

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/
/** What a written as-of date may look like; anything else is not understood (never guessed). */
const WRITTEN_DAY =
  /^(?:(20\d{2})\s*年)?\s*(?:(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?(?:底|末)?|上半年末?|[一二三四1-4]\s*季度末?|年底|年末)$/

/** The end of a calendar day in `timezone`, or null when the day does not exist (2023-02-30). */
export function endOfDay(year: number, month: number, day: number, timezone: string): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return new Date(localMidnight(year, month, day + 1, timezone).getTime() - 1)
}

/** `2023-06-30` → the end of that day, capped at `now`; null when absent or malformed. */
export function asOfFromIsoDay(value: string | null | undefined, now: Date, timezone: string): Date | null {
  const m = value?.trim().match(ISO_DAY)
  if (!m) return null
  const end = endOfDay(Number(m[1]), Number(m[2]), Number(m[3]), timezone)
  return end && (end < now ? end : now)
}

/**
 * A date as written in chat (「6月30日」「2023年6月底」「上半年」, or 2023-06-30), with `planYear`
 * for a date that names no year; the end of that day capped at `now`; null when not a date.
 */
export function asOfFromText(written: string, planYear: number, now: Date, timezone: string): Date | null {
  const text = written.trim().replace(/[的前]$/, '')
  if (ISO_DAY.test(text)) return asOfFromIsoDay(text, now, timezone)
  if (!WRITTEN_DAY.test(text)) return null
  const explicitDay = text.match(/(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/)
  const year = Number(text.match(/(20\d{2})\s*年/)?.[1] ?? planYear)
  const day = explicitDay ? { year, month: Number(explicitDay[1]), day: Number(explicitDay[2]) } : dueDay(text, year)
  const end = endOfDay(day.year, day.month, day.day, timezone)
  return end && (end < now ? end : now)
}
