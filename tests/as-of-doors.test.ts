import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { overviewPage } from '../src/adapters/web/pages/overview.js'
import { pageContext } from '../src/adapters/web/server.js'
import { countsLine } from '../src/core/summary/wording.js'
import { ROOT } from './helpers/plan.js'
import { ADMIN, type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/**
 * The as-of date at the other doors: the dashboard's ?asof= and `npm run export -- --as-of` use the
 * same core functions as 「汇总 截至…」, and a plan whose year is over says so on the page and in the 台账.
 */

let env: SummaryRuntime

beforeAll(async () => {
  env = await startSummaryRuntime('2023-06-20T10:00:00+08:00')
  await env.say(ADMIN, '进度 20 截至6月底发明专利申请量1200件')
  env.at('2023-07-05T10:00:00+08:00')
  await env.say(ADMIN, '进度 21 已完成')
  env.at('2026-12-01T10:00:00+08:00')
})
afterAll(() => env.close())

const source = () => ({ ...env.runtime.context, settings: env.runtime.context.settings })

describe('dashboard', () => {
  it('today: the year is over, shown as such, judged on 31 December', async () => {
    const ctx = await pageContext(source(), null)
    expect(ctx.overview.yearNotice).toBe('2023年度已结束，以下为年度最终状态。')
    // Silence is not red once the year is over; 第20条's 60% of its target at year end is.
    expect(ctx.overview.states.filter((s) => s.light === 'red').map((s) => s.task.number)).toEqual([20])
    const page = String(overviewPage(ctx))
    expect(page).toContain('<p class="year-notice">2023年度已结束，以下为年度最终状态。</p>')
    // One 截至 date on the page: the as-of day (a 补报 counts only from its own date on); the notice names none.
    expect(page.match(/截至 (?:<strong>)?\d{4}-\d{2}-\d{2}/g)).toEqual(['截至 <strong>2026-12-01'])
  })

  it('?asof=2023-06-30 gives the numbers 「汇总 截至6月30日」 gives', async () => {
    const ctx = await pageContext(source(), '2023-06-30')
    const chat = await env.say('leader', '汇总 截至6月30日')
    expect(ctx.overview.asOf).toBe('2023-06-30')
    expect(ctx.overview.yearNotice).toBe('')
    expect(chat.headline).toContain(`截至 2023-06-30，序时进度 ${ctx.overview.elapsed}%`)
    expect(chat.headline).toContain(countsLine(ctx.overview.counts))
  })
})

describe('npm run export -- --as-of', () => {
  const run = (args: string[]) =>
    spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'src/tools/export.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', BOT_DB: join(env.dir, 'bot.db') },
    })

  /** The title cell of the 台账 sheet and the status cell of a task's row. */
  async function readLedger(file: string, task: number): Promise<{ title: string; status: string }> {
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    const sheet = book.getWorksheet('台账')
    const rows = sheet?.getSheetValues() ?? []
    const header = (rows[2] as unknown[]).map(String)
    const row = rows.find((r) => Array.isArray(r) && r[1] === task) as unknown[]
    return { title: String(rows[1]?.[1 as never] ?? ''), status: String(row[header.indexOf('状态')]) }
  }

  it('writes the 台账 as it stood that evening', async () => {
    const out = join(env.dir, 'mid-year.xlsx')
    const result = run(['--out', out, '--as-of', '2023-06-30'])
    expect(result.status).toBe(0)
    const { title, status } = await readLedger(out, 21)
    expect(title).toContain('截至 2023-06-30')
    expect(title).not.toContain('2023年度已结束')
    expect(status).not.toContain('已完成')
  })

  it('today the 台账 says the year is over', async () => {
    const out = join(env.dir, 'final.xlsx')
    expect(run(['--out', out]).status).toBe(0)
    const { title, status } = await readLedger(out, 21)
    expect(title).toContain('2023年度已结束，以下为年度最终状态')
    expect(title.match(/截至 \d{4}-\d{2}-\d{2}/g)).toHaveLength(1)
    // Reported done, never 办结: the 台账 does not count it as finished.
    expect(status).toBe('正常')
  })

  it('refuses a date it cannot read', () => {
    const bad = run(['--format', 'md', '--as-of', '6月30日'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('--as-of 需要日期 YYYY-MM-DD')
    const impossible = run(['--format', 'md', '--as-of', '2023-02-30'])
    expect(impossible.status).toBe(2)
    expect(impossible.stderr).toContain('没有这一天')
  })
})
