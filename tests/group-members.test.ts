import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'
import { createBot } from '../src/core/bot.js'
import { silentLogger } from '../src/core/log.js'
import type { BotReply } from '../src/core/message.js'
import { countyGroupKind, parseGroupMembers } from '../src/core/plan/group-members.js'
import { UnitDirectory } from '../src/core/plan/unit-directory.js'
import type { AuditEntry } from '../src/core/progress/store.js'
import { boundUsers, buildReminder, unreportedByLead } from '../src/core/summary/reminder.js'
import { taskStates } from '../src/core/summary/status.js'
import { unitReports } from '../src/core/summary/unit-reports.js'
import { ADMIN, type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/**
 * Units a plan names only as a group (issue 11, point 6): a task led by a group word is reported by
 * its members and chased through them; county bureaus bind by name, in the spellings people use.
 * Through the real bot, boot and SQLite file; an invented plan beside the bundled one.
 */

/** An invented plan: a group-led task (食品相关科室), a county-led one (各县级局), one led by 相关科室. */
const JIANGCHENG = `2024年全市市场监管工作要点
2024年,全市市场监管部门要围绕江城市“十四五”规划,守底线、促发展。
一、守牢食品安全底线
1.开展食品抽检1200批次。(责任单位:食品相关科室、检验中心)
2.推进食品生产企业体系检查。(责任单位:食品生产科)
3.完成食品经营许可核查。(责任单位:食品经营科、食品生产科)
二、强化基层监管
4.开展农贸市场计量器具检定,全年检定2000台次。(责任单位:各县级局、计量科)
5.推进基层所标准化建设。(责任单位:人事科、各县级局)
6.规范信息系统运维。(责任单位:相关科室、信息中心)
上述工作中涉及多个责任单位的,排第一的为牵头单位。
所有市场监管业务性工作,各区县(市)及江城高新技术产业开发区、白鹭湖旅游度假区市场监督管理局均为责任单位,要配合牵头科室,形成合力。
`

const TZ = 'Asia/Shanghai'
let env: SummaryRuntime | undefined
const dirs: string[] = []
afterEach(async () => {
  await env?.close()
  env = undefined
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function bundled(policy: 'open' | 'approval' = 'open'): Promise<SummaryRuntime> {
  env = await startSummaryRuntime('2023-07-10T09:00:00+08:00', { BOT_BINDING_POLICY: policy })
  return env
}

async function jiangcheng(vars: Record<string, string> = {}): Promise<SummaryRuntime> {
  const seeds = mkdtempSync(join(tmpdir(), 'gzyd-groups-'))
  dirs.push(seeds)
  writeFileSync(join(seeds, 'jiangcheng-2024.txt'), JIANGCHENG)
  env = await startSummaryRuntime('2024-07-10T09:00:00+08:00', { BOT_SEEDS: seeds, BOT_INDEX_DIR: join(seeds, 'index'), ...vars })
  return env
}

async function lastAudit(e: SummaryRuntime): Promise<Pick<AuditEntry, 'user' | 'action' | 'allowed' | 'reason'> | undefined> {
  const a = (await e.runtime.store.auditTrail(1))[0]
  return a && { user: a.user, action: a.action, allowed: a.allowed, reason: a.reason }
}

const numbers = (r: BotReply) => r.tasks.map((t) => t.number)

describe('parseGroupMembers', () => {
  it('reads 词=单位1|单位2;… and the JSON form alike', () => {
    const expected = { 各县级局: ['城南区市场监督管理局', '城北区市场监督管理局'], 食品相关科室: ['食品生产科'] }
    expect(parseGroupMembers('各县级局=城南区市场监督管理局|城北区市场监督管理局；食品相关科室＝食品生产科')).toEqual(expected)
    expect(parseGroupMembers(JSON.stringify(expected))).toEqual(expected)
    expect(parseGroupMembers('  ')).toEqual({})
  })

  it('fails start-up with a message naming the variable and what is wrong', () => {
    const message = (value: string) => {
      try {
        loadConfig({ BOT_GROUP_MEMBERS: value })
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError)
        return (error as Error).message
      }
      return 'loaded'
    }
    expect(message('价监科=价格监督检查科')).toContain(
      'BOT_GROUP_MEMBERS: 「价监科」不是统称（如 各县级局、食品相关科室、机关各科室）；只有工作要点用统称写的单位需要配置成员',
    )
    expect(message('各县级局')).toContain('BOT_GROUP_MEMBERS: 「各县级局」应写成 统称=单位1|单位2')
    expect(message('各县级局=')).toContain('BOT_GROUP_MEMBERS: 「各县级局」后没有写单位')
    expect(message('{"各县级局": []}')).toContain('BOT_GROUP_MEMBERS: 「各县级局」至少写一个单位')
    expect(message('{"各县级局": ')).toContain('BOT_GROUP_MEMBERS: not valid JSON')
    expect(loadConfig({}).BOT_GROUP_MEMBERS).toBeUndefined()
  })
})

describe('countyGroupKind', () => {
  it.each([
    ['各县级局', '局'],
    ['各区县(市)市场监督管理局', '市场监督管理局'],
    ['各区县市消保委', '消保委'],
    ['各区、县级市', ''],
    ['食品相关科室', null],
    ['各直属单位', null],
    ['各设区市人民政府', null],
  ])('%s → %s', (word, kind) => {
    expect(countyGroupKind(word)).toBe(kind)
  })
})

describe('county bureaus bind by name (bundled plan: its closing paragraph shares all business work)', () => {
  it.each([
    ['绑定 津市局', '津市市场监督管理局'],
    ['我是武陵区局的', '武陵区市场监督管理局'],
    ['我们是武陵区市场监管局的', '武陵区市场监督管理局'],
    ['绑定 武陵区市场监督管理局', '武陵区市场监督管理局'],
    ['我是柳叶湖局的', '柳叶湖旅游度假区市场监督管理局'],
    ['绑定 经开区局', '常德经济技术开发区市场监督管理局'],
    ['绑定 西湖管理区局', '西湖和西洞庭管理区市场监督管理局'],
  ])('open policy: 「%s」 binds %s', async (text, unit) => {
    const e = await bundled()
    const r = await e.say('u1', text)
    expect(r.reply).toContain(`已绑定到 ${unit}。`)
    expect(r.reply).toContain('第43条')
    expect(await e.runtime.store.getBinding('u1')).toMatchObject({ unit, status: 'approved' })
    expect(await lastAudit(e)).toEqual({ user: 'u1', action: 'bind', allowed: true, reason: 'bound (open)' })
  })

  it('approval policy: the request waits for an admin, then the bureau reports on the task naming 各县级局', async () => {
    const e = await bundled('approval')
    const asked = await e.say('u1', '绑定 津市局')
    expect(asked.reply).toBe('已提交绑定申请：津市市场监督管理局。请等待管理员批准（管理员发送「批准 u1」）。')
    expect((await e.runtime.store.getBinding('u1'))?.status).toBe('pending')
    expect((await e.say('u1', '进度 43 完成广告监测200条次')).progress).toBeUndefined()
    expect((await e.say(ADMIN, '批准 u1')).reply).toBe('已批准：u1 绑定到 津市市场监督管理局。')
    const logged = await e.say('u1', '进度 43 完成广告监测200条次')
    expect(logged.reply).toContain('已记录：第43条，津市市场监督管理局。')
    expect((await e.runtime.store.updatesForTask(43))[0]).toMatchObject({ unit: '津市市场监督管理局', user: 'u1' })
    expect(await lastAudit(e)).toEqual({ user: 'u1', action: 'log_progress', allowed: true, reason: 'unit on task' })
  })

  it('refuses a kind of body or a group word politely, storing no binding', async () => {
    const e = await bundled()
    for (const text of ['我是县局的', '绑定 各县级局', '绑定 常德市局']) {
      const r = await e.say('u2', text)
      expect(r.reply).toMatch(
        /^抱歉，「(?:县局|各县级局|常德市局)」(?:说的是「[^」]+」这一类单位|是对一类单位的统称)，没有说是哪一个，不能绑定。可以绑定的有：常德经济技术开发区市场监督管理局、/,
      )
      expect(await e.runtime.store.getBinding('u2')).toBeNull()
      expect((await lastAudit(e))?.allowed).toBe(false)
    }
    const food = await e.say('u2', '我是食品相关科室的')
    expect(food.reply).toBe(
      '「食品相关科室」是工作要点对一组单位的统称，不能作为一个单位绑定。请用其中的具体单位绑定：食品生产科、食品协调科、食品抽检科。',
    )
    expect(await lastAudit(e)).toEqual({ user: 'u2', action: 'bind', allowed: false, reason: 'group word, not one unit' })
    expect(await e.runtime.store.getBinding('u2')).toBeNull()
  })

  it('我的任务: the task naming 各县级局 first, then the closing paragraph and every task it shares', async () => {
    const e = await bundled()
    await e.say('u1', '绑定 津市局')
    const r = await e.say('u1', '我的任务')
    expect(r.intent).toBe('unit_tasks')
    expect(r.reply.split('\n').slice(0, 3)).toEqual([
      '津市市场监督管理局（工作要点中写作「各县级局」）：',
      '【写明「各县级局」的任务，可以报送进度】1 项：',
      '第43条 突出线上线下广告监管监测（牵头：广告科）',
    ])
    expect(r.reply).toContain('均为责任单位')
    expect(r.reply).toContain('第五部分「聚焦秩序维护,不断促进公平竞争」：第37—42、44—46条')
    expect(numbers(r)[0]).toBe(43)
    expect(numbers(r)).toHaveLength(e.runtime.plan.tasks.length)
    expect((await e.say('u1', '我是谁')).reply).toContain('已绑定：津市市场监督管理局，工作要点写作「各县级局」，可报送 1 项任务')
    expect((await e.say('u1', '我们局牵头哪些任务')).reply).toBe(
      '津市市场监督管理局没有牵头的任务；写明「各县级局」的任务可以报送进度：第43条。',
    )
    const progress = await e.say('u1', '我的任务进展')
    expect(progress.intent).toBe('scoped_summary')
    expect(progress.headline).toBe(
      '津市市场监督管理局汇总：可报送 1 项。共 1 项任务，已报送 0 项，已办结 0 项；🔴滞后 0 · 🟡关注 0 · ⚪未报送 1 · 🟢正常 0。',
    )
    expect(numbers(progress)).toEqual([43])
  })

  it('refuses a report on a task that does not name the bureau, saying what it may report; nothing is stored', async () => {
    const e = await bundled()
    await e.say('u1', '绑定 津市局')
    const r = await e.say('u1', '进度 20 发明专利申请量100件')
    expect(r.reply).toBe(
      '第20条的责任单位是 知识产权促进科、市知识产权保护中心，不包括津市市场监督管理局，不能代报。未记录。\n' +
        '津市市场监督管理局可以报送的是写明「各县级局」的任务：第43条。工作要点结尾写明的其他业务工作，请配合牵头科室落实，由牵头科室报送进度。',
    )
    expect(r.progress).toBeUndefined()
    expect(await e.runtime.store.liveUpdates()).toEqual([])
    expect(await lastAudit(e)).toEqual({ user: 'u1', action: 'log_progress', allowed: false, reason: 'unit not on task' })
  })
})

describe('a task led by a group word (invented plan)', () => {
  it('is reported by a member unit and refused to a unit the word does not cover', async () => {
    const e = await jiangcheng()
    await e.say('u1', '我是食品经营科的')
    await e.say('u2', '我是计量科的')
    const ok = await e.say('u1', '进度 1 完成食品抽检600批次')
    expect(ok.reply).toContain('已记录：第1条，食品经营科。')
    expect(ok.reply).toContain('= 50%')
    const refused = await e.say('u2', '进度 1 完成食品抽检600批次')
    expect(refused.reply).toBe('第1条的责任单位是 食品相关科室、检验中心，不包括计量科，不能代报。未记录。')
    expect((await e.runtime.store.liveUpdates()).map((u) => u.unit)).toEqual(['食品经营科'])
    expect(await lastAudit(e)).toEqual({ user: 'u2', action: 'log_progress', allowed: false, reason: 'unit not on task' })
  })

  it('「哪些单位还没报送」 lists it under each member unit, never under the group word', async () => {
    const e = await jiangcheng()
    const r = await e.say('leader', '哪些单位还没报送')
    expect(r.intent).toBe('unreported')
    expect(r.sections?.[0]?.lines).toEqual([
      '食品生产科：第1、2条',
      '食品经营科：第1、3条',
      '江城高新技术产业开发区市场监督管理局：第4条',
      '白鹭湖旅游度假区市场监督管理局：第4条',
      '人事科：第5条',
      // 相关科室 narrows nothing: the task's named unit answers for it.
      '信息中心：第6条',
    ])
    expect(r.headline).toBe('本月（2024-07-01 起）还有 6 个牵头单位、6 项任务未报送：')
  })

  it('reminds the clerks bound to the member units, and a member’s report settles the task for all', async () => {
    const e = await jiangcheng()
    await e.say('u1', '我是食品经营科的', '张三')
    await e.say('u3', '我是白鹭湖局的', '王五')
    const { plan, store, context } = e.runtime
    const opts = { now: e.now(), period: 'month' as const, timezone: TZ }
    const before = buildReminder(plan, await store.liveUpdates(), await boundUsers(store, context.units, plan), opts)
    expect(before.text).toContain('· 食品经营科：第1、3条 @张三')
    expect(before.text).toContain('· 白鹭湖旅游度假区市场监督管理局：第4条 @王五')
    expect(before.text.split('\n')[0]).toBe('【催报】本月（2024-07-01 起）还有 6 个牵头单位、6 项任务未报送进度：')
    await e.say('u3', '进度 4 完成检定800台次')
    await e.say('u1', '进度 1 完成食品抽检600批次')
    const after = unreportedByLead(plan, await store.liveUpdates(), opts)
    expect(after.flatMap((u) => u.tasks)).not.toContain(1)
    expect(after.flatMap((u) => u.tasks)).not.toContain(4)
    expect(after.map((u) => u.unit)).toEqual(['食品生产科', '食品经营科', '人事科', '信息中心'])
  })

  it('counts the group-led task under its members in the unit reports too (one list with 未报送)', async () => {
    const e = await jiangcheng()
    const { plan, store } = e.runtime
    const opts = { now: e.now(), period: 'month' as const, timezone: TZ }
    const states = taskStates(plan, await store.liveUpdates(), opts)
    const reports = unitReports(plan, states, await store.liveUpdates(), opts)
    expect(reports.map((r) => r.unit)).not.toContain('食品相关科室')
    expect(reports.find((r) => r.unit === '食品经营科')).toMatchObject({ led: [1, 3], overdue: [1, 3] })
  })

  it('binds a county bureau of 各区县(市) by name, but not the city the plan is about', async () => {
    const e = await jiangcheng()
    expect((await e.say('u4', '我是城南区市场监管局的')).reply).toContain('已绑定到 城南区市场监督管理局。')
    expect((await e.say('u4', '进度 4 完成检定300台次')).reply).toContain('已记录：第4条，城南区市场监督管理局。')
    expect((await e.say('u5', '绑定 高新区局')).reply).toContain('已绑定到 江城高新技术产业开发区市场监督管理局。')
    const city = await e.say('u6', '绑定 江城市局')
    expect(city.reply).toMatch(/^抱歉，「江城市局」说的是「各区县\(市\)市场监督管理局」这一类单位/)
    expect(await e.runtime.store.getBinding('u6')).toBeNull()
  })
})

describe('configured members (BOT_GROUP_MEMBERS)', () => {
  const MEMBERS = '各县级局=城南区市场监督管理局|城北区市场监督管理局;食品相关科室=食品生产科'

  /** The bot over the booted plan, its unit directory given the configured lists. */
  async function configured() {
    const e = await jiangcheng({ BOT_GROUP_MEMBERS: MEMBERS })
    const members = e.runtime.config.BOT_GROUP_MEMBERS
    const units = new UnitDirectory(e.runtime.plan, {}, members)
    const context = { ...e.runtime.context, units, library: undefined }
    const bot = createBot(context, silentLogger)
    const say = (user: string, text: string, userName?: string) => bot.handle({ text, user, userName, platform: 'cli' })
    return { e, units, say }
  }

  it('is the whole truth for its word: listed bureaus bind (in any spelling), others are told they are not listed', async () => {
    const { e, say } = await configured()
    expect((await say('u1', '绑定 城南区局')).reply).toContain('已绑定到 城南区市场监督管理局。')
    const other = await say('u2', '绑定 城东区局')
    expect(other.reply).toMatch(/^抱歉，「城东区局」不在配置的「各区县\(市\)市场监督管理局」名单里，不能绑定；/)
    expect(other.reply).toContain(
      '可以绑定的有：江城高新技术产业开发区市场监督管理局、白鹭湖旅游度假区市场监督管理局、城南区市场监督管理局、城北区市场监督管理局（按配置的名单）',
    )
    expect(await e.runtime.store.getBinding('u2')).toBeNull()
    expect(await lastAudit(e)).toEqual({ user: 'u2', action: 'bind', allowed: false, reason: 'kind of body, not one body' })
  })

  it('narrows who reports a group-led task to the listed units', async () => {
    const { e, say } = await configured()
    await say('u1', '我是食品经营科的')
    await say('u2', '我是食品生产科的')
    expect((await say('u1', '进度 1 完成食品抽检600批次')).progress).toBeUndefined()
    expect((await say('u2', '进度 1 完成食品抽检600批次')).reply).toContain('已记录：第1条，食品生产科。')
    expect((await e.runtime.store.liveUpdates()).map((u) => u.unit)).toEqual(['食品生产科'])
  })

  it('names the listed members in 未报送 and reminders when the directory is passed', async () => {
    const { e, units, say } = await configured()
    await say('u1', '绑定 城北区局', '李四')
    const { plan, store } = e.runtime
    const opts = { now: e.now(), period: 'month' as const, timezone: TZ }
    const leads = unreportedByLead(plan, await store.liveUpdates(), opts, units)
    expect(leads.filter((u) => u.tasks.includes(4)).map((u) => u.unit)).toEqual(['城南区市场监督管理局', '城北区市场监督管理局'])
    expect(leads.filter((u) => u.tasks.includes(1)).map((u) => u.unit)).toEqual(['食品生产科'])
    const reminder = buildReminder(plan, await store.liveUpdates(), await boundUsers(store, units, plan), opts, units)
    expect(reminder.text).toContain('· 城北区市场监督管理局：第4条 @李四')
    expect(reminder.text).toContain('· 城南区市场监督管理局：第4条（暂无绑定报送人）')
  })
})
