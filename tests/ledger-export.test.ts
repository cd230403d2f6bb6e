import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../src/boot.js'
import { readFacts } from '../src/core/summary/facts.js'
import {
  buildLedger,
  HISTORY_COLUMNS,
  LEDGER_COLUMNS,
  type Ledger,
  type LedgerRow,
  ledgerRows,
  UNIT_COLUMNS,
} from '../src/core/summary/ledger.js'
import { csvCell, ledgerFileName, writeLedger } from '../src/core/summary/ledger-files.js'
import { buildOverview } from '../src/core/summary/overview.js'
import { ADMIN, type SummaryRuntime, startSummaryRuntime } from './helpers/summary-runtime.js'

/** The 台账: rows from the real plan and store, the xlsx read back with exceljs, CSV, Markdown and `npm run export`. */

const TZ = 'Asia/Shanghai'
const HALF_YEAR = '2023-07-02T12:00:00+08:00'
let env: SummaryRuntime
let rows: LedgerRow[]
let ledger: Ledger

beforeAll(async () => {
  env = await startSummaryRuntime(HALF_YEAR)
  await env.say('u1', '我是知识产权促进科的', '张三')
  await env.say('u1', '进度 20 截至6月底发明专利申请量1200件', '张三')
  await env.say('u1', '进度 21 =HYPERLINK("http://x","点此")，内容含"引号"、逗号,和|竖线', '张三')
  const opts = { now: new Date(HALF_YEAR), timezone: TZ, period: 'month' as const }
  const facts = await readFacts(env.runtime.store)
  rows = ledgerRows(env.runtime.plan, facts, opts)
  ledger = buildLedger(buildOverview(env.runtime.plan, facts, opts), TZ)
})
afterAll(() => env.close())

/** A minimal RFC 4180 reader (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  let i = 0
  while (i < text.length) {
    const ch = text[i]
    const next = text[i + 1]
    i++
    if (quoted && ch === '"' && next === '"') {
      field += '"'
      i++
    } else if (ch === '"') quoted = !quoted
    else if (quoted) field += ch
    else if (ch === ',') {
      record.push(field)
      field = ''
    } else if (ch === '\r' && next === '\n') {
      records.push([...record, field])
      record = []
      field = ''
      i++
    } else field += ch
  }
  if (field || record.length) records.push([...record, field])
  return records
}

describe('ledger rows', () => {
  it('has one row per task with the reported figures', () => {
    expect(rows).toHaveLength(64)
    const row = rows[19]
    expect(row).toMatchObject({
      序号: 20,
      牵头单位: '知识产权促进科',
      配合单位: '市知识产权保护中心',
      完成时限: '未写明（按年底）',
      最新进展: '截至6月底发明专利申请量1200件',
      完成度: '60%（发明专利申请量；4 项目标 1 项已报）',
      状态: '正常',
      更新时间: '2023-07-02 12:00',
      报送单位: '知识产权促进科',
      报送人: '张三',
      light: 'green',
    })
    expect(String(row?.目标)).toContain('发明专利申请量')
    expect(String(row?.各目标完成情况).split('\n')).toEqual([
      '发明专利申请量 1200件 / 目标 发明专利申请量2000件以上 = 60%（正常）',
      '发明专利授权量：未报送',
      '发明专利拥有量：未报送',
      '每万人有效发明专利拥有量：未报送',
    ])
    expect(rows[0]).toMatchObject({ 序号: 1, 最新进展: '', 完成度: '未报数字', 状态: '未报送', 更新时间: '', 报送人: '', light: 'grey' })
  })

  it('names the file by local time in the bureau’s zone', () => {
    expect(ledgerFileName(new Date('2023-07-02T04:00:05Z'), TZ, 'csv')).toBe('台账-20230702-120005.csv')
  })
})

describe('xlsx', () => {
  it('reads back with exceljs: title, header, cells, widths, borders, autofilter and coloured status', async () => {
    const path = await writeLedger(ledger, 'xlsx', join(env.exportDir, 'ledger.xlsx'))
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(path)
    const sheet = book.getWorksheet('台账')
    if (!sheet) throw new Error('no sheet 台账')
    expect(sheet.rowCount).toBe(66)
    expect(String(sheet.getRow(1).getCell(1).value)).toBe(
      '《2023年全市市场监管工作要点》工作台账（截至 2023-07-02 · 序时进度 50% · 本月自 2023-07-01 起）',
    )
    expect(sheet.getCell('A1').isMerged).toBe(true)
    const header = sheet.getRow(2)
    expect(LEDGER_COLUMNS.map((_, k) => header.getCell(k + 1).value)).toEqual([...LEDGER_COLUMNS])
    expect(header.getCell(1).font?.bold).toBe(true)
    const row = sheet.getRow(22)
    const cell = (name: string) => row.getCell(LEDGER_COLUMNS.indexOf(name as (typeof LEDGER_COLUMNS)[number]) + 1)
    expect(cell('序号').value).toBe(20)
    expect(cell('牵头单位').value).toBe('知识产权促进科')
    expect(cell('最新进展').value).toBe('截至6月底发明专利申请量1200件')
    expect(cell('完成度').value).toBe('60%（发明专利申请量；4 项目标 1 项已报）')
    expect(cell('状态').value).toBe('正常')
    expect(cell('状态').fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } })
    const unreported = sheet.getRow(3).getCell(LEDGER_COLUMNS.indexOf('状态') + 1)
    expect(unreported.value).toBe('未报送')
    expect(unreported.fill).toMatchObject({ fgColor: { argb: 'FFE1E4E8' } })
    // User text is stored as text, never as a formula.
    expect(sheet.getRow(23).getCell(LEDGER_COLUMNS.indexOf('最新进展') + 1).value).toMatch(/^=HYPERLINK/)
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(40)
    expect(cell('报送单位').value).toBe('知识产权促进科')
    expect(cell('任务内容').border).toMatchObject({ top: { style: 'thin' }, bottom: { style: 'thin' } })
    expect(sheet.autoFilter).toBe('A2:S66')
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
    // Wrapped rows carry their height (LibreOffice does not re-measure them) and print on A4 landscape.
    expect(sheet.getRow(3).height).toBeGreaterThan(sheet.getRow(6).height)
    expect(sheet.getRow(6).height).toBeGreaterThanOrEqual(28)
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, fitToHeight: 0 })
  })

  it('has a second sheet with every update and a third with the units and their reporting', async () => {
    const path = await writeLedger(ledger, 'xlsx', join(env.exportDir, 'ledger-sheets.xlsx'))
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(path)
    const history = book.getWorksheet('报送记录')
    const units = book.getWorksheet('单位报送')
    if (!history || !units) throw new Error('missing sheets')
    expect(HISTORY_COLUMNS.map((_, k) => history.getRow(2).getCell(k + 1).value)).toEqual([...HISTORY_COLUMNS])
    expect(history.rowCount).toBe(2 + 2)
    expect(history.getRow(3).values).toEqual(
      expect.arrayContaining([20, '知识产权促进科', '张三', '2023-07-02 12:00', '发明专利申请量 1200件（60%）']),
    )
    expect(UNIT_COLUMNS.map((_, k) => units.getRow(2).getCell(k + 1).value)).toEqual([...UNIT_COLUMNS])
    const promo = units.getRows(3, units.rowCount - 2)?.find((r) => r.getCell(1).value === '知识产权促进科')
    expect(promo?.getCell(3).value).toBe(2)
    expect(units.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
  })
})

describe('csv and markdown', () => {
  it('csv: UTF-8 BOM, every column on every record, quoting and formula-safe text', async () => {
    const path = await writeLedger(rows, 'csv', join(env.exportDir, 'ledger.csv'))
    const text = readFileSync(path, 'utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const records = parseCsv(text.slice(1))
    expect(records).toHaveLength(65)
    expect(records[0]).toEqual([...LEDGER_COLUMNS])
    expect(records.every((r) => r.length === LEDGER_COLUMNS.length)).toBe(true)
    expect(records[20]?.slice(0, 1)).toEqual(['20'])
    expect(records[20]?.[LEDGER_COLUMNS.indexOf('状态')]).toBe('正常')
    // What they wrote is what they see: the full-width comma stays full-width.
    expect(records[21]?.[LEDGER_COLUMNS.indexOf('最新进展')]).toBe(`'=HYPERLINK("http://x","点此")，内容含"引号"、逗号,和|竖线`)
    expect(csvCell('-5%')).toBe('-5%')
    expect(csvCell('@sum')).toBe("'@sum")
  })

  it('md: a header row, a separator and one escaped row per task', async () => {
    const path = await writeLedger(rows, 'md', join(env.exportDir, 'ledger.md'))
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toBe(`| ${LEDGER_COLUMNS.join(' | ')} |`)
    expect(lines[1]).toBe(`|${' --- |'.repeat(LEDGER_COLUMNS.length)}`)
    expect(lines).toHaveLength(66)
    expect(lines[21]).toMatch(
      /^\| 20 \| .* \| 知识产权促进科 \| .* \| 60%（发明专利申请量；4 项目标 1 项已报） \| 正常 \| .* \| 知识产权促进科 \| 张三 \| 2023-07-02 12:00 \|$/,
    )
    expect(lines[22]).toContain('和\\|竖线')
  })
})

describe('导出台账 and npm run export', () => {
  it('the chat command, for leaders and admins only, writes the xlsx under BOT_EXPORT_DIR and never shows its path', async () => {
    const refused = await env.say('clerk', '导出台账')
    expect(refused.file).toBeUndefined()
    expect(refused.reply).toContain('仅对领导和管理员开放')
    const reply = await env.say(ADMIN, '导出台账')
    expect(reply.intent).toBe('export')
    expect(reply.file?.name).toBe('台账-20230702-120000.xlsx')
    expect(reply.file?.path).toBe(join(env.exportDir, '台账-20230702-120000.xlsx'))
    expect(existsSync(reply.file?.path ?? '')).toBe(true)
    expect(reply.reply).toBe('已生成台账（64 项任务，另附报送记录和单位报送两页）：台账-20230702-120000.xlsx')
    expect(reply.reply).not.toContain(env.exportDir)
  })

  const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx')
  const run = (args: string[]) =>
    spawnSync(tsx, [join(PROJECT_ROOT, 'src/tools/export.ts'), ...args], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'silent',
        BOT_DB: join(env.dir, 'bot.db'),
        BOT_EXPORT_DIR: join(env.dir, 'cli-exports'),
      },
    })

  it('writes csv to --out and prints the path', () => {
    const out = join(env.dir, 'out', '台账.csv')
    const result = run(['--format', 'csv', '--out', out])
    expect(result.status).toBe(0)
    expect(result.stdout).toBe(`${out}\n`)
    expect(readFileSync(out, 'utf8')).toContain('截至6月底发明专利申请量1200件')
  })

  it('defaults to BOT_EXPORT_DIR/台账-<time>.<ext>', () => {
    const result = run(['--format', 'md'])
    expect(result.status).toBe(0)
    expect(result.stdout.trim()).toMatch(new RegExp(`^${join(env.dir, 'cli-exports')}/台账-\\d{8}-\\d{6}\\.md$`))
    expect(existsSync(result.stdout.trim())).toBe(true)
  })

  it.each([
    [['--format', 'pdf'], /不支持的格式「pdf」.*unsupported format 'pdf'/],
    [['--bogus'], /参数有误 \(bad arguments\): Unknown option '--bogus'/],
    [['--format', 'xlsx', '--out', 'a.csv'], /扩展名 \.csv 与 --format xlsx 不一致 \(the --out extension/],
  ])('bad arguments %j: a Chinese + English message on stderr and exit 2', (args, message) => {
    const result = run(args)
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(message)
    expect(result.stderr).toContain('用法 (usage)')
  })
})
