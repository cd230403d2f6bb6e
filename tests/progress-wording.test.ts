import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEASURES } from '../src/core/plan/targets.js'
import { hasContent } from '../src/core/progress/parse-update.js'
import { arabiseFigures, chineseNumber } from '../src/core/text/chinese-numerals.js'
import { testRuntime } from './helpers/runtime.js'

/** Progress text in people's own words: Chinese numerals, empty noise, a report sent twice. */

describe('arabiseFigures', () => {
  it('rewrites a numeral before a measure word and leaves set phrases alone', () => {
    expect(arabiseFigures('发明专利申请量一千五百件', MEASURES)).toBe('发明专利申请量1500件')
    expect(arabiseFigures('新增四十家', MEASURES)).toBe('新增40家')
    expect(arabiseFigures('换标使用率达到百分之六十五', MEASURES)).toBe('换标使用率达到65%')
    expect(arabiseFigures('推进一网通办，保持第一方阵', MEASURES)).toBe('推进一网通办，保持第一方阵')
  })

  it('reads 万 and 亿 groups', () => {
    expect(chineseNumber('两万三千')).toBe(23000)
    expect(chineseNumber('一亿零五百万')).toBe(105000000)
  })
})

describe('hasContent', () => {
  it('refuses keyboard noise, punctuation and emoji, accepts a sentence', () => {
    for (const text of ['qwerty', '。。。', '👌👌', '好好好好']) expect(hasContent(text)).toBe(false)
    expect(hasContent('已完成')).toBe(true)
  })
})

type TestRuntime = Awaited<ReturnType<typeof testRuntime>>
let rt: TestRuntime
let clock = new Date('2023-06-30T02:00:00Z')
beforeAll(async () => {
  rt = await testRuntime({ BOT_BINDING_POLICY: 'open' }, () => clock)
  await rt.ask('我是知识产权促进科的', 'p')
})
afterAll(() => rt.close())

describe('log_progress in their words', () => {
  it('gives attainment for Chinese numerals like for digits', async () => {
    const r = await rt.ask('进度 20 发明专利申请量一千件', 'p')
    expect(r.reply).toContain('= 50%')
  })

  it('refuses text with no content and stores nothing', async () => {
    const before = (await rt.store.liveUpdates()).length
    const r = await rt.ask('进度 21 zxcvb', 'p')
    expect(r.progress).toBeUndefined()
    expect(r.reply).toContain('未记录')
    expect((await rt.store.liveUpdates()).length).toBe(before)
  })

  it('stores the same text for the same task once within ten minutes when there is no message id', async () => {
    const first = await rt.ask('进度 22 重点跟踪企业80家', 'p')
    expect(first.progress?.task).toBe(22)
    clock = new Date(clock.getTime() + 5 * 60 * 1000)
    const again = await rt.ask('进度 22 重点跟踪企业80家', 'p')
    expect(again.progress).toBeUndefined()
    expect(again.reply).toContain('已经记录过')
    clock = new Date(clock.getTime() + 11 * 60 * 1000)
    expect((await rt.ask('进度 22 重点跟踪企业80家', 'p')).progress?.task).toBe(22)
  })
})
