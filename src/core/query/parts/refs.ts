import { chineseNumber } from '../../text/chinese-numerals.js'
import type { Period } from '../frame.js'

/**
 * Parts of a question written with numbers: task references (第20条, 任务20, 20号任务, 条号20, a
 * bare 「55条」 at the start), ranges of tasks (第10到20条), sections (第3部分, 最后一部分) and periods
 * (下个月, 三季度, 6月底前, 上半年, 3月15日). Each is found anywhere in the sentence; Chinese numerals
 * in reference positions were made Arabic by normalisation (第二十条 → 第20条).
 */

export interface NumberPart {
  start: number
  end: number
}

export interface TaskRefPart extends NumberPart {
  task: number
  /** Written as a bare number at the start (「55条 …」), the way a report is often begun. */
  leading: boolean
}

export interface RangePart extends NumberPart {
  from: number
  to: number
}

export interface SectionRefPart extends NumberPart {
  section: number | 'last'
}

export interface PeriodPart extends NumberPart {
  period: Period
  /** A day named with the month (3月15日, 4.26): an event's date. */
  day?: number
}

const NOT_A_TASK = /^\s*(?:部分|大项|章|季度|届|批|名|轮|期|方阵|年|月|日|天|周|个|次|%|万|亿|元|家|件|户|人|场|项目|板块|篇|方面)/

const TASK = /(?:第|任务|条号|编号|序号|#)\s*(\d{1,5})(?!\d)\s*(?:条|项|号)?|(\d{1,5})\s*号任务/g
const LEADING_TASK = /^(\d{1,5})\s*(?:条|号)(?![次件])/

export function findTaskRefs(text: string): TaskRefPart[] {
  const parts: TaskRefPart[] = []
  for (const m of text.matchAll(TASK)) {
    const start = m.index ?? 0
    const end = start + m[0].length
    if (NOT_A_TASK.test(text.slice(end))) continue
    // 「第2季度」 and 「第3部分」 are not tasks; neither is a bare 「第3」 followed by other words.
    if (m[1] !== undefined && !/[条项号]\s*$/.test(m[0]) && !/^(?:任务|条号|编号|序号|#)/.test(m[0])) continue
    // 「第12条：已完成…」 begins the way a report does.
    const leading = start === 0 && /^\s*[:：,，]|^\s+\S/.test(text.slice(end))
    parts.push({ start, end, task: Number(m[1] ?? m[2]), leading })
  }
  const leading = text.match(LEADING_TASK)
  if (leading && !parts.some((p) => p.start === 0))
    parts.push({ start: 0, end: leading[0].length, task: Number(leading[1]), leading: true })
  return parts
}

const RANGE = /第?\s*(\d{1,5})\s*(?:条|项)?\s*(?:到|至|-|—|–|~|～|－)\s*第?\s*(\d{1,5})\s*(?:条|项)/g

export function findRanges(text: string): RangePart[] {
  return [...text.matchAll(RANGE)].map((m) => {
    const start = m.index ?? 0
    const a = Number(m[1])
    const b = Number(m[2])
    return { start, end: start + m[0].length, from: Math.min(a, b), to: Math.max(a, b) }
  })
}

const SECTION = /第\s*(\d{1,3})\s*(?:个)?(?:部分|大项|大块|板块|章|篇|方面)|(?:最后|末尾)(?:一|那|这)?(?:个)?(?:部分|大项|板块|章|块)/g

export function findSectionRefs(text: string): SectionRefPart[] {
  return [...text.matchAll(SECTION)].map((m) => {
    const start = m.index ?? 0
    return { start, end: start + m[0].length, section: m[1] ? Number(m[1]) : 'last' }
  })
}

const MONTH = '(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])'
/** What a period carries with it in a question: 年底之前要完成, 6月底前要办结. */
const AFTER_PERIOD = '(?:之前|以前|前)?(?:要|需要|应该|得|须)?(?:完成|办结|结束|做完|办完|开展)?'
const PERIOD = new RegExp(
  [
    '(?<thisMonth>本月|这个月|这月|当月|本月份)',
    '(?<nextMonth>下个月|下月|下个月份)',
    '(?<thisQuarter>本季度|这个季度|这季度|当季|本季)',
    '(?<nextQuarter>下个?季度)',
    '(?:第)?(?<quarter>[一二三四1-4])季度',
    '(?<half>上半年|下半年)',
    '(?<yearEnd>年底前?|年末|年前)',
    `${MONTH.replace('(', '(?<dayMonth>')}\\s*(?:月|\\.|·)\\s*(?<day>[12]\\d|3[01]|0?[1-9])\\s*(?:日|号)?`,
    `${MONTH.replace('(', '(?<month>')}\\s*月份?(?<edge>底前|底以前|底之前|底|末|前|以前|之前|初|中旬|上旬|下旬|内)?`,
  ]
    .map((p) => `(?:${p})${AFTER_PERIOD}`)
    .join('|'),
  'g',
)

function monthOf(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : (chineseNumber(text) ?? 0)
}

/** Periods of the plan year a question names; relative ones are answered from today. */
export function findPeriods(text: string): PeriodPart[] {
  const parts: PeriodPart[] = []
  for (const m of text.matchAll(PERIOD)) {
    const g = m.groups ?? {}
    const start = m.index ?? 0
    const end = start + m[0].length
    const period = periodOf(g)
    if (!period) continue
    // 「3.15」 inside a longer number (2023.5) or 「5月」 in 「5月17日是什么活动」 is read once, with its day.
    if (g.dayMonth && /\d/.test(text[start - 1] ?? '')) continue
    parts.push({ start, end, period, ...(g.day ? { day: Number(g.day) } : {}) })
  }
  return parts
}

function periodOf(g: Record<string, string | undefined>): Period | null {
  const relative = (label: string, from: number, to: number): Period => ({ label, from, to, relative: true })
  const fixed = (label: string, from: number, to: number): Period => ({ label, from, to, relative: false })
  if (g.thisMonth) return relative('本月', 0, 0)
  if (g.nextMonth) return relative('下个月', 1, 1)
  if (g.thisQuarter) return relative('本季度', 0, 2)
  if (g.nextQuarter) return relative('下季度', 3, 5)
  if (g.quarter) {
    const q = monthOf(g.quarter)
    return q >= 1 && q <= 4 ? fixed(`第${q}季度`, q * 3 - 2, q * 3) : null
  }
  if (g.half) return g.half === '上半年' ? fixed('上半年', 1, 6) : fixed('下半年', 7, 12)
  if (g.yearEnd) return fixed('年底前', 1, 12)
  if (g.dayMonth && g.day) {
    const m = monthOf(g.dayMonth)
    return m >= 1 && m <= 12 ? fixed(`${m}月${Number(g.day)}日`, m, m) : null
  }
  if (g.month) {
    const m = monthOf(g.month)
    if (m < 1 || m > 12) return null
    // 「6月底前」 is everything due by then; 「5月」 is May.
    if (g.edge && /前|底$|末/.test(g.edge) && g.edge !== '初') return fixed(`${m}月底前`, 1, m)
    return fixed(`${m}月`, m, m)
  }
  return null
}
