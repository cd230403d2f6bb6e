import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../src/boot.js'
import type { Binding } from '../src/core/progress/store.js'
import { boundUsers, buildReminder, NO_LEAD, renderReminder } from '../src/core/summary/reminder.js'
import { nextReminderRun, ScheduleError, scheduleReminders } from '../src/core/summary/reminder-schedule.js'
import { formatTime } from '../src/core/time.js'
import { ADMIN, type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/** The 催报 text (units, tasks, mentions, silence when all reported), the schedule and `npm run remind`. */

const TZ = 'Asia/Shanghai'
const NOW = '2023-07-10T09:00:00+08:00'
let env: SummaryRuntime | undefined

async function start(vars: Record<string, string> = {}): Promise<SummaryRuntime> {
  env = await startSummaryRuntime(NOW, vars)
  return env
}
afterEach(async () => {
  await env?.close()
  env = undefined
})

async function reminderOf(e: SummaryRuntime) {
  const { plan, store, context } = e.runtime
  return buildReminder(plan, await store.liveUpdates(), await boundUsers(store, context.units, plan), {
    now: e.now(),
    period: 'month',
    timezone: TZ,
  })
}

/** Binds two people to 知识产权促进科, one to 食品生产科 (by its alias 米粉办) and leaves one pending. */
async function bindPeople(e: SummaryRuntime) {
  await e.say('u1', '我是知识产权促进科的', '张三')
  await e.say('u2', '我是知识产权促进科的', '李四')
  await e.say('u3', '我是米粉办的', '王五')
  await e.runtime.store.putBinding({
    user: 'u4',
    unit: '价监科',
    status: 'pending',
    userName: '赵六',
    requestedAt: new Date(NOW).toISOString(),
    approvedBy: null,
  })
}

describe('buildReminder', () => {
  it('names every lead unit lacking an update this month, with its tasks and bound users', async () => {
    const e = await start()
    await bindPeople(e)
    e.at('2023-07-03T10:00:00+08:00')
    await e.say('u1', '进度 20 截至6月底发明专利申请量1200件')
    await e.say('u1', '进度 21 按计划推进')
    await e.say('u1', '进度 22 按计划推进')
    await e.say('u1', '进度 27 按计划推进')
    await e.say('u1', '进度 28 按计划推进')
    e.at('2023-06-30T23:59:00+08:00')
    await e.say('u3', '进度 8 六月推进')
    e.at(NOW)
    const r = await reminderOf(e)
    expect(r.since).toBe('2023-07-01')
    expect(r.periodName).toBe('本月')
    expect(r.units.map((u) => u.unit)).not.toContain('知识产权促进科')
    const food = r.units.find((u) => u.unit === '食品生产科')
    // 第56条 is led by 食品相关科室: each of its member units is asked for it.
    expect(food?.tasks).toEqual([8, 32, 56])
    expect(food?.users.map((b) => b.userName)).toEqual(['王五'])
    const price = r.units.find((u) => u.unit === '价监科')
    expect(price?.users).toEqual([])
    expect(r.units.filter((u) => u.tasks.includes(56)).map((u) => u.unit)).toEqual(['食品生产科', '食品协调科', '食品抽检科'])
    expect(new Set(r.units.flatMap((u) => u.tasks)).size).toBe(59)
    const lines = r.text.split('\n')
    expect(lines[0]).toBe(`【催报】本月（2023-07-01 起）还有 ${r.units.length} 个牵头单位、59 项任务未报送进度：`)
    expect(lines).toContain('· 食品生产科：第8、32、56条 @王五')
    expect(lines).toContain('· 价监科：第3、38、39、51条（暂无绑定报送人）')
    expect(r.text).not.toContain('赵六')
    expect(lines.at(-1)).toMatch(/^请各单位通过「进度 条号 进展内容」报送/)
  })

  it('mentions every bound user of a unit that still owes a report', async () => {
    const e = await start()
    await bindPeople(e)
    const ip = (await reminderOf(e)).units.find((u) => u.unit === '知识产权促进科')
    expect(ip?.tasks).toEqual([20, 21, 22, 27, 28])
    expect(ip?.users.map((b) => b.user)).toEqual(['u1', 'u2'])
    expect((await reminderOf(e)).text).toContain('· 知识产权促进科：第20、21、22、27、28条 @张三 @李四')
  })

  it('says nothing when every lead unit has reported (or finished) this period', async () => {
    const e = await start()
    e.at('2023-07-02T10:00:00+08:00')
    for (const task of e.runtime.plan.tasks) await e.say(ADMIN, `进度 ${task.number} ${task.number === 5 ? '已完成' : '按计划推进'}`)
    e.at(NOW)
    const r = await reminderOf(e)
    expect(r.units).toEqual([])
    expect(r.text).toBe('')
    // In August the July reports no longer count, except for the finished task.
    e.at('2023-08-01T00:00:00+08:00')
    const august = await reminderOf(e)
    expect(new Set(august.units.flatMap((u) => u.tasks)).size).toBe(63)
    expect(august.units.flatMap((u) => u.tasks)).not.toContain(5)
  })

  it('renders platform mentions through a callback, leaving out users it cannot mention', async () => {
    const e = await start()
    await bindPeople(e)
    await e.say('slack:U0XYZ', '我是知识产权促进科的')
    const slack = renderReminder(await reminderOf(e), (b: Binding) => (b.user.startsWith('slack:') ? `<@${b.user.slice(6)}>` : null))
    expect(slack).toContain('· 知识产权促进科：第20、21、22、27、28条 <@U0XYZ>')
    expect(slack).toContain('· 食品生产科：第8、32、56条（暂无绑定报送人）')
  })

  it('keeps tasks whose plan names no lead under one heading', () => {
    const noLead = { text: '', since: '2023-07-01', periodName: '本月', units: [{ unit: NO_LEAD, tasks: [3], users: [] }] }
    expect(renderReminder(noLead)).toContain(`· ${NO_LEAD}：第3条（暂无绑定报送人）`)
  })
})

describe('reminder schedule (croner)', () => {
  it('BOT_REMIND_CRON is read in BOT_TIMEZONE: the 25th at 09:00 in Shanghai is 01:00 UTC', () => {
    const next = nextReminderRun('0 9 25 * *', TZ, new Date(NOW))
    expect(next?.toISOString()).toBe('2023-07-25T01:00:00.000Z')
    expect(nextReminderRun('0 9 25 * *', TZ, new Date('2023-07-25T09:00:00+08:00'))?.toISOString()).toBe('2023-08-25T01:00:00.000Z')
    expect(nextReminderRun('', TZ, new Date(NOW))).toBeNull()
  })

  it('rejects a bad cron expression or time zone at start-up', async () => {
    expect(() => nextReminderRun('0 9 32 * *', TZ, new Date(NOW))).toThrow(ScheduleError)
    expect(() => nextReminderRun('0 0 9 25 * *', TZ, new Date(NOW))).toThrow(/BOT_REMIND_CRON/)
    const e = await start()
    expect(() => scheduleReminders(e.runtime.context, { cron: 'every day', channels: ['C1'] }, () => {})).toThrow(ScheduleError)
    expect(() => nextReminderRun('0 9 25 * *', 'Mars/Olympus', new Date(NOW))).toThrow(ScheduleError)
  })

  it('posts the reminder to each channel; a failing channel does not stop the others', async () => {
    const e = await start()
    await bindPeople(e)
    const posted: { channel: string; text: string }[] = []
    const schedule = scheduleReminders(e.runtime.context, { cron: '0 9 25 * *', channels: ['C1', 'BROKEN', 'C2'] }, (channel, r) => {
      if (channel === 'BROKEN') throw new Error('channel_not_found')
      posted.push({ channel, text: r.text })
    })
    try {
      const next = schedule.nextRun()
      expect(next).not.toBeNull()
      expect(formatTime((next as Date).toISOString(), TZ)).toMatch(/-25 09:00$/)
      expect(await schedule.runNow()).toBe(2)
      expect(posted.map((p) => p.channel)).toEqual(['C1', 'C2'])
      expect(posted[0]?.text).toContain('@张三 @李四')
      expect(posted[0]?.text).toBe(posted[1]?.text)
    } finally {
      schedule.stop()
    }
  })

  it('schedules nothing without a cron or without channels, and posts nothing when all reported', async () => {
    const e = await start()
    const post = () => {
      throw new Error('must not post')
    }
    expect(scheduleReminders(e.runtime.context, { cron: '', channels: ['C1'] }, post).nextRun()).toBeNull()
    expect(scheduleReminders(e.runtime.context, { cron: '0 9 25 * *', channels: [] }, post).nextRun()).toBeNull()
    for (const task of e.runtime.plan.tasks) await e.say(ADMIN, `进度 ${task.number} 按计划推进`)
    const schedule = scheduleReminders(e.runtime.context, { cron: '0 9 25 * *', channels: ['C1'] }, post)
    expect(await schedule.runNow()).toBe(0)
    schedule.stop()
  })
})

describe('npm run remind', () => {
  const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx')
  const run = (args: string[], vars: Record<string, string>) =>
    spawnSync(tsx, [join(PROJECT_ROOT, 'src/tools/remind.ts'), ...args], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...vars },
    })

  it('--dry-run prints the message once per configured channel and sends nothing', async () => {
    const e = await start()
    const db = join(e.dir, 'bot.db')
    const out = run(['--dry-run', '--as-of', '2023-07-10'], { BOT_DB: db, BOT_REMIND_CHANNELS: 'C1,C2' })
    expect(out.status).toBe(0)
    expect(out.stdout).toMatch(/^# 预览，未发送 \(dry run, nothing sent\)/)
    expect(out.stdout).toContain('# 计划 (schedule): 0 9 25 * *（Asia/Shanghai）')
    expect(out.stdout.match(/^## → C\d$/gm)).toEqual(['## → C1', '## → C2'])
    expect(out.stdout.match(/【催报】/g)).toHaveLength(2)
  })

  it('without --dry-run explains that the adapters send, and exits 2', async () => {
    const out = run([], {})
    expect(out.status).toBe(2)
    expect(out.stdout).toBe('')
    expect(out.stderr).toContain('本命令不发送消息')
    expect(out.stderr).toContain('This command sends nothing')
  })
})
