import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVIDENCE_CAPTION } from '../src/core/message.js'
import { LIGHT_COLOUR } from '../src/core/summary/wording.js'
import { CHROMIUM, type Chromium, launchChromium, VIEWPORTS, type Viewport, watchedPage } from './helpers/chromium.js'
import { PNG } from './helpers/evidence-files.js'
import { ADMIN, LEADER, startWebHarness, type WebHarness } from './helpers/web-door.js'

/**
 * What a leader sees first, in a real headless Chromium, on the mid-year picture of a bureau as of
 * a fixed date (30 June 2023; the clock is 5 July, so a report of 2 July is not in it): the tasks
 * behind at the top with why and their lead unit, linked; counts that link to their lists; one
 * 截至 date; target bars in their own state's colour; phone width without sideways scrolling; the
 * task page with the parts of a report and its 佐证材料, served to the signed-in leader only. And
 * chat, dashboard and 台账 agree on every state and figure.
 */

const AS_OF = '2023-06-30'

let web: WebHarness
let chromium: Chromium
let browser: Browser
const shots = mkdtempSync(join(tmpdir(), 'gzyd-leaders-shots-'))

/** The bureau's first half of 2023, reported as clerks would. */
async function midYear(w: WebHarness): Promise<void> {
  const say = async (iso: string, user: string, text: string, name: string) => {
    w.env.at(iso)
    return w.env.say(user, text, name)
  }
  await say('2023-04-01T09:00:00+08:00', 'u1', '我是知识产权促进科的', '张三')
  await say('2023-04-01T09:00:00+08:00', 'u2', '我是市知识产权保护中心的', '李四')
  await say('2023-04-01T09:00:00+08:00', 'u3', '我是广告科的', '王五')
  await say('2023-04-01T09:00:00+08:00', 'u4', '我是质量发展科的', '赵六')
  await say('2023-04-15T10:00:00+08:00', 'u4', '进度 10 质量奖评选方案已印发', '赵六')
  await say('2023-05-20T10:00:00+08:00', 'u1', '进度 20 发明专利申请量800件', '张三')
  await say('2023-06-10T10:00:00+08:00', 'u3', '进度 9 广告及关联产业经营额10亿元', '王五')
  await say('2023-06-10T10:05:00+08:00', 'u3', '进度 43 截至5月底完成广告监测六千五百条次', '王五')
  await say('2023-06-11T10:00:00+08:00', 'u3', '延期 9 到2024年3月底 统计口径调整', '王五')
  await say(
    '2023-06-25T10:00:00+08:00',
    'u1',
    '进度 20 截至6月底，发明专利申请量1300件，授权量280件。存在问题：授权周期长；下步计划：加强预审服务',
    '张三',
  )
  w.env.at('2023-06-25T10:01:00+08:00')
  await w.env.runtime.bot.handle({
    text: EVIDENCE_CAPTION,
    user: 'u1',
    userName: '张三',
    platform: 'cli',
    messageId: 'photo-1',
    files: [{ name: '申请量统计.png', read: async () => new Uint8Array(PNG) }],
  })
  await say('2023-06-25T10:10:00+08:00', 'u1', '进度 22 市级重点跟踪企业已确定100家，完成走访63家', '张三')
  await say('2023-06-26T10:00:00+08:00', 'u1', '办结 28 宣传周活动已全部完成', '张三')
  await say('2023-06-27T10:00:00+08:00', 'u2', '办结 20 保护中心承担部分已完成', '李四')
  // After the as-of date: not in the picture.
  await say('2023-07-02T10:00:00+08:00', 'u3', '进度 9 广告及关联产业经营额30亿元', '王五')
  w.env.at('2023-07-05T12:00:00+08:00')
}

beforeAll(async () => {
  web = await startWebHarness('2023-07-05T12:00:00+08:00')
  await midYear(web)
  if (!existsSync(CHROMIUM)) return
  chromium = await launchChromium()
  browser = chromium.browser
  process.stderr.write(`leaders' page screenshots: ${shots}\n`)
}, 90_000)

afterAll(async () => {
  await chromium?.close()
  await web?.close()
})

/** A page signed in as a leader (the chat's link, exchanged for the session cookie). */
async function signedInPage(viewport: Viewport): Promise<{ page: Page; errors: string[] }> {
  const watched = await watchedPage(browser, viewport)
  await watched.page.goto(web.linkFor(LEADER), { waitUntil: 'load' })
  return watched
}

const text = (page: Page, selector = 'body') => page.$eval(selector, (e) => e.textContent ?? '')

/** Fill colours of the bars in the version of the targets chart the screen shows. */
function barColours(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('figure[data-chart="targets"] > div')]
    .filter((frame) => getComputedStyle(frame).display !== 'none')
    .flatMap((frame) => [...frame.querySelectorAll('svg path[ecmeta_ssr_type="chart"]:not([ecmeta_silent])')])
    .map((path) => path.getAttribute('fill'))`) as Promise<string[]>
}

describe.skipIf(!existsSync(CHROMIUM))('the leaders’ page at mid-year, in headless Chromium', () => {
  for (const viewport of VIEWPORTS) {
    it(`${viewport.name}: the tasks behind come first, with why and lead unit; one 截至 date; bars in their own colours; no sideways scrolling`, async () => {
      const { page, errors } = await signedInPage(viewport)
      const response = await page.goto(`${web.door.origin}/?asof=${AS_OF}`, { waitUntil: 'load' })
      expect(response?.status()).toBe(200)
      await page.screenshot({ path: join(shots, `overview-${viewport.name}.png`) })

      // The first thing in the page body is the leaders' list, 滞后 first, furthest behind first.
      expect(await page.$eval('main > section', (s) => s.className)).toBe('needs-me')
      const items = await page.$$eval('.needs-me ol.alerts > li', (lis) =>
        lis.map((li) => li.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
      )
      expect(items).toHaveLength(2)
      expect(items[0]).toMatch(/^滞后 第9条 .+ 牵头：广告科 落后序时进度 29\.6 个百分点（广告及关联产业经营额 完成 20%）$/)
      expect(items[1]).toMatch(/^滞后 第20条 .+ 牵头：知识产权促进科 落后序时进度 21\.6 个百分点（发明专利授权量 完成 28%）$/)
      expect(await page.$$eval('.needs-me ol.alerts > li a', (as) => as.map((a) => a.getAttribute('href')))).toEqual([
        `/task/9?asof=${AS_OF}`,
        `/unit/${encodeURIComponent('广告科')}?asof=${AS_OF}`,
        `/task/20?asof=${AS_OF}`,
        `/unit/${encodeURIComponent('知识产权促进科')}?asof=${AS_OF}`,
      ])
      const silent = await text(page, '.needs-me .silent')
      expect(silent).toMatch(/^未报送 连续 2 个及以上周期未报送 59 项：第1条、第2条、/)
      expect(await text(page, '.needs-me .pending')).toBe('待牵头单位确认办结 1 项 · 待审批延期 1 项')

      // One 截至 date on the page (reports may say 截至6月底 in their own words).
      const body = await text(page)
      expect(body.match(/截至\s*\d{4}-\d{2}-\d{2}/g)).toEqual([`截至 ${AS_OF}`])
      expect(body).toContain(`截至 ${AS_OF} · 序时进度 49.6%`)

      // Target bars in their own state's colour: 授权量 28% and 经营额 20% red, the others green.
      const colours = await barColours(page)
      expect(colours.filter((c) => c === LIGHT_COLOUR.red)).toHaveLength(2)
      expect(colours.filter((c) => c === LIGHT_COLOUR.green)).toHaveLength(3)
      expect(colours).toHaveLength(5)

      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'))
      expect(overflow).toBeLessThanOrEqual(1)
      await page.screenshot({ path: join(shots, `overview-${viewport.name}-full.png`), fullPage: true })

      // The whole list, linked from the count: 第10条, reported in April, has been silent two months.
      await page.goto(`${web.door.origin}/tasks/alert?asof=${AS_OF}`, { waitUntil: 'load' })
      const all = await page.$$eval('ol.alerts > li', (lis) => lis.map((li) => li.textContent?.replace(/\s+/g, ' ').trim() ?? ''))
      expect(all).toHaveLength(61)
      expect(all.at(-1)).toMatch(/^未报送 第10条 .+ 牵头：质量发展科 连续 2 个周期未报送$/)
      expect(errors).toEqual([])
      await page.close()
    }, 60_000)
  }

  it('each count is a link to its list, and the lists hold exactly that many tasks', async () => {
    const { page } = await signedInPage(VIEWPORTS[0])
    await page.goto(`${web.door.origin}/?asof=${AS_OF}`, { waitUntil: 'load' })
    const tiles = await page.$$eval('a.tile', (as) =>
      as.map((a) => ({ href: a.getAttribute('href') ?? '', n: Number(a.querySelector('.n')?.textContent) })),
    )
    expect(tiles.map((t) => t.n)).toEqual([2, 0, 59, 3])
    for (const tile of tiles) {
      await page.goto(`${web.door.origin}${tile.href}`, { waitUntil: 'load' })
      const rows = await page.$$eval('table.tasks tbody tr', (trs) => trs.length)
      expect(rows).toBe(tile.n)
    }
    await page.close()
  }, 60_000)

  it('the task page shows the report as written, in its parts, with its 佐证材料 for signed-in leaders only', async () => {
    const { page } = await signedInPage(VIEWPORTS[1])
    await page.goto(`${web.door.origin}/task/20?asof=${AS_OF}`, { waitUntil: 'load' })
    const body = await text(page)
    expect(body).toContain('截至6月底，发明专利申请量1300件，授权量280件。')
    expect(body).toContain('存在问题授权周期长')
    expect(body).toContain('下步计划加强预审服务')
    expect(body).toContain('完成时限未写明（按年底）')
    expect(body).toContain('市知识产权保护中心申请办结，待牵头单位确认')
    expect(body).toContain('发明专利授权量 280件（28%）')
    await page.screenshot({ path: join(shots, 'task-20-phone.png'), fullPage: true })
    const link = await page.$eval('.files a', (a) => a.getAttribute('href') ?? '')
    expect(link).toMatch(/^\/evidence\/\d+$/)
    const file = await page.goto(`${web.door.origin}${link}`)
    expect(file?.status()).toBe(200)
    expect(file?.headers()['content-type']).toBe('image/png')
    expect(Buffer.from((await file?.buffer()) ?? [])).toEqual(PNG)
    const stranger = await browser.createBrowserContext()
    const denied = await (await stranger.newPage()).goto(`${web.door.origin}${link}`)
    expect(denied?.status()).toBe(401)
    await stranger.close()
    await page.close()
  }, 60_000)

  it('chat, dashboard and 台账 agree on every state and figure as of the same date', async () => {
    const chat = await web.env.say(LEADER, `汇总 截至${AS_OF}`)
    expect(chat.headline).toContain('🔴滞后 2 · 🟡关注 0 · ⚪未报送 59 · 🟢正常 3')
    const red = await web.env.say(LEADER, `红灯任务 截至${AS_OF}`)
    expect(red.tasks.map((t) => t.number)).toEqual([9, 20])

    // The 台账 as a leader exports it, read back from the file.
    const exported = await web.env.say(ADMIN, `导出台账 截至${AS_OF}`)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(exported.file?.path ?? '')
    const sheet = book.getWorksheet('台账')
    if (!sheet) throw new Error('no sheet 台账')
    const header = (sheet.getRow(2).values as unknown[]).map(String)
    const ledger = new Map<number, { state: string; figure: string }>()
    sheet.eachRow((row, n) => {
      if (n < 3) return
      const cell = (name: string) => String(row.getCell(header.indexOf(name)).value ?? '')
      ledger.set(Number(cell('序号')), { state: cell('状态'), figure: cell('完成度') })
    })
    expect(ledger.size).toBe(64)

    // Every task as the dashboard's lists show it.
    const { page } = await signedInPage(VIEWPORTS[0])
    const dashboard = new Map<number, { state: string; figure: string }>()
    for (const list of ['red', 'yellow', 'grey', 'green']) {
      await page.goto(`${web.door.origin}/tasks/${list}?asof=${AS_OF}`, { waitUntil: 'load' })
      const rows = await page.$$eval('table.tasks tbody tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.firstElementChild?.textContent ?? td.textContent ?? '')),
      )
      for (const cells of rows)
        dashboard.set(Number(cells[0]?.replace(/\D/g, '')), { state: cells[3] ?? '', figure: cells[4] === '—' ? '' : (cells[4] ?? '') })
    }
    await page.close()
    expect(dashboard.size).toBe(64)
    for (const [task, row] of ledger)
      expect(dashboard.get(task), `第${task}条`).toEqual({ state: row.state, figure: row.figure === '未报数字' ? '未报数字' : row.figure })
    expect(ledger.get(28)?.state).toBe('已办结')
    expect(ledger.get(20)).toEqual({ state: '滞后', figure: '28%（发明专利授权量；4 项目标 2 项已报）' })
    expect(ledger.get(9)?.figure).toBe('20%（广告及关联产业经营额；2 项目标 1 项已报）')
  }, 90_000)
})
