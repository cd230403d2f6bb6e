import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'
import { DINGTALK_DEFAULTS } from '../src/config-doors.js'
import { ROOT } from './helpers/plan.js'
import { FakeWecom } from './helpers/wecom-fake.js'

/**
 * The WeCom and DingTalk settings in the one zod schema: required only for their door, each
 * missing or malformed value named in a Chinese message, defaults for DingTalk's public endpoints;
 * and `main.ts --adapter wecom|dingtalk` starting for real, or stopping with that message.
 */

const dir = mkdtempSync(join(tmpdir(), 'gzyd-door-settings-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function refusal(env: Record<string, string>, adapter: 'wecom' | 'dingtalk'): string {
  try {
    loadConfig(env, adapter)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('the configuration was accepted')
}

describe('door settings', () => {
  it('needs the bot id and secret for WeCom, naming where to find them', () => {
    const message = refusal({}, 'wecom')
    expect(message).toContain('未设置 WECOM_BOT_ID：请填写企业微信管理后台 → 应用管理 → 智能机器人')
    expect(message).toContain('未设置 WECOM_BOT_SECRET')
    expect(message).not.toContain('DINGTALK')
  })

  it('needs the client id and secret for DingTalk', () => {
    const message = refusal({}, 'dingtalk')
    expect(message).toContain('未设置 DINGTALK_CLIENT_ID：请填写钉钉开放平台 → 应用开发')
    expect(message).toContain('未设置 DINGTALK_CLIENT_SECRET')
  })

  it('refuses malformed values, naming the variable', () => {
    const wecom = refusal(
      { WECOM_BOT_ID: 'bot', WECOM_BOT_SECRET: 'two words', WECOM_WS_URL: 'https://openws.work.weixin.qq.com' },
      'wecom',
    )
    expect(wecom).toContain('WECOM_BOT_SECRET 不能含空格或换行')
    expect(wecom).toMatch(/WECOM_WS_URL[^\n]*应是以 ws:\/\/ 或 wss:\/\/ 开头的完整地址/)
    const dingtalk = refusal(
      { DINGTALK_CLIENT_ID: 'id', DINGTALK_CLIENT_SECRET: 's', DINGTALK_ENDPOINT_URL: 'gateway.example' },
      'dingtalk',
    )
    expect(dingtalk).toMatch(/DINGTALK_ENDPOINT_URL[^\n]*应是以 http:\/\/ 或 https:\/\/ 开头的完整地址/)
  })

  it("asks nothing of another door's settings, and defaults DingTalk's endpoints to the public ones", () => {
    expect(loadConfig({}, 'cli').WECOM_BOT_ID).toBeUndefined()
    const c = loadConfig({ DINGTALK_CLIENT_ID: 'id', DINGTALK_CLIENT_SECRET: 'secret' }, 'dingtalk')
    expect([c.DINGTALK_ENDPOINT_URL, c.DINGTALK_API_URL, c.DINGTALK_OAPI_URL]).toEqual([
      DINGTALK_DEFAULTS.endpoint,
      DINGTALK_DEFAULTS.api,
      DINGTALK_DEFAULTS.oapi,
    ])
  })

  it('takes wecom: and dingtalk: rooms in BOT_ROOM_PLANS', () => {
    const c = loadConfig({ BOT_ROOM_PLANS: 'wecom:wrGroup1=2023,dingtalk:cidAbc=2023' }, 'cli')
    expect(c.BOT_ROOM_PLANS).toEqual({ 'wecom:wrGroup1': '2023', 'dingtalk:cidAbc': '2023' })
  })
})

/** Runs `node --import tsx src/main.ts …` and collects its output until it exits or `until` matches stderr. */
function runMain(args: string[], env: Record<string, string>, until?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      BOT_DB: join(dir, 'main.db'),
      BOT_EXPORT_DIR: join(dir, 'x'),
      ...env,
    },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += String(d)
  })
  let signalled = false
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.stderr.on('data', (d) => {
      stderr += String(d)
      if (!signalled && until?.test(stderr)) {
        signalled = true
        child.kill('SIGTERM')
      }
    })
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('main.ts --adapter wecom|dingtalk', () => {
  it('connects WeCom, logs to stderr only, and stops cleanly on SIGTERM', async () => {
    const fake = await new FakeWecom({ 'bot-main': 'secret-main' }).start()
    try {
      const run = await runMain(
        ['--adapter', 'wecom'],
        { WECOM_BOT_ID: 'bot-main', WECOM_BOT_SECRET: 'secret-main', WECOM_WS_URL: fake.url, BOT_REMIND_CRON: '' },
        /wecom: listening/,
      )
      expect(run.stderr).toContain('info wecom: connected')
      expect(run.stderr).toContain('wecom: stopped')
      expect(run.stdout).toBe('')
      expect(run.code).toBe(0)
    } finally {
      await fake.close()
    }
  }, 60_000)

  it('stops with the Chinese message and no stack trace when DingTalk settings are missing or refused', async () => {
    const missing = await runMain(['--adapter', 'dingtalk'], {})
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('未设置 DINGTALK_CLIENT_ID')
    expect(missing.stderr).not.toMatch(/\n\s+at /)
    const server = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end('{"code":"Forbidden.AccessDenied","message":"wrong secret"}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as { port: number }).port
      const refused = await runMain(['--adapter', 'dingtalk'], {
        DINGTALK_CLIENT_ID: 'id',
        DINGTALK_CLIENT_SECRET: 'wrong',
        DINGTALK_ENDPOINT_URL: `http://127.0.0.1:${port}/v1.0/gateway/connections/open`,
        BOT_REMIND_CRON: '',
      })
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain('钉钉拒绝了应用凭证')
      expect(refused.stderr).not.toMatch(/\n\s+at /)
      expect(refused.stdout).toBe('')
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }, 60_000)
})
