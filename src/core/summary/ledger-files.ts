import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import ExcelJS from 'exceljs'
import { formatTime } from '../time.js'
import { LEDGER_COLUMNS, type LedgerRow } from './ledger.js'

/**
 * Writers for the 台账: xlsx (exceljs: header row, column widths, status coloured), CSV (UTF-8 with
 * BOM so Excel reads Chinese) and Markdown. Each returns the path written.
 */

export const LEDGER_FORMATS = ['xlsx', 'csv', 'md'] as const
export type LedgerFormat = (typeof LEDGER_FORMATS)[number]

/** 台账-20230702-120000.xlsx: the local time in the bureau's zone, to the second. */
export function ledgerFileName(now: Date, timezone: string, format: LedgerFormat): string {
  const local = formatTime(now.toISOString(), timezone).replace(/[-:]/g, '').replace(' ', '-')
  return `台账-${local}${String(now.getUTCSeconds()).padStart(2, '0')}.${format}`
}

const WIDTHS: Record<(typeof LEDGER_COLUMNS)[number], number> = {
  序号: 6,
  部分: 22,
  任务内容: 60,
  牵头单位: 18,
  配合单位: 24,
  目标: 30,
  最新进展: 36,
  完成度: 9,
  状态: 9,
  更新时间: 17,
  报送人: 12,
}
const LIGHT_FILL = { red: 'FFF4B6B6', yellow: 'FFFFE699', green: 'FFC6EFCE' } as const

export async function writeLedger(rows: LedgerRow[], format: LedgerFormat, path: string): Promise<string> {
  mkdirSync(dirname(path), { recursive: true })
  if (format === 'xlsx') await writeXlsx(rows, path)
  else writeFileSync(path, format === 'csv' ? toCsv(rows) : toMarkdown(rows))
  return path
}

async function writeXlsx(rows: LedgerRow[], path: string): Promise<void> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ header: c, key: c, width: WIDTHS[c] }))
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } }
  for (const row of rows) {
    const added = sheet.addRow(LEDGER_COLUMNS.map((c) => row[c]))
    added.alignment = { vertical: 'top', wrapText: true }
    added.getCell('状态').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILL[row.light] } }
  }
  sheet.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 }
  await book.xlsx.writeFile(path)
}

/**
 * A CSV field. Text that a spreadsheet would run as a formula (=, +, -, @ first; OWASP "CSV
 * injection") gets a leading apostrophe, since 最新进展 is whatever a user typed; numbers stay as they are.
 */
export function csvCell(v: string | number): string {
  const raw = String(v)
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(raw) && !/^[+-]?\d+(\.\d+)?%?$/.test(raw) ? `'${raw}` : raw
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

function toCsv(rows: LedgerRow[]): string {
  const lines = [LEDGER_COLUMNS.join(','), ...rows.map((r) => LEDGER_COLUMNS.map((c) => csvCell(r[c])).join(','))]
  return `\uFEFF${lines.join('\r\n')}\r\n`
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
