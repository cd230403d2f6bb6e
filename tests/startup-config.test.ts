import type { EventEmitter } from 'node:events'
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { RateLimitedLog } from '../src/adapters/chat/rate-limited-log.js'
import { createSlackApp } from '../src/adapters/slack/index.js'
import { loadConfig, startupWarnings } from '../src/config.js'
import { createLogger } from '../src/core/log.js'
import { testRuntime } from './helpers/runtime.js'
import { startWechatHarness, type WechatHarness } from './helpers/wechat-harness.js'
import { removeRuntimeDirs, startRuntime } from './helpers/wechat-runtime.js'

/** Configuration that cannot work is said at start, once, and failures that repeat are counted, not repeated. */

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  removeRuntimeDirs()
})

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('start-up warnings', () => {
  it('warns when bindings need approval and BOT_ADMINS names nobody', () => {
    const [warning] = startupWarnings(loadConfig({ BOT_BINDING_POLICY: 'approval' }, 'cli'))
    expect(warning).toMatch(/BOT_ADMINS 为空：没有人能批准绑定/)
    expect(startupWarnings(loadConfig({ BOT_BINDING_POLICY: 'approval', BOT_ADMINS: 'cli:boss' }, 'cli'))).toEqual([])
    expect(startupWarnings(loadConfig({}, 'cli'))).toEqual([])
  })

  it('logs that warning at boot, on stderr through the logger', async () => {
    const r = await startRuntime({ BOT_BINDING_POLICY: 'approval', BOT_ADMINS: '' })
    cleanups.push(() => r.close())
    expect(r.logged.some((l) => / warn config: BOT_BINDING_POLICY 为 approval（需审批），但 BOT_ADMINS 为空/.test(l))).toBe(true)
  })
})

describe('Slack start-up with an unreachable Web API', () => {
  it('gives up after a bounded time with a message naming what to check', async () => {
    const port = await closedPort()
    const runtime = await testRuntime({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
    })
    cleanups.push(() => runtime.close())
    const slack = createSlackApp(runtime, { listen: { port: 0, host: '127.0.0.1' } })
    const began = Date.now()
    await expect(slack.start()).rejects.toThrow(
      /Slack 令牌检查（auth\.test）4 次都未成功（用时 [\d.]+ 秒），请检查 SLACK_BOT_TOKEN 和 SLACK_API_URL/,
    )
    expect(Date.now() - began).toBeLessThan(15_000)
  }, 30_000)
})

describe('WeChat puppet failures', () => {
  it('logs a puppet that keeps failing once, then a counted line, not a stack trace per failure', async () => {
    const r = await startRuntime()
    const h: WechatHarness = await startWechatHarness(r)
    cleanups.push(() => r.close())
    cleanups.push(() => h.stop())
    const wechaty = h.adapter.wechaty as unknown as EventEmitter
    for (let i = 0; i < 100; i++) wechaty.emit('error', new Error(`puppet down ${i}`))
    const lines = r.logged.filter((l) => l.includes('wechat: puppet error'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('puppet down 0')
  })
})

describe('RateLimitedLog', () => {
  it('logs the first failure, then one line per interval with the count and the latest message', () => {
    const lines: string[] = []
    let clock = 0
    const log = new RateLimitedLog(
      createLogger('error', (l) => lines.push(l)),
      'x: failed',
      60_000,
      () => clock,
    )
    for (let i = 0; i < 50; i++) log.error(new Error(`e${i}`))
    clock = 60_000
    log.error(new Error('e50'))
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('x: failed (49 more since the last line; latest: e49)')
  })
})
