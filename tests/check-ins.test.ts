import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadIntents } from '../src/core/intents/loader.js'
import { Router } from '../src/core/intents/router.js'
import { UnitDirectory } from '../src/core/plan/unit-directory.js'
import type { Binding, StoredUpdate } from '../src/core/progress/store.js'
import { checkInRound, reportingPeriod, stageAt } from '../src/core/summary/check-ins.js'
import { normaliseMessage } from '../src/core/text/normalise.js'
import type { Period } from '../src/core/time.js'
import { ROOT } from './helpers/plan.js'
import { WATER_BINDINGS, WATER_UPDATES, waterPlan } from './helpers/water-plan.js'

/** Check-ins on a fixed clock: who gets which tasks, the nudge, the digest, and silence outside the plan year. */

const TZ = 'Asia/Shanghai'
const plan = waterPlan()
const updates: StoredUpdate[] = WATER_UPDATES.map((u, i) => ({ ...u, id: i + 1, withdrawnAt: null }))
const usersOf = (unit: string): Binding[] => WATER_BINDINGS.filter((b) => b.unit === unit)
const opts = (iso: string, period: Period = 'month') => ({ now: new Date(iso), period, timezone: TZ })
const round = (iso: string, stage: 'check-in' | 'nudge' = 'check-in') => checkInRound(plan, updates, usersOf, stage, opts(iso))
const CHECK_IN_DAY = '2025-07-25T09:00:00+08:00'

describe('reportingPeriod', () => {
  it('spans the month, quarter or week around now, in the bureau’s zone', () => {
    expect(reportingPeriod(opts(CHECK_IN_DAY))).toMatchObject({ since: '2025-07-01', until: '2025-07-31', name: '本月' })
    expect(reportingPeriod(opts('2025-02-10T09:00:00+08:00')).until).toBe('2025-02-28')
    expect(reportingPeriod(opts(CHECK_IN_DAY, 'quarter'))).toMatchObject({ since: '2025-07-01', until: '2025-09-30' })
    // 25 July 2025 is a Friday: the week runs Monday 21 to Sunday 27.
    expect(reportingPeriod(opts(CHECK_IN_DAY, 'week'))).toMatchObject({ since: '2025-07-21', until: '2025-07-27' })
    expect(reportingPeriod(opts(CHECK_IN_DAY)).end.toISOString()).toBe('2025-07-31T16:00:00.000Z')
  })
})

describe('stageAt', () => {
  const july = reportingPeriod(opts(CHECK_IN_DAY))
  const cronFired = new Date(CHECK_IN_DAY)

  it('is the check-in once the schedule has fired this period, and nothing before', () => {
    expect(stageAt(new Date('2025-07-20T09:00:00+08:00'), july, 3, cronFired)).toBeNull()
    expect(stageAt(new Date(CHECK_IN_DAY), july, 3, cronFired)).toBe('check-in')
    expect(stageAt(new Date('2025-07-28T09:00:00+08:00'), july, 3, cronFired)).toBe('check-in')
  })

  it('is the nudge from BOT_NUDGE_DAYS before the period ends (29 July for 3 days), never with 0', () => {
    expect(stageAt(new Date('2025-07-28T23:59:00+08:00'), july, 3, cronFired)).toBe('check-in')
    expect(stageAt(new Date('2025-07-29T00:00:00+08:00'), july, 3, cronFired)).toBe('nudge')
    expect(stageAt(new Date('2025-07-31T18:00:00+08:00'), july, 3, null)).toBe('nudge')
    expect(stageAt(new Date('2025-07-31T18:00:00+08:00'), july, 0, cronFired)).toBe('check-in')
  })
})

describe('checkInRound inside the plan year', () => {
  it('writes to each bound clerk with their unit’s unreported or due tasks only', () => {
    const r = round(CHECK_IN_DAY)
    expect(r.phase).toBe('during')
    expect(r.messages.map((m) => [m.binding.user, m.tasks.map((t) => t.number)])).toEqual([
      ['slack:U1', [1]],
      ['wechat:wx_2', [1]],
      ['slack:U3', [4, 5]],
    ])
    // 办公室's only task is done; 应急办 owes task 3 but nobody is bound to it.
    expect(r.messages.map((m) => m.binding.unit)).not.toContain('办公室')
  })

  it('lists 第N条, a short title, the deadline and the exact command to report', () => {
    const drainage = round(CHECK_IN_DAY).messages.find((m) => m.binding.user === 'slack:U3')
    expect(drainage?.text.split('\n')).toEqual([
      '【报送提醒】赵敏，您好！排水科本月（2025-07-01 至 2025-07-31）请报送以下 2 项任务的进度：',
      '· 第4条 推进雨污分流改造（完成时限：年底前）→ 回复「进度 4 进展内容」',
      '· 第5条 开展汛前排水设施排查（完成时限：6月底前，已逾期）→ 回复「进度 5 进展内容」',
      '直接回复上面的命令即可报送，把「进展内容」换成本期的实际进展，有数字请写上（如完成件数、金额）；任务已全部完成请发送「办结 条号 完成情况说明」申请销号。',
    ])
    const supply = round(CHECK_IN_DAY).messages.find((m) => m.binding.user === 'slack:U1')
    expect(supply?.text).toContain('· 第1条 推进城区供水管网改造（完成时限：7月底前，本月到期，本月已报送）→ 回复「进度 1 进展内容」')
  })

  it('gives a command the bot really reads as a progress report on that task', () => {
    const router = new Router(loadIntents(join(ROOT, 'intents')), new UnitDirectory(plan))
    const line = round(CHECK_IN_DAY).messages[2]?.text.split('\n')[1] ?? ''
    const command = (line.match(/回复「(.+)」$/)?.[1] ?? '').replace('进展内容', '已完成改造5公里')
    expect(router.route(normaliseMessage(command))).toMatchObject({ intent: 'log_progress', slots: { task: '4' } })
  })

  it('gives the leaders a short digest of who has reported', () => {
    const digest = round(CHECK_IN_DAY).digest
    expect(digest).toMatchObject({ units: ['供水科', '应急办', '排水科'], missing: ['应急办', '排水科'], unbound: ['应急办'] })
    expect(digest?.text.split('\n')).toEqual([
      '【报送情况】本月（2025-07-01 至 2025-07-31），截至 2025-07-25：已报送 1/3 个牵头单位。',
      '未报送（2）：',
      '· 有报送人（1）：排水科',
      '· 暂无绑定报送人（1）：应急办',
    ])
  })

  it('does not count an update stored after the clock', () => {
    const early = round('2025-07-05T09:00:00+08:00')
    expect(early.messages.find((m) => m.binding.user === 'slack:U1')?.tasks.map((t) => [t.number, t.reported])).toEqual([[1, false]])
  })
})

describe('the nudge before the period ends', () => {
  it('lists only what is still unreported, and says when the period closes', () => {
    const r = round('2025-07-29T09:00:00+08:00', 'nudge')
    expect(r.messages.map((m) => [m.binding.user, m.tasks.map((t) => t.number)])).toEqual([['slack:U3', [4, 5]]])
    expect(r.messages[0]?.text.split('\n')[0]).toBe(
      '【报送再提醒】赵敏，您好！本月报送将于 2025-07-31 截止，排水科还有 2 项任务未报送进度：',
    )
    expect(r.digest?.text.split('\n')[0]).toBe(
      '【报送情况·截止前】本月（2025-07-01 至 2025-07-31），截至 2025-07-29：已报送 1/3 个牵头单位。',
    )
  })

  it('goes to nobody once everything is reported', () => {
    const all = [...updates, ...[3, 4, 5].map((task, i) => ({ ...updates[3], id: 90 + i, task, at: '2025-07-28T02:00:00.000Z' }))]
    const r = checkInRound(plan, all as StoredUpdate[], usersOf, 'nudge', opts('2025-07-29T09:00:00+08:00'))
    expect(r.messages).toEqual([])
    expect(r.digest?.text).toBe('【报送情况·截止前】本月（2025-07-01 至 2025-07-31），截至 2025-07-29：已报送 3/3 个牵头单位。')
  })
})

describe('outside the plan year', () => {
  it('sends nothing once the year is over', () => {
    const r = round('2026-01-25T09:00:00+08:00')
    expect(r).toMatchObject({ phase: 'after', year: 2025, messages: [], digest: null })
    expect(round('2026-01-29T09:00:00+08:00', 'nudge').messages).toEqual([])
  })

  it('sends nothing before it begins', () => {
    expect(round('2024-12-25T09:00:00+08:00')).toMatchObject({ phase: 'before', messages: [], digest: null })
  })
})
