import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { wechatReminder } from '../src/adapters/wechat/start.js'
import type { Runtime } from '../src/boot.js'
import { PlanLibrary } from '../src/core/plans/library.js'
import type { Reminder } from '../src/core/summary/reminder.js'
import { startWechatHarness, type WechatHarness } from './helpers/wechat-harness.js'
import { type RecordingRuntime, removeRuntimeDirs, startRuntime } from './helpers/wechat-runtime.js'

let runtime: RecordingRuntime
let h: WechatHarness | undefined

/** The reminder schedule's clock inside the bundled plan's year (outside it, no 催报 is sent). */
function inPlanYear(r: Runtime): Runtime {
  const context = { ...r.context, now: () => new Date('2023-07-10T09:00:00+08:00') }
  // Schedules run per loaded plan (runtime.plans): the one plan gets the same clock.
  return { ...r, context, plans: new PlanLibrary([{ ...r.plans.default, value: context }]) }
}

beforeAll(async () => {
  runtime = await startRuntime({ BOT_REMIND_CHANNELS: '督办群' })
})
afterEach(async () => {
  await h?.stop()
  h = undefined
})
afterAll(async () => {
  await runtime?.close()
  removeRuntimeDirs()
})

describe('WeChat 催报 reminders', () => {
  it('posts the reminder to the configured room, really @-mentioning bound WeChat users', async () => {
    h = await startWechatHarness(inPlanYear(runtime), {}, 'start')
    const bind = h.say(h.alice, '我是知识产权促进科的', h.botUser)
    await h.outcomeOf(bind)
    const before = h.sentByBot().length

    expect(await h.reminders?.runNow()).toBe(1)
    const posted = h.sentByBot().slice(before)
    expect(posted.length).toBeGreaterThan(0)
    expect(posted.every((m) => m.roomId === h?.room.id)).toBe(true)
    expect(posted[0]?.text.startsWith('@张科长 【催报】')).toBe(true)
    const text = posted.map((m) => m.text).join('\n')
    expect(text).toMatch(/知识产权促进科：第[\d、]+条 张科长/)
    expect(h.textSends.at(before)?.mentionIdList).toEqual([h.alice.id])
  })

  it('logs and skips a reminder room the bot is not in', async () => {
    const elsewhere = await startRuntime({ BOT_REMIND_CHANNELS: '不存在的群' }, runtime)
    h = await startWechatHarness(inPlanYear(elsewhere), {}, 'start')
    expect(await h.reminders?.runNow()).toBe(0)
    expect(h.sentByBot()).toEqual([])
    expect(elsewhere.logged.some((l) => l.includes('remind: post failed') && l.includes('不存在的群'))).toBe(true)
  })
})

describe('wechatReminder', () => {
  it('names WeChat users in the text, mentions them by contact id, and leaves other platforms out', () => {
    const binding = (user: string, userName: string) => ({
      user,
      userName,
      unit: '质量发展科',
      status: 'approved' as const,
      requestedAt: '2023-07-01T00:00:00Z',
      approvedBy: null,
    })
    const reminder: Reminder = {
      text: '',
      since: '2023-07-01',
      periodName: '本月',
      units: [{ unit: '质量发展科', tasks: [12, 13], users: [binding('wechat:wx_1', '王五'), binding('slack:U1', 'zhao')] }],
    }
    const { text, mentionIds } = wechatReminder(reminder)
    expect(mentionIds).toEqual(['wx_1'])
    expect(text).toContain('· 质量发展科：第12、13条 王五')
    expect(text).not.toContain('zhao')
  })
})
