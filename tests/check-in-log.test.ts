import { describe, expect, it } from 'vitest'
import { UnitDirectory } from '../src/core/plan/unit-directory.js'
import type { Binding, ProgressStore } from '../src/core/progress/store.js'
import { type CheckInDoor, type CheckInSource, scheduleCheckIns, sendCheckIns } from '../src/core/summary/check-in-schedule.js'
import { formatTime } from '../src/core/time.js'
import { eachStore } from './helpers/store-kinds.js'
import { WATER_BINDINGS, WATER_UPDATES, waterPlan } from './helpers/water-plan.js'

/** The check-in log in a real SQLite file and a real PostgreSQL database: a message is sent once per period, across a reopen. */

const KEY = { plan: '某市水务局2025年工作要点', periodStart: '2025-07-01', kind: 'check-in', user: 'slack:U3' }
const plan = waterPlan()

eachStore((kind) => {
  let store: ProgressStore | undefined

  async function open(): Promise<ProgressStore> {
    await store?.close()
    store = await kind.open()
    return store
  }

  describe('the check-in log', () => {
    it('claims a message once, and still refuses it after the file is reopened', async () => {
      const s = await open()
      expect(await s.checkIns.claim(KEY, '【报送提醒】…', '2025-07-25T01:00:00.000Z')).toBe(true)
      expect(await s.checkIns.claim(KEY, '【报送提醒】…', '2025-07-25T01:00:05.000Z')).toBe(false)
      await s.checkIns.settle(KEY, '2025-07-25T01:00:01.000Z')
      const again = await open()
      expect(await again.checkIns.claim(KEY, '【报送提醒】…', '2025-07-26T01:00:00.000Z')).toBe(false)
      expect(await again.checkIns.get(KEY)).toMatchObject({
        ...KEY,
        queuedAt: '2025-07-25T01:00:00.000Z',
        sentAt: '2025-07-25T01:00:01.000Z',
        error: null,
      })
    })

    it('lets a later run take a message whose send failed', async () => {
      const s = await open()
      await s.checkIns.claim(KEY, 'x', '2025-07-25T01:00:00.000Z')
      await s.checkIns.settle(KEY, '2025-07-25T01:00:01.000Z', 'channel_not_found')
      expect(await (await open()).checkIns.claim(KEY, 'y', '2025-07-26T01:00:00.000Z')).toBe(true)
      expect(await store?.checkIns.get(KEY)).toMatchObject({ text: 'y', sentAt: null, error: null })
    })

    it('keeps periods, kinds, recipients and plans apart', async () => {
      const s = await open()
      await s.checkIns.claim(KEY, 'x', '2025-07-25T01:00:00.000Z')
      for (const other of [{ periodStart: '2025-08-01' }, { kind: 'nudge' }, { user: 'slack:U1' }, { plan: '某市水务局2026年工作要点' }])
        expect(await s.checkIns.claim({ ...KEY, ...other }, 'x', '2025-07-25T01:00:00.000Z')).toBe(true)
      expect((await s.checkIns.list(KEY.plan, KEY.periodStart)).map((r) => [r.kind, r.user])).toEqual([
        ['check-in', 'slack:U3'],
        ['nudge', 'slack:U3'],
        ['check-in', 'slack:U1'],
      ])
    })
  })

  describe('sendCheckIns over the store', () => {
    const sent: { to: string; text: string }[] = []
    const door: CheckInDoor = {
      platform: 'slack',
      direct: async (b: Binding, text: string) => void sent.push({ to: b.user, text }),
      leaders: async (channel: string, text: string) => void sent.push({ to: channel, text }),
    }
    const settings = { cron: '0 9 25 * *', nudgeDays: 3, leadersChannel: 'C0LEAD' }

    async function source(s: ProgressStore, iso: string): Promise<CheckInSource> {
      for (const b of WATER_BINDINGS) await s.putBinding(b)
      return {
        plan,
        store: s,
        units: new UnitDirectory(plan),
        now: () => new Date(iso),
        settings: { timezone: 'Asia/Shanghai', reportPeriod: 'month' },
      }
    }

    it('sends each check-in and the digest once, even after a restart, then the nudge once', async () => {
      sent.length = 0
      const first = await open()
      for (const u of WATER_UPDATES) await first.addUpdate(u)
      const checkIn = await sendCheckIns(await source(first, '2025-07-25T09:00:00+08:00'), settings, door)
      expect(checkIn).toEqual({ stage: 'check-in', sent: 3, skipped: 0, failed: 0 })
      // Slack door: its own clerks only (wechat:wx_2 is the WeChat door's), then the digest.
      expect(sent.map((m) => m.to)).toEqual(['slack:U1', 'slack:U3', 'C0LEAD'])

      const again = await sendCheckIns(await source(await open(), '2025-07-26T09:00:00+08:00'), settings, door)
      expect(again).toEqual({ stage: 'check-in', sent: 0, skipped: 3, failed: 0 })
      expect(sent).toHaveLength(3)

      const nudge = await sendCheckIns(await source(await open(), '2025-07-29T09:00:00+08:00'), settings, door)
      expect(nudge).toEqual({ stage: 'nudge', sent: 2, skipped: 0, failed: 0 })
      expect(sent.slice(3).map((m) => m.to)).toEqual(['slack:U3', 'C0LEAD'])
      expect(sent[3]?.text).toMatch(/^【报送再提醒】/)
      expect((await sendCheckIns(await source(await open(), '2025-07-30T09:00:00+08:00'), settings, door)).sent).toBe(0)
    })

    it('tries a failed send again at the next run', async () => {
      let fail = true
      const flaky: CheckInDoor = {
        ...door,
        direct: async (b, text) => {
          if (fail && b.user === 'slack:U3') throw new Error('user_not_found')
          sent.push({ to: b.user, text })
        },
      }
      sent.length = 0
      const s = await open()
      for (const u of WATER_UPDATES) await s.addUpdate(u)
      expect(await sendCheckIns(await source(s, '2025-07-25T09:00:00+08:00'), settings, flaky)).toMatchObject({ sent: 2, failed: 1 })
      fail = false
      expect(await sendCheckIns(await source(await open(), '2025-07-26T09:00:00+08:00'), settings, flaky)).toMatchObject({
        sent: 1,
        skipped: 2,
      })
      expect(sent.map((m) => m.to)).toEqual(['slack:U1', 'C0LEAD', 'slack:U3'])
    })

    it('is scheduled daily at the time of day BOT_REMIND_CRON fires, and not at all without it', async () => {
      const s = await open()
      const daily = scheduleCheckIns(await source(s, '2025-07-25T10:00:00+08:00'), { ...settings, cron: '30 8 25 * *' }, door)
      try {
        const next = daily.nextRun() as Date
        expect(formatTime(next.toISOString(), 'Asia/Shanghai').slice(11)).toBe('08:30')
        expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000)
      } finally {
        daily.stop()
      }
      expect(scheduleCheckIns(await source(s, '2025-07-25T10:00:00+08:00'), { ...settings, cron: '' }, door).nextRun()).toBeNull()
    })

    it('sends nothing after the plan year', async () => {
      sent.length = 0
      const result = await sendCheckIns(await source(await open(), '2026-01-25T09:00:00+08:00'), settings, door)
      expect(result).toEqual({ stage: null, sent: 0, skipped: 0, failed: 0 })
      expect(sent).toEqual([])
    })
  })
})
