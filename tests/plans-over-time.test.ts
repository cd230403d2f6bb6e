import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { channelsOf } from '../src/adapters/chat/every-plan.js'
import { startWebAdapter } from '../src/adapters/web/start.js'
import { planCheckIns } from '../src/core/summary/check-in-schedule.js'
import { currentReminder } from '../src/core/summary/reminder-schedule.js'
import { type AskingRuntime, type PlansFolder, plan2024, plansFolder } from './helpers/plans-over-time.js'

/**
 * Plans over time, end to end on real files: progress logged on the 2023 plan stays on its 2023
 * tasks after a 2024 plan with overlapping numbers joins it and the bot restarts; questions go to
 * the plan they name, else the newest; answers say which plan they quote.
 */

let folder: PlansFolder
const running: AskingRuntime[] = []

async function start(at: string, env?: Record<string, string>): Promise<AskingRuntime> {
  const rt = await folder.start(at, env)
  running.push(rt)
  return rt
}

async function stop(rt: AskingRuntime): Promise<void> {
  await rt.close()
  running.splice(running.indexOf(rt), 1)
}

afterEach(async () => {
  for (const rt of running.splice(0)) await rt.close()
  rmSync(folder.dir, { recursive: true, force: true })
})

describe('a 2024 plan joins the 2023 plan', () => {
  it('keeps every 2023 update on its 2023 task across the restart, and answers 2024 questions from 2024', async () => {
    folder = plansFolder()
    let rt = await start('2023-06-20T10:00:00+08:00')
    expect(rt.plans.size).toBe(1)
    expect((await rt.ask('绑定 知识产权促进科')).reply).toContain('已绑定')
    const logged = await rt.ask('进度 20 截至6月发明专利申请量1200件')
    expect(logged.reply).toContain('已记录')
    expect(logged.plan).toBeUndefined() // one plan: answers do not name it
    expect((await rt.ask('第20条进展')).reply).toContain('1200件')
    await stop(rt)

    folder.addPlan2024()
    rt = await start('2024-03-01T10:00:00+08:00')
    expect(rt.plans.size).toBe(2)
    expect(rt.plans.default.identity.year).toBe(2024)

    // Unnamed: the newest plan. Its task 20 is another task, with no progress.
    const now = await rt.ask('第20条进展')
    expect(now.reply).toMatch(/^〔津市市市场监督管理局2024年工作要点〕/)
    expect(now.reply).toContain('质量发展科')
    expect(now.reply).not.toContain('1200件')
    expect(now.plan).toBe(rt.plans.default.identity.key)

    // Named: the 2023 plan, with the update logged on it.
    const old = await rt.ask('2023年第20条进展')
    expect(old.reply).toMatch(/^〔2023年全市市场监管工作要点〕/)
    expect(old.reply).toContain('1200件')
    expect(old.reply).toContain('知识产权促进科')
    expect((await rt.ask('去年的第20条谁牵头')).reply).toContain('知识产权促进科')
    expect((await rt.ask('第20条谁牵头')).reply).toContain('质量发展科')

    // The store holds the update under the 2023 plan's key, and the 2024 view sees none.
    const key2023 = rt.plans.plans.find((p) => p.identity.year === 2023)?.identity.key as string
    expect((await rt.store.updatesForTask(20, { plan: key2023 })).map((u) => u.text)).toEqual(['截至6月发明专利申请量1200件'])
    expect(await rt.plans.default.value.store.updatesForTask(20)).toEqual([])

    // A report now goes to the 2024 task 20 (the clerk's unit does not lead it: refused, nothing stored).
    const refused = await rt.ask('进度 20 完成质量标杆企业培育1家')
    expect(refused.reply).toContain('未记录')
    expect(await rt.store.liveUpdates()).toHaveLength(1)
    // Named, it is stored on the 2023 task.
    const late = await rt.ask('进度 2023年第20条 截至年底发明专利申请量2100件')
    // After its year a report on the 2023 plan is a 补报: stored with its real date, and the reply says so.
    expect(late.reply).toMatch(/^〔2023年全市市场监管工作要点〕\n已记录（补报）：第20条/)
    expect(late.reply).toContain('2023年度已结束，这是补报：按实际报送日期 2024-03-01 记录')
    expect(await rt.store.updatesForTask(20, { plan: key2023 })).toHaveLength(2)
    await stop(rt)

    // Restart again: nothing moved.
    rt = await start('2024-03-02T10:00:00+08:00')
    for (const u of await rt.store.liveUpdates()) expect(u.plan).toBe(key2023)
    const both = (await rt.ask('2023年第20条进展')).reply
    expect(both).toContain('1200件')
    expect(both).toContain('2100件')
    expect((await rt.ask('第20条进展')).reply).toContain('暂无进度报送')
  })

  it('lists the plans, says which answers by default, and says when a named plan is not loaded', async () => {
    folder = plansFolder()
    folder.addPlan2024()
    const rt = await start('2024-05-01T10:00:00+08:00')
    const list = await rt.ask('有哪些工作要点')
    expect(list.intent).toBe('plans')
    expect(list.reply).toContain('2 份工作要点')
    expect(list.reply).toContain('《2023年全市市场监管工作要点》（常德市市场监督管理局）：64 条任务')
    expect(list.reply).toMatch(/《津市市市场监督管理局2024年工作要点》（默认[^）]*）：24 条任务/)
    expect(list.reply).toContain('年度已结束')
    expect(list.reply).toContain('执行中')
    const missing = await rt.ask('2025年第3条是什么')
    expect(missing.intent).toBe('not_found')
    expect(missing.reply).toContain('没有2025年的工作要点')
    expect(missing.reply).toContain('《2023年全市市场监管工作要点》')
  })

  it('finds a plan by its issuer, keeps a follow-up in the plan it follows, and ties a room to a plan', async () => {
    folder = plansFolder()
    folder.addPlan2024()
    const rt = await start('2024-05-01T10:00:00+08:00', { BOT_ROOM_PLANS: 'cli:old-room=2023' })
    expect((await rt.ask('常德局的第20条谁牵头')).reply).toContain('知识产权促进科')
    // 「配合单位呢」 follows the 2023 question, though the default plan is 2024.
    const follow = await rt.ask('配合单位呢')
    expect(follow.reply).toMatch(/^〔2023年/)
    expect(follow.reply).toContain('市知识产权保护中心')
    // A new question is not a follow-up: it goes to the default plan again.
    expect((await rt.ask('电梯排查的目标是多少')).reply).toMatch(/^〔津市市市场监督管理局2024年工作要点〕[\s\S]*800台/)
    expect((await rt.ask('津市局的工作要点里第3条是什么')).reply).toContain('专利转化')
    // 催报 of a plan go to the reminder rooms not tied to another plan.
    const old = rt.plans.plans.find((p) => p.identity.year === 2023)?.value
    expect(channelsOf(rt, 'cli', ['old-room', 'all'], rt.plans.default.value)).toEqual(['all'])
    expect(old && channelsOf(rt, 'cli', ['old-room', 'all'], old)).toEqual(['old-room', 'all'])
    // The tied room asks the 2023 plan without naming it; another room gets the default.
    expect((await rt.ask('第20条谁牵头', 'cli:other', 'old-room')).reply).toContain('知识产权促进科')
    expect((await rt.ask('第20条谁牵头', 'cli:other', 'new-room')).reply).toContain('质量发展科')
  })

  it('refuses at start a default plan that names no loaded plan, listing what is loaded', async () => {
    folder = plansFolder()
    folder.addPlan2024()
    await expect(folder.start('2024-05-01T10:00:00+08:00', { BOT_DEFAULT_PLAN: '2022' })).rejects.toThrow(
      /BOT_DEFAULT_PLAN=2022 没有对应的工作要点。已载入：.*jinshi-2024\.txt/,
    )
    const rt = await start('2024-05-01T10:00:00+08:00', { BOT_DEFAULT_PLAN: '2023' })
    expect(rt.plans.default.identity.year).toBe(2023)
    expect((await rt.ask('第20条谁牵头')).reply).toContain('知识产权促进科')
  })
})

describe('a corrected version of a plan replaces its file', () => {
  it('keeps progress on tasks that still exist and reports, by number, those that no longer match', async () => {
    folder = plansFolder()
    folder.addPlan2024()
    let rt = await start('2024-04-01T10:00:00+08:00')
    for (const unit of ['知识产权促进科', '质量发展科', '登记注册科', '广告监管科']) {
      await rt.ask(`绑定 ${unit}`, `cli:${unit}`)
    }
    expect((await rt.ask('进度 3 发明专利授权量40件', 'cli:知识产权促进科')).reply).toContain('已记录')
    expect((await rt.ask('进度 4 培育质量标杆企业1家', 'cli:质量发展科')).reply).toContain('已记录')
    expect((await rt.ask('进度 24 监测户外广告50块', 'cli:登记注册科')).reply).toContain('未记录')
    expect((await rt.ask('进度 24 监测户外广告50块', 'cli:广告监管科')).reply).toContain('已记录')
    expect((await rt.ask('进度 1 平均办理时间压缩到2个工作日', 'cli:登记注册科')).reply).toContain('已记录')
    await stop(rt)

    // The corrected file: task 1 reworded slightly, task 4 replaced by other work, task 3 unchanged,
    // and the last task dropped. Same title, so the same plan.
    folder.addPlan2024(
      plan2024((n, line) => {
        if (n === 1) return line.replace('全程网办', '全程网上办理')
        if (n === 4) return '4.开展计量器具强制检定专项行动，检定计量器具5000台件。（责任单位：质量发展科）'
        return n === 24 ? null : line
      }),
    )
    rt = await start('2024-04-02T10:00:00+08:00')
    const key = rt.plans.default.identity.key
    const record = await rt.store.plans.get(key)
    expect(record?.change).toMatchObject({ previousFile: 'jinshi-2024.txt', gone: [24], altered: [4] })
    // Nothing is dropped: the update on the removed task 24 is still stored under the plan.
    expect((await rt.store.liveUpdates({ plan: key })).map((u) => u.task)).toEqual([3, 4, 24, 1])
    expect((await rt.ask('第3条进展')).reply).toContain('40件')
    expect((await rt.ask('第1条进展')).reply).toContain('2个工作日')
    expect((await rt.ask('第4条进展')).reply).toContain('⚠ 第4条在新版工作要点中内容已变更，以上进展报送于旧版')
    expect((await rt.ask('第3条进展')).reply).not.toContain('⚠')
    const list = await rt.ask('有哪些工作要点')
    expect(list.reply).toContain('⚠ 文件已更新')
    expect(list.reply).toContain('第4条内容已不同')
    expect(list.reply).toContain('第24条在新版中已没有')
    expect(list.reply).not.toMatch(/第1条内容已不同|第3条内容已不同/)
  })
})

describe('bindings and bureaus', () => {
  it('does not let a unit of one bureau report on the same-named unit’s task of another bureau', async () => {
    folder = plansFolder()
    folder.addPlan2024()
    const rt = await start('2024-04-01T10:00:00+08:00', { BOT_ADMINS: 'cli:boss' })
    // Bound under the default plan (津市局's): its 知识产权促进科.
    expect((await rt.ask('绑定 知识产权促进科', 'cli:county')).reply).toContain('已绑定')
    const refused = await rt.ask('进度 2023年第20条 发明专利申请量300件', 'cli:county')
    expect(refused.reply).toContain(
      '你绑定的是津市市市场监督管理局的「知识产权促进科」，不能报送《2023年全市市场监管工作要点》的任务。未记录。',
    )
    expect(await rt.store.liveUpdates()).toEqual([])
    expect((await rt.store.auditTrail()).find((e) => e.action === 'log_progress')?.reason).toBe('bound under another bureau’s plan')
    expect((await rt.ask('进度 3 发明专利授权量40件', 'cli:county')).reply).toContain('已记录')
    // Reminders of the 2023 plan do not count the county clerk among the city unit's clerks.
    const city = rt.plans.plans.find((p) => p.identity.year === 2023)?.value
    expect(await city?.store.usersOfUnit('知识产权促进科')).toEqual([])
    expect((await rt.plans.default.value.store.usersOfUnit('知识产权促进科')).map((b) => b.user)).toEqual(['cli:county'])
    // An admin may report for any plan.
    expect((await rt.ask('进度 2023年第20条 代报：发明专利申请量300件', 'cli:boss')).reply).not.toContain('你绑定的是')
  })
})

describe('a plan whose key changes', () => {
  it('keeps its progress when its side file changes the issuer', async () => {
    folder = plansFolder()
    folder.addPlan2024()
    let rt = await start('2024-04-01T10:00:00+08:00')
    // A city clerk binds under the city's plan by naming it.
    expect((await rt.ask('常德局的工作要点 绑定 知识产权促进科')).reply).toContain('已绑定')
    expect((await rt.ask('进度 2023年第20条 全年发明专利申请量2100件')).reply).toContain('已记录')
    const before = rt.plans.plans.find((p) => p.identity.year === 2023)?.identity.key
    await stop(rt)
    writeFileSync(join(folder.seeds, 'changde-market-supervision-2023.txt.meta.json'), '{"issuer":"常德市市场监督管理局（本级）"}\n')
    rt = await start('2024-04-02T10:00:00+08:00')
    const after = rt.plans.plans.find((p) => p.identity.year === 2023)?.identity.key as string
    expect(after).not.toBe(before)
    expect((await rt.store.liveUpdates()).map((u) => u.plan)).toEqual([after])
    expect((await rt.store.getBinding('cli:clerk'))?.plan).toBe(after)
    expect((await rt.ask('2023年第20条进展')).reply).toContain('2100件')
    expect((await rt.store.auditTrail()).some((e) => e.action === 'rekey')).toBe(true)
  })
})

describe('leaders’ views of several plans', () => {
  it('exports the plan asked about, and the dashboard opens it with links to the others', async () => {
    folder = plansFolder()
    folder.addPlan2024()
    const rt = await start('2024-05-01T10:00:00+08:00', {
      BOT_ADMINS: 'cli:boss',
      BOT_WEB_SECRET: 'plans-secret-0123456789',
      BOT_WEB_URL: 'http://127.0.0.1:1',
    })
    const exported = await rt.ask('2023年导出台账', 'cli:boss')
    expect(exported.reply).toMatch(/^〔2023年全市市场监管工作要点〕/)
    expect(exported.file?.name).toMatch(/^台账-2023-\d{8}-\d{6}\.xlsx$/)
    expect(readdirSync(join(folder.dir, 'exports'))).toEqual([exported.file?.name])

    const door = await startWebAdapter(rt, { host: '127.0.0.1', port: 0, print: () => {} })
    try {
      const asked = await rt.ask('2023年看板', 'cli:boss')
      const link = new URL(asked.link?.url as string)
      const key2023 = rt.plans.plans.find((p) => p.identity.year === 2023)?.identity.key as string
      expect(link.searchParams.get('plan')).toBe(key2023)
      const opened = await fetch(`${door.origin}${link.pathname}${link.search}`, { redirect: 'manual' })
      expect(opened.status).toBe(303)
      const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] as string
      const page = await fetch(`${door.origin}${opened.headers.get('location')}`, { headers: { cookie } })
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('<h1>2023年全市市场监管工作要点</h1>')
      expect(html).toContain('2023年度已结束')
      expect(html).toMatch(/<a href="\/">《津市市市场监督管理局2024年工作要点》<\/a>/)
      expect(html).toContain(`name="plan" value="${key2023}"`)
      const unknown = await fetch(`${door.origin}/?plan=nope`, { headers: { cookie } })
      expect(unknown.status).toBe(404)
      const home = await (await fetch(`${door.origin}/`, { headers: { cookie } })).text()
      expect(home).toContain('<h1>津市市市场监督管理局2024年工作要点</h1>')
    } finally {
      await door.stop()
    }
  })
})

describe('check-ins with several plans', () => {
  it('come only from plans in their year, name their plan, and carry a command that reaches it', async () => {
    folder = plansFolder()
    folder.addPlan2024()
    const rt = await start('2024-07-25T09:30:00+08:00')
    await rt.store.putBinding({
      user: 'wechat:w1',
      unit: '知识产权促进科',
      status: 'approved',
      userName: '李四',
      requestedAt: '2024-07-01T00:00:00Z',
      approvedBy: null,
    })
    const settings = { cron: '0 9 25 * *', nudgeDays: 3, leadersChannel: undefined }
    const old = rt.plans.plans.find((p) => p.identity.year === 2023)?.value
    expect(old && (await planCheckIns(old, settings, null)).notice).toBe('2023年度已结束。')
    const current = await planCheckIns(rt.plans.default.value, settings, null)
    expect(current.due).toBe('check-in')
    const text = current.messages.find((m) => m.to === 'direct')?.text ?? ''
    expect(text.split('\n')[0]).toBe('〔津市市市场监督管理局2024年工作要点〕')
    expect(text).toContain('→ 回复「进度 2024年第3条 进展内容」')
    expect(text).not.toContain('进度 3 进展内容')
    const reminder = (await currentReminder(rt.plans.default.value)).text
    expect(reminder.split('\n').slice(0, 2).join('\n')).toMatch(/^〔津市市市场监督管理局2024年工作要点〕\n【催报】本月/)
    expect(reminder).toContain('「进度 2024年第N条 进展内容」')
    // The clerk answers with the command as given: it lands on the 2024 task 3.
    const answered = await rt.bot.handle({ text: '进度 2024年第3条 发明专利授权量60件', user: 'wechat:w1', platform: 'wechat' })
    expect(answered.reply).toContain('已记录：第3条')
    expect((await rt.plans.default.value.store.updatesForTask(3)).map((u) => u.text)).toEqual(['发明专利授权量60件'])
  })
})
