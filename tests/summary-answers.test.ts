import { afterEach, describe, expect, it } from 'vitest'
import { ADMIN, type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/**
 * The leader answers through the real bot and store on a fixed clock: 汇总 (also on an empty
 * store), unit and section summaries, 红灯任务, and the period boundaries of 哪些单位还没报送
 * (month, week and quarter, in Asia/Shanghai).
 */

const HALF_YEAR = '2023-07-02T12:00:00+08:00'
let env: SummaryRuntime | undefined

async function start(iso = HALF_YEAR, vars: Record<string, string> = {}): Promise<SummaryRuntime> {
  env = await startSummaryRuntime(iso, vars)
  return env
}
afterEach(async () => {
  await env?.close()
  env = undefined
})

/** Logs an update as the admin (who may report on any task) at a given local time. */
async function logAt(e: SummaryRuntime, iso: string, task: number, text: string) {
  e.at(iso)
  const reply = await e.say(ADMIN, `进度 ${task} ${text}`)
  expect(reply.progress?.task).toBe(task)
}

describe('汇总 fits a screen', () => {
  it('answers on an empty store: one headline, silence in one line (grey, never red), units behind, the legend', async () => {
    const e = await start()
    const reply = await e.say('leader', '汇总')
    expect(reply.intent).toBe('summary')
    expect(reply.headline).toBe(
      `《${e.runtime.plan.title}》截至 2023-07-02，序时进度 50%，共 64 项：🔴滞后 0 · 🟡关注 0 · ⚪未报送 64 · 🟢正常 0`,
    )
    const attention = reply.sections?.find((s) => s.title === '需要关注 64 项')?.lines ?? []
    expect(attention).toHaveLength(1)
    expect(attention[0]).toMatch(/^⚪ 连续 2 个及以上周期未报送 64 项：第1、2、3、.+等条（发送『哪些单位还没报送』查看牵头单位）$/)
    const behind = reply.sections?.find((s) => s.title.startsWith('落后单位'))?.lines ?? []
    expect(behind.length).toBeLessThanOrEqual(6)
    expect(behind.at(-1)).toMatch(/^另有 \d+ 个单位，发送『哪些单位还没报送』查看$/)
    expect(reply.sections?.at(-1)).toEqual({
      title: '图例',
      lines: [
        '🔴 滞后：落后序时进度20个百分点及以上，或已过完成时限未办结 · 🟡 关注：略落后序时进度，或报送中没有可对照目标的数字 · ⚪ 未报送：本期未报送（连续2个周期未报送的列入待关注） · 🟢 正常：达到或超过序时进度、已报完成或已办结',
      ],
    })
    expect(reply.reply.split('\n').length).toBeLessThanOrEqual(30)
    expect(reply.link).toBeUndefined()
    expect(reply.reply).not.toContain('http')
  })

  it('counts reports, 办结 and states once updates exist; the tasks behind come first, with why', async () => {
    const e = await start()
    await e.say('u1', '我是知识产权促进科的', '张三')
    await e.say('u1', '进度 20 截至6月底发明专利申请量1200件', '张三')
    await e.say('u1', '进度 21 已完成', '张三')
    await e.say('u1', '进度 22 市级重点跟踪企业已确定30家', '张三')
    await e.say('u1', '办结 28 宣传周活动已全部完成', '张三')
    const reply = await e.say('leader', '汇总')
    expect(reply.headline).toContain('共 64 项：🔴滞后 1 · 🟡关注 0 · ⚪未报送 60 · 🟢正常 3')
    expect(reply.sections?.[0]?.lines[0]).toBe(
      '已报送 3 项，已办结 1 项，报完成待办结 1 项，从未报送 61 项；本月（2023-07-01 起）已报送 3 项。',
    )
    const attention = reply.sections?.find((s) => s.title.startsWith('需要关注'))?.lines ?? []
    expect(attention[0]).toMatch(/^🔴 第22条 .+（牵头：知识产权促进科）— 落后序时进度 20 个百分点（市级层面重点跟踪 完成 30%）$/)
    expect(reply.tasks[0]?.number).toBe(22)
    const behind = reply.sections?.find((s) => s.title.startsWith('落后单位'))?.lines ?? []
    expect(behind.join('\n')).not.toContain('知识产权促进科：本月未报送 5 项')
  })
})

describe('scoped summaries and red tasks', () => {
  it('知识产权促进科汇总 lists the tasks it leads and co-operates on', async () => {
    const e = await start()
    await e.say('u1', '我是知识产权促进科的')
    await e.say('u1', '进度 20 截至6月底发明专利申请量1200件')
    const reply = await e.say('leader', '知识产权促进科汇总')
    expect(reply.intent).toBe('scoped_summary')
    expect(reply.headline).toMatch(/^知识产权促进科汇总：牵头 5 项、配合 \d+ 项。/)
    const led = reply.sections?.find((s) => s.title === '牵头')?.lines ?? []
    expect(led.map((l) => l.match(/第(\d+)条/)?.[1])).toEqual(['20', '21', '22', '27', '28'])
    expect(led[0]).toContain('正常 60%（发明专利申请量；4 项目标 1 项已报）')
    expect(reply.tasks.map((t) => t.number)).toContain(20)
  })

  it('第三部分汇总 covers one section', async () => {
    const e = await start()
    const reply = await e.say('leader', '第三部分汇总')
    expect(reply.intent).toBe('scoped_summary')
    expect(reply.headline).toMatch(/^第三部分「.+」汇总：共 9 项任务，已报送 0 项/)
    expect(reply.tasks.map((t) => t.number)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28])
  })

  it('红灯任务 lists the 滞后 tasks with why; tasks on schedule, just reported or silent are not red', async () => {
    const e = await start()
    await logAt(e, HALF_YEAR, 20, '截至6月底发明专利申请量1200件')
    await logAt(e, HALF_YEAR, 24, '按计划推进')
    await logAt(e, HALF_YEAR, 16, '新增公开各类标准120项')
    const reply = await e.say('leader', '红灯任务')
    expect(reply.intent).toBe('red_tasks')
    expect(reply.headline).toBe('截至 2023-07-02，滞后（红灯）任务 1 项：')
    expect(reply.tasks.map((t) => t.number)).toEqual([16])
    const lines = reply.sections?.[0]?.lines ?? []
    expect(lines[0]).toMatch(/（牵头：标准化科）— 新增公开各类标准 完成 20%，落后序时进度 50% 共 30 个百分点$/)
  })

  it('红灯任务 when none is red', async () => {
    const e = await start('2023-01-10T09:00:00+08:00')
    const reply = await e.say('leader', '红灯任务')
    expect(reply.reply).toBe('截至 2023-01-10，没有滞后（红灯）任务。')
    expect(reply.tasks).toEqual([])
  })
})

describe('哪些单位还没报送: period boundaries (Asia/Shanghai)', () => {
  const unreportedTasks = async (e: SummaryRuntime) => (await e.say('leader', '哪些单位还没报送')).tasks.map((t) => t.number)

  it('month: 23:59 on the last day of June does not count for July; 00:00 on 1 July does', async () => {
    const e = await start()
    await logAt(e, '2023-06-30T23:59:00+08:00', 20, '截至6月底发明专利申请量1200件')
    await logAt(e, '2023-07-01T00:00:00+08:00', 21, '申请量持续增长')
    e.at('2023-07-10T09:00:00+08:00')
    const reply = await e.say('leader', '哪些单位还没报送')
    expect(reply.intent).toBe('unreported')
    // 32 units: 第56条's lead 食品相关科室 is counted under its member units (食品生产科 …), not as a unit.
    expect(reply.headline).toBe('本月（2023-07-01 起）还有 32 个牵头单位、63 项任务未报送：')
    expect(reply.tasks.map((t) => t.number)).toContain(20)
    expect(reply.tasks.map((t) => t.number)).not.toContain(21)
    expect(reply.sections?.[0]?.lines).toContain('知识产权促进科：第20、22、27、28条')
  })

  it('week: Sunday 23:59 is last week; Monday 00:00 is this week', async () => {
    const e = await start(HALF_YEAR, { BOT_REPORT_PERIOD: 'week' })
    await logAt(e, '2023-07-09T23:59:00+08:00', 20, '本周推进')
    await logAt(e, '2023-07-10T00:00:00+08:00', 21, '本周推进')
    e.at('2023-07-12T15:00:00+08:00')
    const reply = await e.say('leader', '哪些单位还没报送')
    expect(reply.headline).toMatch(/^本周（2023-07-10 起）/)
    expect(reply.tasks.map((t) => t.number)).toContain(20)
    expect(reply.tasks.map((t) => t.number)).not.toContain(21)
  })

  it('quarter: 30 June 23:59 is Q2; 1 July 00:00 is Q3, still counted in mid-August', async () => {
    const e = await start(HALF_YEAR, { BOT_REPORT_PERIOD: 'quarter' })
    await logAt(e, '2023-06-30T23:59:00+08:00', 20, '二季度推进')
    await logAt(e, '2023-07-01T00:00:00+08:00', 21, '三季度推进')
    e.at('2023-08-15T10:00:00+08:00')
    const reply = await e.say('leader', '哪些单位还没报送')
    expect(reply.headline).toMatch(/^本季度（2023-07-01 起）还有 32 个牵头单位、63 项任务未报送/)
    expect(await unreportedTasks(e)).toContain(20)
    expect(await unreportedTasks(e)).not.toContain(21)
  })

  it('a task completed in an earlier period is not asked for again', async () => {
    const e = await start()
    await logAt(e, '2023-05-20T10:00:00+08:00', 20, '已完成')
    e.at('2023-07-10T09:00:00+08:00')
    expect(await unreportedTasks(e)).not.toContain(20)
    expect(await unreportedTasks(e)).toHaveLength(63)
  })

  it('says so when every lead unit has reported', async () => {
    const e = await start()
    for (const task of e.runtime.plan.tasks) await logAt(e, '2023-07-03T10:00:00+08:00', task.number, '按计划推进')
    e.at('2023-07-10T09:00:00+08:00')
    const reply = await e.say('leader', '哪些单位还没报送')
    expect(reply.reply).toBe('本月（2023-07-01 起）各牵头单位都已报送。')
    expect(reply.tasks).toEqual([])
  })
})
