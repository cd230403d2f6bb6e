import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUNDLED_PLAN_FILE, ROOT } from './helpers/plan.js'
import { ADMIN, type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/**
 * 「本月到期的任务」 and 「逾期任务」 through the bot, on the bundled plan with two deadlines written
 * into it (第20条 「6月底前」, 第21条 「10月底前」), on a fixed clock before, inside and after 2023.
 */

let seeds: string
let env: SummaryRuntime

beforeAll(async () => {
  seeds = mkdtempSync(join(tmpdir(), 'gzyd-due-'))
  const text = readFileSync(join(ROOT, 'seeds', BUNDLED_PLAN_FILE), 'utf8')
    .replace('每万人有效发明专利拥有量达到7.6件。', '每万人有效发明专利拥有量达到7.6件,6月底前完成。')
    .replace('力争新增高价值发明专利200件。', '力争10月底前新增高价值发明专利200件。')
  writeFileSync(join(seeds, 'plan-2023.txt'), text)
  env = await startSummaryRuntime('2023-06-10T10:00:00+08:00', { BOT_SEEDS: seeds, BOT_INDEX_DIR: join(seeds, 'index') })
})
afterAll(async () => {
  await env.close()
  rmSync(seeds, { recursive: true, force: true })
})

describe('deadlines in the plan drive 本月到期 and 逾期', () => {
  it('reads the deadlines', () => {
    const deadlines = env.runtime.plan.tasks.filter((t) => t.deadline).map((t) => [t.number, t.deadline])
    expect(deadlines).toEqual([
      [20, '6月底前'],
      [21, '10月底前'],
    ])
  })

  it('before the year: nothing due this month, nothing overdue', async () => {
    env.at('2022-12-10T10:00:00+08:00')
    expect((await env.say('leader', '本月到期的任务')).reply).toBe('2023年度尚未开始。本月（2022-12）没有到期的任务。')
    expect((await env.say('leader', '逾期任务')).reply).toBe('2023年度尚未开始。没有逾期任务（已过完成时限仍未办结）。')
  })

  it('in June: 第20条 falls due this month; nothing is overdue yet', async () => {
    env.at('2023-06-10T10:00:00+08:00')
    const due = await env.say('leader', '本月到期的任务')
    expect(due.intent).toBe('timeline')
    expect(due.tasks.map((t) => t.number)).toEqual([20])
    expect(due.reply).toContain('本月（2023-06）到期的任务 1 项，其中未办结 1 项：')
    expect(due.reply).toContain('完成时限 6月底前（2023-06-30），未报送')
    expect((await env.say('leader', '逾期任务')).tasks).toEqual([])
  })

  it('in July: 第20条 is overdue and red; reported done it is no longer red, 办结 it is no longer overdue', async () => {
    env.at('2023-07-03T10:00:00+08:00')
    const overdue = await env.say('leader', '哪些任务逾期了')
    expect(overdue.reply.split('\n')[0]).toBe('逾期任务 1 项（已过完成时限仍未办结）：')
    expect(overdue.tasks.map((t) => t.number)).toEqual([20])
    const red = await env.say('leader', '红灯任务')
    expect(red.sections?.[0]?.lines.find((l) => l.includes('第20条'))).toMatch(/— 已过完成时限（6月底前），未办结$/)
    const reply = await env.say(ADMIN, '进度 20 已完成')
    expect(reply.progress?.task).toBe(20)
    expect((await env.say('leader', '红灯任务')).tasks.map((t) => t.number)).not.toContain(20)
    expect((await env.say('leader', '逾期任务')).reply).toContain('第20条 ')
    expect((await env.say(ADMIN, '办结 20 全年目标已完成')).reply).toContain('第20条已办结（销号）')
    expect((await env.say('leader', '逾期任务')).tasks).toEqual([])
    expect((await env.say('leader', '下个月到期的任务')).reply).toBe('下个月（2023-08）没有到期的任务。')
  })

  it('in December the tasks due at the year’s end are counted, not listed', async () => {
    env.at('2023-12-05T10:00:00+08:00')
    const due = await env.say('leader', '本月到期的任务')
    expect(due.reply).toBe('本月（2023-12）没有单独写明到期的任务。\n另有 62 项没有单独写完成时限，按年底（2023-12-31）完成。')
  })

  it('after the year: 第21条 stays overdue as of 31 December, the rest are counted as open at year end', async () => {
    env.at('2026-12-01T10:00:00+08:00')
    const overdue = await env.say('leader', '逾期任务')
    expect(overdue.tasks.map((t) => t.number)).toEqual([21])
    expect(overdue.reply.split('\n')[0]).toBe('2023年度已结束，以下为年度最终状态。逾期任务 1 项（已过完成时限仍未办结）：')
    expect(overdue.reply).toContain('另有 62 项到年底仍未办结（完成时限为年底）。')
  })
})
