import { describe, expect, it } from 'vitest'
import { dayText, dueDay, hasOwnDeadline } from '../src/core/plan/deadlines.js'
import { asOfFromIsoDay, asOfFromText } from '../src/core/summary/as-of.js'

/** Deadlines as plans write them, read into the last day they allow; as-of dates as leaders write them. */

const TZ = 'Asia/Shanghai'
const LATER = new Date('2026-12-01T10:00:00+08:00')

describe('dueDay', () => {
  it.each([
    ['6月底前', '2023-06-30'],
    ['2月底前', '2023-02-28'],
    ['6月15日前', '2023-06-15'],
    ['9月中旬', '2023-09-20'],
    ['2024年10月底前', '2024-10-31'],
    ['2024年底', '2024-12-31'],
    ['年底前', '2023-12-31'],
    ['年内', '2023-12-31'],
    ['上半年', '2023-06-30'],
    ['年中前', '2023-06-30'],
    ['第三季度', '2023-09-30'],
    ['一季度末', '2023-03-31'],
    ['春秋季', '2023-11-30'],
    ['3月底前完成方案制定；10月底前建成投用', '2023-10-31'],
    ['一季度启动，四季度完成', '2023-12-31'],
    ['2023年6月底前完成一期，2024年底前全部完成', '2024-12-31'],
    ['上半年完成调研，9月中旬前出台办法', '2023-09-20'],
    ['持续推进', '2023-12-31'],
    ['每月10日前', '2023-12-31'],
    [null, '2023-12-31'],
  ])('%s → %s', (deadline, day) => {
    expect(dayText(dueDay(deadline, 2023))).toBe(day)
  })

  it('tells a date of the plan’s own from a standing or recurring task', () => {
    expect(['6月底前', '年底前', '第三季度', '2024年10月底前', '春秋季'].map(hasOwnDeadline)).toEqual([true, true, true, true, true])
    expect(['持续推进', '长期', '每季度', '每月10日前', null].map(hasOwnDeadline)).toEqual([false, false, false, false, false])
  })
})

describe('as-of dates', () => {
  const day = (d: Date | null) => (d ? d.toISOString() : null)

  it('reads chat dates in the plan year, as the end of that day in the bureau’s zone', () => {
    expect(day(asOfFromText('6月30日', 2023, LATER, TZ))).toBe('2023-06-30T15:59:59.999Z')
    expect(day(asOfFromText('2023年6月30日', 2024, LATER, TZ))).toBe('2023-06-30T15:59:59.999Z')
    expect(day(asOfFromText('6月底', 2023, LATER, TZ))).toBe('2023-06-30T15:59:59.999Z')
    expect(day(asOfFromText('上半年', 2023, LATER, TZ))).toBe('2023-06-30T15:59:59.999Z')
    expect(day(asOfFromText('年底', 2023, LATER, TZ))).toBe('2023-12-31T15:59:59.999Z')
    expect(day(asOfFromText('2023-06-30', 2023, LATER, TZ))).toBe('2023-06-30T15:59:59.999Z')
  })

  it('never looks ahead of now, and refuses what is not a date', () => {
    const midYear = new Date('2023-07-02T12:00:00+08:00')
    expect(asOfFromText('12月31日', 2023, midYear, TZ)).toEqual(midYear)
    expect(asOfFromText('昨天', 2023, LATER, TZ)).toBeNull()
    expect(asOfFromText('2月30日', 2023, LATER, TZ)).toBeNull()
    expect(asOfFromIsoDay('2023-13-01', LATER, TZ)).toBeNull()
    expect(asOfFromIsoDay(null, LATER, TZ)).toBeNull()
  })
})
