import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StartedSlack, startSlackAdapter } from '../src/adapters/slack/start.js'
import { boot, type Runtime } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { silentLogger } from '../src/core/log.js'
import { FakeSlackApi } from './helpers/slack-fake-api.js'
import { SIGNING_SECRET } from './helpers/slack-requests.js'
import { WATER_BINDINGS, WATER_UPDATES, writeWaterSeeds } from './helpers/water-plan.js'

/**
 * Check-ins through the real Slack door (startSlackAdapter: the bolt App, its Web API client pointed
 * at a fake on 127.0.0.1, the delivery log): a direct message to each clerk bound as slack:U…,
 * opened with conversations.open, the digest to BOT_LEADERS_CHANNEL, each once per period.
 */

let api: FakeSlackApi
let dir: string
let clock = new Date('2025-07-25T09:00:00+08:00')
let runtime: Runtime | undefined
let slack: StartedSlack | undefined

async function start(): Promise<StartedSlack> {
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.apiUrl,
    BOT_DB: join(dir, 'bot.db'),
    BOT_SEEDS: join(dir, 'seeds'),
    BOT_INDEX_DIR: join(dir, 'index'),
    BOT_LEADERS_CHANNEL: 'C0LEAD',
    BOT_REMIND_CHANNELS: 'C0REMIND',
    BOT_SEND_INTERVAL_MS: '0',
    LOG_LEVEL: 'silent',
  }
  runtime = await boot(loadConfig(env, 'slack'), { now: () => clock, log: silentLogger })
  slack = await startSlackAdapter(runtime, {
    listen: { port: 0, host: '127.0.0.1' },
    now: () => clock,
    clientOptions: { retryConfig: { retries: 0 } },
  })
  return slack
}

async function stop(): Promise<void> {
  await slack?.stop()
  await runtime?.close()
  slack = undefined
  runtime = undefined
}

beforeAll(async () => {
  api = await new FakeSlackApi().start()
  dir = mkdtempSync(join(tmpdir(), 'gzyd-slack-check-ins-'))
  writeWaterSeeds(join(dir, 'seeds'))
  await start()
  for (const b of WATER_BINDINGS) await runtime?.store.putBinding(b)
  // Through the plan's view of the store, so the updates carry its key.
  for (const u of WATER_UPDATES) await runtime?.context.store.addUpdate(u)
})
afterAll(async () => {
  await stop()
  await api.close()
  rmSync(dir, { recursive: true, force: true })
})

const dms = () => api.posts.filter((c) => String(c.params.channel).startsWith('D'))

describe('Slack check-ins', () => {
  it('opens a DM with each Slack clerk and posts their check-in there, then the digest to the leaders', async () => {
    expect(await slack?.checkIns.runNow()).toBe(3)
    expect(api.ok('conversations.open').map((c) => c.params.users)).toEqual(['U1', 'U3'])
    expect(dms().map((c) => c.params.channel)).toEqual(['DU1', 'DU3'])
    const drainage = String(dms()[1]?.params.text)
    expect(drainage).toMatch(/^【报送提醒】赵敏，您好！排水科本月（2025-07-01 至 2025-07-31）请报送以下 2 项任务的进度：/)
    expect(drainage).toContain('· 第5条 开展汛前排水设施排查（完成时限：6月底前，已逾期）→ 回复「进度 5 进展内容」')
    const digest = api.posts.filter((c) => c.params.channel === 'C0LEAD')
    expect(digest.map((c) => String(c.params.text).split('\n')[0])).toEqual([
      '【报送情况】本月（2025-07-01 至 2025-07-31），截至 2025-07-25：已报送 1/3 个牵头单位。',
    ])
    // Logged like any reply: nothing is left unsent in the delivery log.
    expect(await runtime?.store.delivery.unsentReplies()).toEqual([])
  })

  it('sends nothing twice in the period, neither on a second run nor after a restart', async () => {
    const calls = api.calls.length
    expect(await slack?.checkIns.runNow()).toBe(0)
    await stop()
    clock = new Date('2025-07-26T09:00:00+08:00')
    await start()
    expect(await slack?.checkIns.runNow()).toBe(0)
    expect(api.calls.slice(calls).map((c) => c.method)).toEqual(['auth.test'])
  })

  it('nudges only the clerk still missing, before the period ends', async () => {
    clock = new Date('2025-07-29T09:00:00+08:00')
    const before = api.posts.length
    expect(await slack?.checkIns.runNow()).toBe(2)
    const posted = api.posts.slice(before)
    expect(posted.map((c) => c.params.channel)).toEqual(['DU3', 'C0LEAD'])
    expect(String(posted[0]?.params.text)).toMatch(/^【报送再提醒】赵敏，您好！本月报送将于 2025-07-31 截止/)
  })

  it('posts the 催报 to BOT_REMIND_CHANNELS once a day, naming units and their clerks', async () => {
    const before = api.posts.length
    expect(await slack?.reminders.runNow()).toBe(1)
    expect(await slack?.reminders.runNow()).toBe(1) // claimed: the second run posts nothing
    const posted = api.posts.slice(before)
    expect(posted.map((c) => c.params.channel)).toEqual(['C0REMIND'])
    expect(String(posted[0]?.params.text)).toMatch(/^【催报】本月（2025-07-01 起）还有 \d+ 个牵头单位/)
    expect(String(posted[0]?.params.text)).toContain('排水科')
  })
})
