import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFacts } from '../src/core/summary/facts.js'
import { buildLedger, LEDGER_COLUMNS } from '../src/core/summary/ledger.js'
import { writeLedger } from '../src/core/summary/ledger-files.js'
import { buildOverview } from '../src/core/summary/overview.js'
import { type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/**
 * Row heights never clip: the 台账 is rendered to PDF by LibreOffice (what many bureaus open it
 * with) and every cell's text must be in the PDF. A clipped row loses its last lines, so its text
 * would be missing. Long updates in Chinese, mixed with Latin and digits, test the line estimate.
 */

const SOFFICE = '/usr/bin/soffice'
/** Calc's library: LibreOffice without Calc (only Writer installed) cannot open an .xlsx. */
const CALC = '/usr/lib/libreoffice/program/libsclo.so'
const HALF_YEAR = '2023-07-02T12:00:00+08:00'
let env: SummaryRuntime
let dir: string

beforeAll(async () => {
  env = await startSummaryRuntime(HALF_YEAR)
  dir = mkdtempSync(join(tmpdir(), 'gzyd-lo-'))
  await env.say('u1', '我是知识产权促进科的', '张三')
  const long = '组织开展知识产权宣传周活动，走访企业128家，举办培训班6期，培训人员2300人次，发放宣传资料15000份，ABC-2023专项检查同步推进'
  await env.say('u1', `进度 20 截至6月底发明专利申请量1200件，${long}`, '张三')
  await env.say('u1', `进度 28 ${long}；${long}`, '张三')
  await env.say('u1', '进度 22 已完成专利导航', '张三')
})
afterAll(async () => {
  await env.close()
  rmSync(dir, { recursive: true, force: true })
})

async function pdfText(path: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), useSystemFonts: true }).promise
  let text = ''
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent()
    for (const item of content.items) if ('str' in item) text += item.str
  }
  await doc.destroy()
  return text
}

const squeeze = (s: string) => s.replace(/\s+/g, '')

describe.skipIf(!existsSync(SOFFICE) || !existsSync(CALC))('the 台账 rendered by LibreOffice', () => {
  it('shows every character of every cell on every sheet (no row clipped)', async () => {
    const { runtime } = env
    const opts = { now: new Date(HALF_YEAR), timezone: 'Asia/Shanghai', period: 'month' as const }
    const ledger = buildLedger(buildOverview(runtime.plan, await readFacts(runtime.store), opts), opts.timezone)
    const xlsx = await writeLedger(ledger, 'xlsx', join(dir, 'ledger.xlsx'))
    const profile = pathToFileURL(join(dir, 'profile')).href
    const run = spawnSync(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(run.status, run.stderr).toBe(0)
    const text = squeeze(await pdfText(join(dir, 'ledger.pdf')))
    const missing: string[] = []
    const check = (where: string, value: string | number) => {
      const s = squeeze(String(value))
      if (s && !text.includes(s)) missing.push(`${where}: ${s.slice(0, 40)}`)
    }
    for (const row of ledger.rows) for (const c of LEDGER_COLUMNS) check(`台账 第${row.序号}条 ${c}`, row[c])
    for (const row of ledger.history) for (const [k, v] of Object.entries(row)) check(`报送记录 ${k}`, v)
    for (const row of ledger.units) for (const [k, v] of Object.entries(row)) check(`单位报送 ${k}`, v)
    check('title', ledger.title)
    expect(missing).toEqual([])
  }, 180_000)
})
