/**
 * A task's deadline as a calendar day. The plan writes deadlines as people do (「6月底前」
 * 「2024年10月底前」「年底前」「上半年」「第三季度」「持续推进」); this reads them into the last day
 * they allow. Pure: no clock, no time zone (callers turn the day into an instant in theirs).
 */

export interface CalendarDay {
  year: number
  month: number
  day: number
}

/** The last month of a season, within the plan year (winter: its December). */
const SEASON_END: Record<string, number> = { 春: 5, 夏: 8, 秋: 11, 冬: 12 }

const QUARTER_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 }

/** Days in a month of a year (Gregorian). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/**
 * The last day a deadline allows, in `planYear` unless the deadline names its own year:
 *   「6月底前」「6月」→ planYear-06-30; 「春秋季」→ 11-30 (the later season's last month); 「6月15日前」→ 06-15; 「6月上旬」「6月中旬」→ 06-10, 06-20;
 *   「2024年10月底前」→ 2024-10-31; 「上半年」「年中」→ 06-30; 「第三季度」「三季度末」→ 09-30; 「年底前」「年内」「全年」「2024年底」→ 12-31;
 *   「持续推进」「长期坚持」, anything else, or null → the plan year's end (a yearly plan is due by then).
 * When a deadline names several dates (「3月、9月各一次」「一季度启动，四季度完成」) the one written last counts.
 */
export function dueDay(deadline: string | null, planYear: number): CalendarDay {
  const text = deadline ?? ''
  // The date written last counts (「3月底前完成方案；10月底前建成」 → 10-31), in the year written before it.
  const last = dateMentions(text).at(-1)
  const year = Number([...text.slice(0, last ? last.at + 1 : text.length).matchAll(/(20\d{2})\s*年/g)].at(-1)?.[1] ?? planYear)
  if (!last) return { year, month: 12, day: 31 }
  const end = daysInMonth(year, last.month)
  return { year, month: last.month, day: Math.min(last.day ?? end, end) }
}

/** Every date a deadline names, in writing order: months (with a day or 上旬/中旬), halves, quarters, seasons, the year's end. */
function dateMentions(text: string): { at: number; month: number; day?: number }[] {
  const found: { at: number; month: number; day?: number }[] = []
  for (const m of text.matchAll(/(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日|(上旬|中旬))?/g)) {
    const month = Number(m[1])
    if (month < 1 || month > 12) continue
    const day = m[2] ? Number(m[2]) : m[3] ? (m[3] === '上旬' ? 10 : 20) : undefined
    found.push({ at: m.index ?? 0, month, ...(day ? { day } : {}) })
  }
  for (const m of text.matchAll(/上半年|年中|下半年|年底|年末|年内|全年/g))
    found.push({ at: m.index ?? 0, month: /上半年|年中/.test(m[0]) ? 6 : 12 })
  for (const m of text.matchAll(/([一二三四1-4])\s*季度/g)) found.push({ at: m.index ?? 0, month: (QUARTER_DIGIT[m[1] ?? '4'] ?? 4) * 3 })
  for (const m of text.matchAll(/([春夏秋冬])季/g)) found.push({ at: m.index ?? 0, month: SEASON_END[m[1] ?? '冬'] ?? 12 })
  return found.sort((a, b) => a.at - b.at)
}

/**
 * Whether the plan gives a date of its own: not a standing or recurring task (「持续推进」「每季度」
 * 「每月10日前」) that falls back to the year's end.
 */
export function hasOwnDeadline(deadline: string | null): boolean {
  return (
    deadline !== null &&
    !/^每|持续|长期|常态/.test(deadline) &&
    /\d{1,2}\s*月|上半年|年中|季度|[春夏秋冬]季|年底|年末|年内|20\d{2}\s*年/.test(deadline)
  )
}

/** 2023-06-30. */
export function dayText(day: CalendarDay): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${day.year}-${two(day.month)}-${two(day.day)}`
}
