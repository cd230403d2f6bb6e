import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { terminalBanner } from '../src/adapters/cli/banner.js'
import type { Runtime } from '../src/boot.js'
import { testRuntime } from './helpers/runtime.js'

/** The terminal's first screen on the bundled 2023 plan, before, during and after its year. */

let runtime: Runtime & { close(): Promise<void> }
beforeAll(async () => {
  runtime = await testRuntime()
})
afterAll(() => runtime.close())

describe('the first screen', () => {
  it('after the plan year, says so and suggests an as-of question', () => {
    const banner = terminalBanner(runtime, new Date('2026-12-07T10:00:00+08:00'))
    expect(banner).toContain('《2023年全市市场监管工作要点》，64 项任务')
    expect(banner).toContain('2023年度已结束：汇总和红绿灯按 2023-12-31 的最终状态')
    expect(banner).toContain('「汇总 截至6月30日」')
  })

  it('inside the year, only the plan; before it, that it has not begun', () => {
    expect(terminalBanner(runtime, new Date('2023-06-01T10:00:00+08:00'))).not.toContain('年度')
    expect(terminalBanner(runtime, new Date('2022-12-01T10:00:00+08:00'))).toContain('2023年度尚未开始')
  })
})
