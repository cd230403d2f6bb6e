import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
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

/** Column widths in digit widths of the default font; long text wraps. */
const WIDTHS: Record<(typeof LEDGER_COLUMNS)[number], number> = {
  序号: 5,
  部分: 14,
  任务内容: 50,
  牵头单位: 12,
  配合单位: 16,
  目标: 22,
  最新进展: 28,
  完成度: 8,
  状态: 8,
  更新时间: 11,
  报送人: 10,
}
const LIGHT_FILL = { red: 'FFF4B6B6', yellow: 'FFFFE699', green: 'FFC6EFCE' } as const
const FONT_SIZE = 10
/** Points per wrapped line at FONT_SIZE, with room for CJK fonts' taller line boxes. */
const LINE_HEIGHT = 13

export async function writeLedger(rows: LedgerRow[], format: LedgerFormat, path: string): Promise<string> {
  mkdirSync(dirname(path), { recursive: true })
  if (format === 'xlsx') await writeXlsx(rows, path)
  else writeFileSync(path, format === 'csv' ? toCsv(rows) : toMarkdown(rows))
  return path
}

/**
 * Display width in column-width units: a CJK or full-width character at 10 pt is about 1.8 digit
 * widths of the default font (measured in LibreOffice; Excel is close); other characters count one.
 */
function displayWidth(text: string): number {
  let width = 0
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1.8 : 1
  return width
}

/**
 * Lines a wrapped row needs. Spreadsheet programs do not all re-measure wrapped rows when they
 * open a file (LibreOffice's converter keeps the default height), so the height is written out.
 */
function linesOf(row: LedgerRow): number {
  let lines = 1
  for (const c of LEDGER_COLUMNS) {
    const usable = Math.max(1, WIDTHS[c] - 1)
    const n = String(row[c])
      .split('\n')
      .reduce((sum, part) => sum + Math.max(1, Math.ceil(displayWidth(part) / usable)), 0)
    lines = Math.max(lines, n)
  }
  return lines
}

async function writeXlsx(rows: LedgerRow[], path: string): Promise<void> {
  // Loaded on first use: exceljs takes ~0.3 s to import, which every start would otherwise pay.
  const { default: ExcelJS } = await import('exceljs')
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ header: c, key: c, width: WIDTHS[c] }))
  const header = sheet.getRow(1)
  header.height = LINE_HEIGHT + 4
  header.eachCell((cell) => {
    cell.font = { bold: true, size: FONT_SIZE + 1 }
    cell.alignment = { vertical: 'middle', horizontal: 'center' }
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } }
  })
  for (const row of rows) {
    const added = sheet.addRow(LEDGER_COLUMNS.map((c) => row[c]))
    added.font = { size: FONT_SIZE }
    added.alignment = { vertical: 'top', wrapText: true }
    added.height = linesOf(row) * LINE_HEIGHT + 2
    const status = added.getCell('状态')
    status.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILL[row.light] } }
    status.alignment = { vertical: 'top', horizontal: 'center' }
  }
  sheet.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printTitlesRow: '1:1',
  }
  sheet.headerFooter = { oddFooter: '&C第 &P 页，共 &N 页' }
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
