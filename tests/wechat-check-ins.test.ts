import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { boot, type Runtime } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { silentLogger } from '../src/core/log.js'
import { checkInPlanKey } from '../src/core/summary/check-in-schedule.js'
import { binding, WATER_UPDATES, writeWaterSeeds } from './helpers/water-plan.js'
import { ROOM_TOPIC, startWechatHarness, type WechatHarness } from './helpers/wechat-harness.js'

/**
 * Check-ins through the real WeChat door (startWechatAdapter on wechaty-puppet-mock): a private
 * message to each clerk bound as wechat:<contact id>, the digest to the leaders' room, each once
 * per period; a clerk the bot cannot find is skipped and tried again at the next run.
 */

let dir: string
let clock = new Date('2025-07-25T09:00:00+08:00')
let runtime: Runtime
let h: WechatHarness

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gzyd-wechat-check-ins-'))
  const env = {
    BOT_DB: join(dir, 'bot.db'),
    BOT_SEEDS: writeWaterSeeds(join(dir, 'seeds')),
    BOT_INDEX_DIR: join(dir, 'index'),
    BOT_LEADERS_CHANNEL: ROOM_TOPIC,
    BOT_SEND_INTERVAL_MS: '0',
    LOG_LEVEL: 'silent',
  }
  runtime = await boot(loadConfig(env, 'wechat'), { now: () => clock, log: silentLogger })
  h = await startWechatHarness(runtime, { now: () => clock }, 'start')
  await runtime.store.putBinding(binding(`wechat:${h.alice.id}`, '排水科', '张科长'))
  await runtime.store.putBinding(binding(`wechat:${h.bob.id}`, '供水科', '李干事'))
  await runtime.store.putBinding(binding('wechat:gone-after-relogin', '应急办', '钱七'))
  await runtime.store.putBinding(binding('slack:U9', '排水科', '赵敏'))
  for (const u of WATER_UPDATES) await runtime.context.store.addUpdate(u)
})
afterAll(async () => {
  await h?.stop()
  await runtime?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('WeChat check-ins', () => {
  it('says each check-in to the clerk in a private chat, and the digest in the leaders’ room', async () => {
    // alice, bob and the digest; the contact that no longer exists fails (and is logged).
    expect(await h.checkIns?.runNow()).toBe(3)
    const sent = h.sentByBot()
    const toAlice = sent.filter((m) => m.listenerId === h.alice.id && !m.roomId)
    expect(toAlice.map((m) => m.text.split('\n')[0])).toEqual([
      '【报送提醒】张科长，您好！排水科本月（2025-07-01 至 2025-07-31）请报送以下 2 项任务的进度：',
    ])
    expect(toAlice[0]?.text).toContain('→ 回复「进度 4 进展内容」')
    const toBob = sent.filter((m) => m.listenerId === h.bob.id && !m.roomId)
    expect(toBob[0]?.text).toContain('· 第1条 推进城区供水管网改造（完成时限：7月底前，本月到期，本月已报送）')
    const inRoom = sent.filter((m) => m.roomId === h.room.id)
    expect(inRoom.map((m) => m.text.split('\n')[0])).toEqual([
      '【报送情况】本月（2025-07-01 至 2025-07-31），截至 2025-07-25：已报送 1/3 个牵头单位。',
    ])
    // The Slack clerk of 排水科 is not the WeChat door's to message.
    expect(sent.some((m) => m.text.includes('赵敏'))).toBe(false)
    expect(
      await runtime.store.checkIns.get({
        plan: checkInPlanKey(runtime.context),
        periodStart: '2025-07-01',
        kind: 'check-in',
        user: 'wechat:gone-after-relogin',
      }),
    ).toMatchObject({
      error: 'wechat: no contact with id "gone-after-relogin"',
    })
  })

  it('sends nothing twice in the period', async () => {
    const before = h.sentByBot().length
    clock = new Date('2025-07-26T09:00:00+08:00')
    expect(await h.checkIns?.runNow()).toBe(0)
    expect(h.sentByBot()).toHaveLength(before)
  })

  it('sends nothing after the plan year', async () => {
    const before = h.sentByBot().length
    clock = new Date('2026-01-25T09:00:00+08:00')
    expect(await h.checkIns?.runNow()).toBe(0)
    expect(h.sentByBot()).toHaveLength(before)
  })
})
