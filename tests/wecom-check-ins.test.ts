import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DoorHarness } from './helpers/door-harness.js'
import { binding, WATER_UPDATES, writeWaterSeeds } from './helpers/water-plan.js'
import type { WecomRun } from './helpers/wecom-door.js'
import { wecomHarness } from './helpers/wecom-door.js'
import type { FakeWecom } from './helpers/wecom-fake.js'

/**
 * 催报, check-ins and the leaders' digest through the real WeCom door: a direct message (pushed to
 * the clerk's userid) to each clerk bound as wecom:<userid>, the digest to BOT_LEADERS_CHANNEL and
 * the 催报 to BOT_REMIND_CHANNELS with real mentions of the bound clerks, each once per period.
 */

let fake: FakeWecom
let h: DoorHarness<WecomRun>
let clock = new Date('2025-07-25T09:00:00+08:00')
const dir = mkdtempSync(join(tmpdir(), 'gzyd-wecom-plan-'))

beforeAll(async () => {
  ;({ fake, h } = await wecomHarness(
    {
      BOT_SEEDS: writeWaterSeeds(join(dir, 'seeds')),
      BOT_INDEX_DIR: join(dir, 'index'),
      BOT_LEADERS_CHANNEL: 'wrLeaders',
      BOT_REMIND_CHANNELS: 'wrRemind',
      BOT_REMIND_CRON: '0 9 25 * *',
    },
    { now: () => clock },
  ))
  for (const b of [
    binding('wecom:wangfang', '供水科', '王芳'),
    binding('wecom:zhaomin', '排水科', '赵敏'),
    binding('slack:U9', '排水科', null),
  ])
    await h.runtime.store.putBinding(b)
  for (const u of WATER_UPDATES) await h.runtime.context.store.addUpdate(u)
})
afterAll(async () => {
  await h?.close()
  await fake?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('WeCom check-ins and 催报', () => {
  it('pushes each WeCom clerk their check-in, then the digest to the leaders chat', async () => {
    expect(await h.door.started.checkIns.runNow()).toBe(3)
    const pushed = fake.visible().map((v) => v.chat)
    expect(pushed).toEqual(['wangfang', 'zhaomin', 'wrLeaders'])
    expect(fake.visible('zhaomin')[0]?.content).toMatch(
      /^【报送提醒】赵敏，您好！排水科本月（2025-07-01 至 2025-07-31）请报送以下 2 项任务的进度：/,
    )
    expect(fake.visible('wrLeaders')[0]?.content).toMatch(
      /^【报送情况】本月（2025-07-01 至 2025-07-31），截至 2025-07-25：已报送 1\/3 个牵头单位。/,
    )
  })

  it('sends nothing twice in the period, even after a restart', async () => {
    expect(await h.door.started.checkIns.runNow()).toBe(0)
    await h.restart()
    clock = new Date('2025-07-26T09:00:00+08:00')
    expect(await h.door.started.checkIns.runNow()).toBe(0)
    expect(fake.visible()).toHaveLength(3)
  })

  it('posts the 催报 to the reminder chat once a day, @-mentioning the bound clerks', async () => {
    expect(await h.door.started.reminders.runNow()).toBe(1)
    expect(await h.door.started.reminders.runNow()).toBe(1) // claimed: nothing posted the second time
    const posted = fake.visible('wrRemind')
    expect(posted).toHaveLength(1)
    const [mentions, ...text] = (posted[0]?.content ?? '').split('\n')
    expect(mentions).toBe('<@zhaomin>')
    expect(text[0]).toMatch(/^【催报】本月（2025-07-01 起）还有 \d+ 个牵头单位/)
    expect(text.join('\n')).toContain('排水科：第4、5条 赵敏')
  })
})
