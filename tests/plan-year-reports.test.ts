import { afterEach, describe, expect, it } from 'vitest'
import { readFacts } from '../src/core/summary/facts.js'
import { buildLedger } from '../src/core/summary/ledger.js'
import { buildOverview } from '../src/core/summary/overview.js'
import { type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/**
 * The plan year is respected: a report before 2023 is refused with the reason; one after it is a
 * 补报, stored with its real date, marked in every view and counted only from that date on. And
 * what users wrote is what leaders see: their own punctuation, their display names (never ids).
 */

const TZ = 'Asia/Shanghai'
let env: SummaryRuntime | undefined
afterEach(async () => {
  await env?.close()
  env = undefined
})

async function ledgerAt(e: SummaryRuntime, at: Date) {
  const facts = await readFacts(e.runtime.store)
  return buildLedger(buildOverview(e.runtime.plan, facts, { now: at, timezone: TZ, period: 'month' }), TZ)
}

describe('before the plan year', () => {
  it('refuses a report with the reason, stores nothing and audits the refusal', async () => {
    env = await startSummaryRuntime('2022-12-15T10:00:00+08:00')
    await env.say('u1', '我是知识产权促进科的', '张三')
    const reply = await env.say('u1', '进度 20 发明专利申请量100件', '张三')
    expect(reply.progress).toBeUndefined()
    expect(reply.reply).toBe('《2023年全市市场监管工作要点》是2023年度的工作要点，2023年1月1日起才能报送进度。未记录。')
    expect(await env.runtime.store.liveUpdates()).toEqual([])
    expect((await env.runtime.store.auditTrail(1))[0]).toMatchObject({ user: 'u1', allowed: false, reason: 'before the plan year' })
  })
})

describe('after the plan year: 补报', () => {
  it('is stored with its real date, said so in the reply, and counted only from that date on', async () => {
    env = await startSummaryRuntime('2023-06-20T10:00:00+08:00')
    await env.say('u3', '我是广告科的', '王五')
    await env.say('u3', '进度 43 截至5月底完成广告监测六千五百条次', '王五')
    env.at('2024-01-10T09:30:00+08:00')
    const reply = await env.say('u3', '进度 43 补报：截至12月底累计完成广告监测一万零五百条次', '王五')
    expect(reply.progress?.task).toBe(43)
    expect(reply.reply).toMatch(/^已记录（补报）：第43条，广告科（王五）。\n/)
    expect(reply.reply).toContain('这是补报：按实际报送日期 2024-01-10 记录并标注「补报」，只计入截至 2024-01-10 及以后的汇总、看板和台账')
    const stored = (await env.runtime.store.updatesForTask(43))[0]
    expect(stored?.at).toBe(new Date('2024-01-10T09:30:00+08:00').toISOString())

    // As of the year's end the 补报 is not known: the final status is May's 65%.
    const yearEnd = await env.say('leader', '汇总 截至2023年12月31日')
    expect(yearEnd.headline).toContain('截至 2023-12-31，序时进度 100%')
    expect(yearEnd.reply).not.toContain('补报')
    const atYearEnd = await ledgerAt(env, new Date('2023-12-31T23:00:00+08:00'))
    expect(atYearEnd.rows.find((r) => r.序号 === 43)).toMatchObject({ 最新进展: '截至5月底完成广告监测六千五百条次', 状态: '滞后' })

    // Now it is: counted, and marked in the chat, the 台账 and its history.
    const now = await env.say('leader', '汇总')
    expect(now.headline).toContain('2023年度已结束，以下为年度最终状态（含年度结束后的补报 1 条）。截至 2024-01-10')
    expect(now.sections?.find((s) => s.title.startsWith('补报 1 条'))?.lines).toEqual(['第43条 广告科 ［补报 2024-01-10］'])
    const ledger = await ledgerAt(env, new Date('2024-01-10T12:00:00+08:00'))
    const row = ledger.rows.find((r) => r.序号 === 43)
    expect(row?.最新进展).toBe('［补报 2024-01-10］补报：截至12月底累计完成广告监测一万零五百条次')
    expect(row?.完成度).toBe('105%（完成广告监测）')
    expect(row?.状态).toBe('正常')
    expect(ledger.history.filter((h) => h.序号 === 43).map((h) => h.备注)).toEqual(['', '补报 2024-01-10'])
    expect((await env.say('u3', '第43条进展如何')).reply).toContain('［补报 2024-01-10］')
  })
})

describe('what they wrote is what they see', () => {
  it('keeps full-width punctuation, shows display names and never a user id', async () => {
    env = await startSummaryRuntime('2023-06-20T10:00:00+08:00')
    await env.say('u1', '我是知识产权促进科的', '张三')
    await env.say('u1', '进度 20 截至6月底：发明专利申请量1200件（含PCT申请），授权量300件。', '张三')
    // A door that gives no display name: the binding's name is used; with none at all, nobody is named.
    await env.say('u9', '我是广告科的')
    await env.say('u9', '进度 9 广告及关联产业经营额20亿元')
    const ledger = await ledgerAt(env, env.now())
    expect(ledger.rows.find((r) => r.序号 === 20)).toMatchObject({
      最新进展: '截至6月底：发明专利申请量1200件（含PCT申请），授权量300件。',
      报送人: '张三',
      完成时限: '未写明（按年底）',
    })
    expect(ledger.rows.find((r) => r.序号 === 9)).toMatchObject({ 报送单位: '广告科', 报送人: '' })
    const everything = JSON.stringify(ledger)
    expect(everything).not.toMatch(/"u9"|"u1"|cli:/)
    expect(ledger.rows.every((r) => r.完成时限 === '未写明（按年底）')).toBe(true)
    const audit = await env.runtime.store.auditTrail(20)
    expect(audit.some((a) => a.user === 'u9' && a.action === 'log_progress')).toBe(true)
    const read = await env.say('u2', '第20条进展如何')
    expect(read.reply).toContain('截至6月底：发明专利申请量1200件（含PCT申请），授权量300件。')
  })
})
