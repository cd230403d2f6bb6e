import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, startupWarnings } from '../src/config.js'
import { createLogger } from '../src/core/log.js'
import { ROOT } from './helpers/plan.js'

/**
 * What a bureau's IT person sees when start-up fails: the real entry point in a child process,
 * with one bad thing each time. The message is in Chinese, names the variable or file and what to
 * do, the exit code is 1, and no stack trace reaches the screen.
 */

const dir = mkdtempSync(join(tmpdir(), 'gzyd-operator-'))
let busy: Server
let busyPort = 0
beforeAll(async () => {
  busy = createServer()
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
  busyPort = (busy.address() as { port: number }).port
})
afterAll(async () => {
  await new Promise<void>((resolve) => busy.close(() => resolve()))
  rmSync(dir, { recursive: true, force: true })
})

function start(env: Record<string, string>, adapter = 'cli'): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts'), '--adapter', adapter], {
    cwd: ROOT,
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', BOT_DB: join(dir, 'bot.db'), ...env },
  })
  return { status: run.status, stderr: run.stderr }
}

function expectOperatorMessage(result: { status: number | null; stderr: string }, ...parts: string[]): void {
  expect(result.status, result.stderr).toBe(1)
  for (const part of parts) expect(result.stderr).toContain(part)
  expect(result.stderr).not.toMatch(/\n\s+at \S/) // no stack frames
  expect(result.stderr).not.toMatch(/Error:|Invalid input|expected/)
}

describe('start-up errors an operator can act on', () => {
  it('a bad number: zod in Chinese, the variable, the value given and an example', () => {
    expectOperatorMessage(
      start({ BOT_SILENT_PERIODS: 'soon' }),
      '配置有误',
      'BOT_SILENT_PERIODS（当前值 "soon"）',
      '应为正整数（报送周期数），例如 2',
    )
  })

  it('a database URL the store does not support is refused, never turned into a folder', () => {
    const mysql = start({ BOT_DB: 'mysql://bot:pw@db.example/gzyd' })
    expectOperatorMessage(mysql, 'BOT_DB 的地址「mysql://bot:***@db.example/gzyd」不是本程序支持的数据库')
    expect(existsSync(join(ROOT, 'mysql:'))).toBe(false)
    // A PostgreSQL server that does not answer: said in Chinese, the password never shown.
    const pg = start({ BOT_DB: 'postgres://bot:secret-pw@127.0.0.1:1/gzyd' }, 'web')
    expectOperatorMessage(pg, '无法连接 BOT_DB 指定的 PostgreSQL 服务器')
    expect(pg.stderr).not.toContain('secret-pw')
    expect(existsSync(join(ROOT, 'postgres:'))).toBe(false)
  })

  it('a database folder that cannot be made', () => {
    const file = join(dir, 'a-file')
    writeFileSync(file, '')
    expectOperatorMessage(start({ BOT_DB: join(file, 'bot.db') }), `数据库文件 ${join(file, 'bot.db')} 无法创建所在文件夹`, 'BOT_DB')
  })

  it('a plan folder that does not exist', () => {
    expectOperatorMessage(
      start({ BOT_SEEDS: join(dir, 'no-such-folder') }),
      `工作要点文件夹 ${join(dir, 'no-such-folder')} 不存在（BOT_SEEDS）`,
    )
  })

  it('a port in use, naming the variable to change', () => {
    expectOperatorMessage(start({ BOT_WEB_PORT: String(busyPort) }, 'web'), `端口 ${busyPort} 已被占用（BOT_WEB_PORT）`)
  }, 60_000)

  it('a token of the wrong kind, never echoed', () => {
    const r = start({ SLACK_BOT_TOKEN: 'xoxp-user-token-123', SLACK_APP_TOKEN: 'xapp-1' }, 'slack')
    expectOperatorMessage(r, 'SLACK_BOT_TOKEN', '不是机器人令牌（应以 xoxb- 开头）', 'Bot User OAuth Token')
    expect(r.stderr).not.toContain('xoxp-user-token-123')
  })

  it('an unknown door', () => {
    expectOperatorMessage(start({}, 'teams'), '--adapter 只能是 cli、slack、wechat、wecom、dingtalk、web')
  })
})

describe('the dashboard alone', () => {
  it('is not warned about chat settings that do not apply to it', () => {
    expect(startupWarnings(loadConfig({}, 'web'))).toEqual([])
    expect(startupWarnings(loadConfig({ BOT_BINDING_POLICY: 'approval' }, 'web'))).toEqual([])
    expect(startupWarnings(loadConfig({ BOT_BINDING_POLICY: 'approval' }, 'cli'))).toHaveLength(1)
  })
})

describe('the log', () => {
  it('never carries a token: secret-named fields and token-shaped text are replaced', () => {
    const lines: string[] = []
    const log = createLogger('debug', (l) => lines.push(l))
    log.error('slack: call failed with xoxb-1234-5678-abcdef', {
      token: 'plain-secret',
      SLACK_APP_TOKEN: 'xapp-1-A0-123',
      url: 'https://kanban.example.gov.cn/?t=eyJ1Ijoi.c2lnbmF0dXJl&asof=2023-06-30',
      error: new Error('auth failed for xoxb-9999-secret'),
    })
    const line = lines.join('')
    for (const secret of ['1234-5678-abcdef', 'plain-secret', 'xapp-1-A0', 'eyJ1Ijoi', '9999-secret']) expect(line).not.toContain(secret)
    expect(line).toContain('xoxb-[已隐藏]')
    expect(line).toContain('?t=[已隐藏]&asof=2023-06-30')
  })
})
