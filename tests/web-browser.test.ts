import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFacts } from '../src/core/summary/facts.js'
import { buildOverview } from '../src/core/summary/overview.js'
import { CHROMIUM, type Chromium, launchChromium, VIEWPORTS, type Viewport, watchedPage } from './helpers/chromium.js'
import { LEADER, startWebHarness, type WebHarness } from './helpers/web-door.js'

/**
 * The dashboard in a real headless Chromium (the Debian package; .ci/run installs it): pages load
 * with 200 and no console errors under the strict CSP, charts are inline SVG with one bar per
 * value, the plan's Chinese text shows, desktop and phone widths fit, and an update holding
 * <script> and <img onerror> runs nothing. Screenshots go to a temp folder named in the log.
 */

const HALF_YEAR = '2023-07-02T12:00:00+08:00'
const XSS = '进度 21 <script>window.__xss=1</script><img src=x onerror="window.__xss=2">已开展宣传'

let web: WebHarness
let chromium: Chromium
let browser: Browser
const shots = mkdtempSync(join(tmpdir(), 'gzyd-dashboard-shots-'))

beforeAll(async () => {
  web = await startWebHarness(HALF_YEAR)
  await web.env.say('u1', '我是知识产权促进科的', '张三')
  await web.env.say('u1', '进度 20 截至6月底发明专利申请量1200件', '张三')
  await web.env.say('u1', XSS, '张三')
  chromium = await launchChromium()
  browser = chromium.browser
  process.stderr.write(`dashboard screenshots: ${shots}\n`)
}, 60_000)

afterAll(async () => {
  await chromium?.close()
  await web?.close()
})

/** A page that records console errors, page errors and dialogs. */
const watched = (viewport: Viewport) => watchedPage(browser, viewport)

/**
 * Bars drawn in the version of a chart the screen shows (each chart comes wide and narrow, one
 * hidden by the stylesheet): ECharts marks data shapes ecmeta_ssr_type="chart" (legend swatches are
 * "legend"); the 序时进度 line is silent.
 */
function bars(page: Page, chart: string): Promise<number> {
  return page.evaluate(`[...document.querySelectorAll('figure[data-chart="${chart}"] > div')]
    .filter((frame) => getComputedStyle(frame).display !== 'none')
    .flatMap((frame) => [...frame.querySelectorAll('svg path[ecmeta_ssr_type="chart"]:not([ecmeta_silent])')]).length`) as Promise<number>
}

async function overviewNow() {
  const { runtime } = web.env
  const s = runtime.context.settings
  return buildOverview(runtime.plan, await readFacts(runtime.store), {
    now: web.env.now(),
    timezone: s.timezone,
    period: s.reportPeriod,
    alertPeriods: s.silentPeriods,
  })
}

describe.skipIf(!existsSync(CHROMIUM))('the dashboard in headless Chromium', () => {
  for (const viewport of VIEWPORTS) {
    it(`overview and a task page at ${viewport.name} width: 200, no console errors, SVG bars, Chinese text`, async () => {
      const { page, errors } = await watched(viewport)
      const response = await page.goto(web.linkFor(LEADER), { waitUntil: 'load' })
      expect(response?.status()).toBe(200)
      expect(page.url()).toBe(`${web.door.origin}/`)
      const text = await page.$eval('body', (b) => b.textContent ?? '')
      expect(text).toContain('2023年全市市场监管工作要点')
      expect(text).toContain('序时进度 50%')
      const o = await overviewNow()
      const sectionBars = o.sections.reduce((n, s) => n + Object.values(s.counts).filter((c) => c > 0).length, 0)
      expect(await bars(page, 'sections')).toBe(sectionBars)
      expect(await bars(page, 'targets')).toBe(o.targets.filter((t) => t.attainment !== null).length)
      // Three charts, each drawn wide and narrow; the screen shows one of each.
      expect(await page.$$eval('figure.chart svg', (s) => s.length)).toBe(6)
      expect(
        await page.evaluate(
          `[...document.querySelectorAll('figure.chart svg')].filter((svg) => svg.getBoundingClientRect().width > 0).length`,
        ),
      ).toBe(3)
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'))
      expect(overflow).toBeLessThanOrEqual(1)
      await page.screenshot({ path: join(shots, `overview-${viewport.name}.png`), fullPage: true })

      const task = await page.goto(`${web.door.origin}/task/20`, { waitUntil: 'load' })
      expect(task?.status()).toBe(200)
      const taskText = await page.$eval('body', (b) => b.textContent ?? '')
      expect(taskText).toContain('发明专利申请量')
      expect(taskText).toContain('张三')
      expect(await bars(page, 'targets')).toBe(1)
      await page.screenshot({ path: join(shots, `task-20-${viewport.name}.png`), fullPage: true })
      expect(errors).toEqual([])
      expect(existsSync(join(shots, `overview-${viewport.name}.png`))).toBe(true)
      await page.close()
    }, 60_000)
  }

  it('an update with <script> and <img onerror> is shown as text and runs nothing', async () => {
    const { page, errors } = await watched(VIEWPORTS[0])
    await page.goto(web.linkFor(LEADER), { waitUntil: 'load' })
    for (const path of ['/task/21', '/']) {
      const response = await page.goto(`${web.door.origin}${path}`, { waitUntil: 'load' })
      expect(response?.status()).toBe(200)
      expect(await page.evaluate('window.__xss')).toBeUndefined()
      expect(await page.$$eval('script, img', (els) => els.length)).toBe(0)
      expect(await page.$eval('body', (b) => b.textContent ?? '')).toContain('<script>window.__xss=1</script>')
    }
    expect(errors).toEqual([])
    await page.close()
  }, 60_000)

  it('a browser without the link gets 401', async () => {
    const context = await browser.createBrowserContext()
    const page = await context.newPage()
    const response = await page.goto(`${web.door.origin}/task/20`)
    expect(response?.status()).toBe(401)
    expect(await page.$eval('body', (b) => b.textContent ?? '')).toContain('看板链接无效或已过期')
    await context.close()
  }, 30_000)
})
