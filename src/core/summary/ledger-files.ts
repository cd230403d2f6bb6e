import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { formatTime } from '../time.js'
import { HISTORY_COLUMNS, LEDGER_COLUMNS, type Ledger, type LedgerColumn, type LedgerRow, UNIT_COLUMNS } from './ledger.js'
import { addTable, LIGHT_FILL, TABLE_FIRST_ROW } from './ledger-sheet.js'

/**
 * Writers for the 台账: xlsx (exceljs: three sheets — tasks with their state coloured, every update,
 * units — each with a title row, borders, autofilter and frozen header), CSV (UTF-8 with BOM so
 * Excel reads Chinese) and Markdown of the task rows. Each returns the path written.
 */

export const LEDGER_FORMATS = ['xlsx', 'csv', 'md'] as const
export type LedgerFormat = (typeof LEDGER_FORMATS)[number]

/** 台账-20230702-120000.xlsx: the local time in the bureau's zone, to the second. */
export function ledgerFileName(now: Date, timezone: string, format: LedgerFormat): string {
  const local = formatTime(now.toISOString(), timezone).replace(/[-:]/g, '').replace(' ', '-')
  return `台账-${local}${String(now.getUTCSeconds()).padStart(2, '0')}.${format}`
}

/** Column widths in digit widths of the default font; long text wraps. */
const WIDTHS: Record<LedgerColumn, number> = {
  序号: 5,
  部分: 14,
  任务内容: 40,
  牵头单位: 12,
  配合单位: 14,
  目标: 18,
  完成时限: 10,
  各目标完成情况: 28,
  完成度: 12,
  状态: 7,
  状态说明: 18,
  最新进展: 26,
  存在问题: 16,
  下步计划: 16,
  佐证材料: 14,
  办结情况: 16,
  报送单位: 11,
  报送人: 8,
  更新时间: 11,
}
const HISTORY_WIDTHS: Record<(typeof HISTORY_COLUMNS)[number], number> = {
  序号: 5,
  任务: 24,
  报送单位: 12,
  报送人: 9,
  报送时间: 11,
  本月进展: 40,
  存在问题: 20,
  下步计划: 20,
  计入目标的数字: 20,
  佐证材料: 16,
  备注: 10,
}
const UNIT_WIDTHS: Record<(typeof UNIT_COLUMNS)[number], number> = {
  单位: 22,
  牵头任务: 8,
  本期已报送: 9,
  本期未报送: 9,
  滞后: 6,
  未报送任务: 40,
  最近报送: 11,
}

export async function writeLedger(ledger: Ledger | LedgerRow[], format: LedgerFormat, path: string): Promise<string> {
  const book = Array.isArray(ledger) ? { title: '工作台账', subtitle: '', rows: ledger, history: [], units: [] } : ledger
  mkdirSync(dirname(path), { recursive: true })
  if (format === 'xlsx') await writeXlsx(book, path)
  else writeFileSync(path, format === 'csv' ? await toCsv(book.rows) : toMarkdown(book.rows))
  return path
}

async function writeXlsx(ledger: Ledger, path: string): Promise<void> {
  // Loaded on first use: exceljs takes ~0.3 s to import, which every start would otherwise pay.
  const { default: ExcelJS } = await import('exceljs')
  const book = new ExcelJS.Workbook()
  const title = ledger.subtitle ? `${ledger.title}（${ledger.subtitle}）` : ledger.title
  const tasks = addTable(book, '台账', title, LEDGER_COLUMNS, WIDTHS, ledger.rows)
  ledger.rows.forEach((row, i) => {
    const cell = tasks.getRow(i + TABLE_FIRST_ROW).getCell(LEDGER_COLUMNS.indexOf('状态') + 1)
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILL[row.light] } }
    cell.alignment = { vertical: 'top', horizontal: 'center', wrapText: true }
  })
  addTable(book, '报送记录', `${ledger.title} · 报送记录（全部进展，按条号和时间）`, HISTORY_COLUMNS, HISTORY_WIDTHS, ledger.history)
  addTable(book, '单位报送', `${ledger.title} · 单位报送情况（${ledger.subtitle}）`, UNIT_COLUMNS, UNIT_WIDTHS, ledger.units)
  await book.xlsx.writeFile(path)
}
/**
 * A CSV field's text. Text that a spreadsheet would run as a formula (=, +, -, @ first; OWASP "CSV
 * injection") gets a leading apostrophe, since 最新进展 is whatever a user typed; numbers stay as
 * they are. Quoting is csv-stringify's.
 */
export function csvCell(v: string | number): string {
  const raw = String(v)
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(raw) && !/^[+-]?\d+(\.\d+)?%?$/.test(raw) ? `'${raw}` : raw
}

/**
 * The task rows as CSV for Excel: csv-stringify (the node-csv sibling of the csv-parse that reads
 * plans) with a BOM so Excel reads UTF-8 Chinese, CRLF records, and a field holding a line break
 * quoted too (csv-stringify quotes only the record delimiter by default, and a lone \n would split
 * the row in Excel).
 */
async function toCsv(rows: LedgerRow[]): Promise<string> {
  // Loaded when a CSV is written, not with every answer.
  const { stringify } = await import('csv-stringify/sync')
  return stringify(
    rows.map((r) => LEDGER_COLUMNS.map((c) => csvCell(r[c]))),
    { bom: true, record_delimiter: 'windows', header: true, columns: [...LEDGER_COLUMNS], quoted_match: /[\r\n]/ },
  )
}

function toMarkdown(rows: LedgerRow[]): string {
  const cell = (v: string | number) =>
    String(v)
      .replace(/\|/g, '\\|')
      .replace(/\r?\n|\r/g, ' ')
  const lines = [
    `| ${LEDGER_COLUMNS.join(' | ')} |`,
    `| ${LEDGER_COLUMNS.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${LEDGER_COLUMNS.map((c) => cell(r[c])).join(' | ')} |`),
  ]
  return `${lines.join('\n')}\n`
}
