import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { boot, PROJECT_ROOT } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { silentLogger } from '../src/core/log.js'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import { checkInPlanKey } from '../src/core/summary/check-in-schedule.js'
import { WATER_BINDINGS, WATER_UPDATES, writeWaterSeeds } from './helpers/water-plan.js'

/** `npm run remind -- --dry-run` previews every check-in, the nudge when due and the digest, and sends or records nothing. */

let dir: string
let env: Record<string, string>
let planKey: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gzyd-remind-'))
  env = {
    BOT_DB: join(dir, 'bot.db'),
    BOT_SEEDS: writeWaterSeeds(join(dir, 'seeds')),
    BOT_INDEX_DIR: join(dir, 'index'),
    BOT_REMIND_CHANNELS: 'C0REMIND',
    BOT_LEADERS_CHANNEL: 'C0LEAD',
    LOG_LEVEL: 'silent',
  }
  const runtime = await boot(loadConfig(env), { now: () => new Date('2025-07-25T09:00:00+08:00'), log: silentLogger })
  for (const b of WATER_BINDINGS) await runtime.store.putBinding(b)
  for (const u of WATER_UPDATES) await runtime.context.store.addUpdate(u)
  planKey = checkInPlanKey(runtime.context)
  // 王芳's check-in already went out this morning.
  const sent = { plan: planKey, periodStart: '2025-07-01', kind: 'check-in', user: 'slack:U1' }
  await runtime.store.checkIns.claim(sent, '【报送提醒】…', '2025-07-25T01:00:00.000Z')
  await runtime.store.checkIns.settle(sent, '2025-07-25T01:00:01.000Z')
  await runtime.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx')
const remind = (...args: string[]) =>
  spawnSync(tsx, [join(PROJECT_ROOT, 'src/tools/remind.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  })
const headings = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('#'))

describe('npm run remind -- --dry-run: check-ins', () => {
  it('prints each DM with its recipient, marks one already sent, then the digest', () => {
    const out = remind('--dry-run', '--as-of', '2025-07-25')
    expect(out.status).toBe(0)
    expect(headings(out.stdout)).toEqual([
      '# 预览，未发送 (dry run, nothing sent) — 2025-07-25 23:59',
      '# 计划 (schedule): 0 9 25 * *（Asia/Shanghai），下次 (next) 2025-08-25 09:00',
      '## → C0REMIND',
      '# 报送提醒 (check-ins): 本月（2025-07-01 至 2025-07-31），再提醒 (nudge) 2025-07-29 起；现在发送报送提醒 (the check-in is due now)',
      '## 私信 (DM) → slack:U1（王芳，供水科） — 本期已发送 2025-07-25 09:00，不会重发 (already sent)',
      '## 私信 (DM) → wechat:wx_2（李强，供水科）',
      '## 私信 (DM) → slack:U3（赵敏，排水科）',
      '## 领导频道 (leaders) → C0LEAD',
    ])
    expect(out.stdout).toContain('· 第5条 开展汛前排水设施排查（完成时限：6月底前，已逾期）→ 回复「进度 5 进展内容」')
    expect(out.stdout).toContain('【报送情况】本月（2025-07-01 至 2025-07-31），截至 2025-07-25：已报送 1/3 个牵头单位。')
  })

  it('shows the nudge when it is due, to the clerk still missing only', () => {
    const out = remind('--dry-run', '--as-of', '2025-07-29')
    expect(out.status).toBe(0)
    expect(headings(out.stdout).filter((l) => l.startsWith('## 私信'))).toEqual(['## 私信 (DM) → slack:U3（赵敏，排水科）'])
    expect(out.stdout).toContain('现在发送再提醒 (the nudge is due now)')
    expect(out.stdout).toContain('【报送再提醒】赵敏，您好！本月报送将于 2025-07-31 截止，排水科还有 2 项任务未报送进度：')
    expect(out.stdout).toContain('【报送情况·截止前】')
  })

  it('says nothing would be sent after the plan year', () => {
    const out = remind('--dry-run', '--as-of', '2026-01-25')
    expect(out.status).toBe(0)
    expect(out.stdout).toContain('# 2025年度已结束。不发送催报、报送提醒或报送情况 (outside the plan year: nothing would be sent)')
    expect(out.stdout).not.toContain('【')
  })

  it('records nothing, and refuses a date it cannot read', async () => {
    const store = new SqliteStore(env.BOT_DB as string)
    try {
      expect((await store.checkIns.list(planKey, '2025-07-01')).map((r) => r.user)).toEqual(['slack:U1'])
    } finally {
      await store.close()
    }
    const bad = remind('--dry-run', '--as-of', '7月25日')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('--as-of needs a date YYYY-MM-DD')
  })
})
