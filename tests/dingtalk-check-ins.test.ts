import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DingtalkRun } from './helpers/dingtalk-door.js'
import { dingtalkHarness } from './helpers/dingtalk-door.js'
import type { FakeDingtalk } from './helpers/dingtalk-fake.js'
import type { DoorHarness } from './helpers/door-harness.js'
import { binding, WATER_UPDATES, writeWaterSeeds } from './helpers/water-plan.js'

/**
 * 催报, check-ins and the leaders' digest through the real DingTalk door: a robot direct message
 * (OpenAPI oToMessages) to each clerk bound as dingtalk:<staffId>, the digest and the 催报 as robot
 * group messages to the configured conversations, each once per period.
 */

let fake: FakeDingtalk
let h: DoorHarness<DingtalkRun>
let clock = new Date('2025-07-25T09:00:00+08:00')
const dir = mkdtempSync(join(tmpdir(), 'gzyd-dingtalk-plan-'))

beforeAll(async () => {
  ;({ fake, h } = await dingtalkHarness(
    {
      BOT_SEEDS: writeWaterSeeds(join(dir, 'seeds')),
      BOT_INDEX_DIR: join(dir, 'index'),
      BOT_LEADERS_CHANNEL: 'cidLeaders',
      BOT_REMIND_CHANNELS: 'cidRemind',
      BOT_REMIND_CRON: '0 9 25 * *',
    },
    { now: () => clock },
  ))
  for (const b of [
    binding('dingtalk:0101', '供水科', '王芳'),
    binding('dingtalk:0303', '排水科', '赵敏'),
    binding('wecom:zhaomin', '排水科', null),
  ])
    await h.runtime.store.putBinding(b)
  for (const u of WATER_UPDATES) await h.runtime.context.store.addUpdate(u)
})
afterAll(async () => {
  await h?.close()
  await fake?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('DingTalk check-ins and 催报', () => {
  it('sends each DingTalk clerk their check-in by direct message, then the digest to the leaders group', async () => {
    expect(await h.door.started.checkIns.runNow()).toBe(3)
    expect(fake.shown.map((s) => [s.via, s.chat])).toEqual([
      ['api', 'user:0101'],
      ['api', 'user:0303'],
      ['api', 'cidLeaders'],
    ])
    expect(fake.visible('user:0303')[0]?.content).toMatch(
      /^【报送提醒】赵敏，您好！排水科本月（2025-07-01 至 2025-07-31）请报送以下 2 项任务的进度：/,
    )
    expect(fake.visible('cidLeaders')[0]?.content).toMatch(
      /^【报送情况】本月（2025-07-01 至 2025-07-31），截至 2025-07-25：已报送 1\/3 个牵头单位。/,
    )
  })

  it('sends nothing twice in the period, even after a restart', async () => {
    expect(await h.door.started.checkIns.runNow()).toBe(0)
    await h.restart()
    clock = new Date('2025-07-26T09:00:00+08:00')
    expect(await h.door.started.checkIns.runNow()).toBe(0)
    expect(fake.shown).toHaveLength(3)
  })

  it('posts the 催报 to the reminder group once a day, naming the bound clerks', async () => {
    expect(await h.door.started.reminders.runNow()).toBe(1)
    expect(await h.door.started.reminders.runNow()).toBe(1)
    const posted = fake.visible('cidRemind')
    expect(posted).toHaveLength(1)
    expect(posted[0]?.content).toMatch(/^【催报】本月（2025-07-01 起）还有 \d+ 个牵头单位/)
    expect(posted[0]?.content).toContain('排水科：第4、5条 赵敏')
    expect(posted[0]?.content).not.toContain('zhaomin')
  })
})
