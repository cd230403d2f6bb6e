/**
 * Calendar helpers in the bureau's time zone (Asia/Shanghai by default): timestamps for people,
 * the share of the plan year elapsed (序时进度) and the start of the current reporting period.
 */

export type Period = 'week' | 'month' | 'quarter'

interface Parts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  weekday: number
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(timeZone)
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, fmt)
  }
  return fmt
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/**
 * Calendar parts of recent instants, by zone and minute: a question asks for 「now」's period and
 * year several times, and formatToParts costs microseconds each. Parts stop at the minute, so an
 * instant's minute decides them (zones have whole-minute offsets since 1901). Bounded.
 */
const recentParts = new Map<string, Parts>()
const RECENT_PARTS_LIMIT = 256

function partsIn(date: Date, timeZone: string): Parts {
  const key = `${timeZone}|${Math.floor(date.getTime() / 60_000)}`
  let parts = recentParts.get(key)
  if (!parts) {
    if (recentParts.size >= RECENT_PARTS_LIMIT) recentParts.clear()
    parts = formatParts(date, timeZone)
    recentParts.set(key, parts)
  }
  return parts
}

function formatParts(date: Date, timeZone: string): Parts {
  const found: Record<string, string> = {}
  for (const part of formatterFor(timeZone).formatToParts(date)) found[part.type] = part.value
  const num = (type: string) => Number(found[type] ?? Number.NaN)
  return {
    year: num('year'),
    month: num('month'),
    day: num('day'),
    hour: num('hour'),
    minute: num('minute'),
    weekday: WEEKDAYS.indexOf(found.weekday ?? ''),
  }
}

/** The UTC instant of local midnight on a calendar day in `timeZone`. */
export function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const guess = new Date(Date.UTC(year, month - 1, day))
  const p = partsIn(guess, timeZone)
  const shownAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute)
  return new Date(guess.getTime() - (shownAsUtc - guess.getTime()))
}

/** 2026-11-26 19:03 in the given zone. */
export function formatTime(iso: string, timeZone: string): string {
  const p = partsIn(new Date(iso), timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`
}

export function yearOf(date: Date, timeZone: string): number {
  return partsIn(date, timeZone).year
}

/**
 * 序时进度: the share (0–100) of `planYear` elapsed at `now`. Before the year it is 0; after it, 100.
 */
export function yearElapsedPercent(now: Date, planYear: number, timeZone: string): number {
  return elapsedBetween(now, localMidnight(planYear, 1, 1, timeZone), localMidnight(planYear + 1, 1, 1, timeZone))
}

/** The share (0–100, one decimal) of the span [start, end) elapsed at `now`; 100 for an empty span. */
export function elapsedBetween(now: Date, start: Date, end: Date): number {
  const length = end.getTime() - start.getTime()
  const share = length <= 0 ? 1 : (now.getTime() - start.getTime()) / length
  return Math.round(Math.min(1, Math.max(0, share)) * 1000) / 10
}

/** Start of the reporting period that contains `now` (weeks start on Monday). */
export function periodStart(now: Date, period: Period, timeZone: string): Date {
  const p = partsIn(now, timeZone)
  if (period === 'month') return localMidnight(p.year, p.month, 1, timeZone)
  if (period === 'quarter') return localMidnight(p.year, Math.floor((p.month - 1) / 3) * 3 + 1, 1, timeZone)
  const back = (p.weekday + 6) % 7
  const monday = new Date(localMidnight(p.year, p.month, p.day, timeZone).getTime() - back * 86_400_000)
  const m = partsIn(monday, timeZone)
  return localMidnight(m.year, m.month, m.day, timeZone)
}
