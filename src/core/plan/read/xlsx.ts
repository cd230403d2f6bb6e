import type { Cell, CellValue, Worksheet } from 'exceljs'
import JSZip from 'jszip'
import type { ReadPlan, RowBlock } from './blocks.js'
import { isCompoundFile, PlanReadError } from './errors.js'
import { DEFAULT_READ_LIMITS, type ReadLimits } from './limits.js'
import { cleanCell, isBlankRow, squareTable } from './rows.js'
import { checkZipSizes } from './zip-limits.js'

/**
 * A .xlsx plan (exceljs): every visible sheet with content is one table (`table` = the sheet's
 * 1-based position in the workbook), each non-blank sheet row a row block (`line` = the sheet row,
 * `ref` = 「Sheet!B5」, the row's first cell read). Merged cells: a cell in the master's column
 * repeats the master's value (a vertical merge fills down); the others are '' (a horizontal merge
 * keeps its text in its first column). Columns that are empty in every row of a sheet, at either
 * end, are cut, so all rows of a table have the same width.
 */
export async function readXlsx(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ReadPlan> {
  if (isCompoundFile(bytes)) {
    throw new PlanReadError(
      file,
      '工作簿设置了打开密码（已加密），或是改了扩展名的旧版 .xls',
      '请去掉密码或在 Excel/WPS 中另存为 .xlsx 后再上传',
    )
  }
  // Sizes, rows and cells first: exceljs builds every cell of every sheet in memory.
  const zip = await JSZip.loadAsync(bytes).catch(() => undefined) // a damaged file: exceljs says so below
  if (zip) await checkZipSizes(zip, file, limits)
  // Loaded on first use: exceljs takes ~0.3 s to import.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch (error) {
    throw new PlanReadError(file, '文件已损坏，不是有效的 Excel 工作簿', '请用 Excel/WPS 打开确认后重新另存为 .xlsx 再上传', {
      cause: error,
    })
  }
  const blocks: RowBlock[] = []
  const notes: ReadPlan['notes'] = []
  workbook.worksheets.forEach((sheet, index) => {
    if (sheet.state !== 'visible') {
      notes.push({ where: { file, line: 1, ref: `${sheetRef(sheet.name)}!A1` }, message: `工作表「${sheet.name}」已隐藏，未读取` })
      return
    }
    blocks.push(...readSheet(sheet, index + 1, file))
  })
  return { file, format: 'xlsx', blocks, notes }
}

function readSheet(sheet: Worksheet, table: number, file: string): RowBlock[] {
  // Only cells that hold something (a value, or a merge's covered part): a sheet formatted down to
  // row 1048576 or across to column XFD is not walked cell by cell.
  const grid: { row: number; cells: string[] }[] = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = mergedCellText(cell)
    })
    const dense = Array.from(cells, (cell) => cell ?? '')
    if (!isBlankRow(dense)) grid.push({ row: rowNumber, cells: dense })
  })
  if (grid.length === 0) return []
  const firstColumn = Math.min(...grid.map(({ cells }) => cells.findIndex((cell) => cell !== '')))
  const column = columnLetters(firstColumn + 1)
  const rows = grid.map<RowBlock>(({ row, cells }) => ({
    kind: 'row',
    cells: cells.slice(firstColumn),
    table,
    where: { file, line: row, ref: `${sheetRef(sheet.name)}!${column}${row}` },
  }))
  return squareTable(rows)
}

/** A covered cell of a merge shows its master's value in the master's column only. */
function mergedCellText(cell: Cell): string {
  if (cell.isMerged && cell.master !== cell) return cell.master.col === cell.col ? cellText(cell.master) : ''
  return cellText(cell)
}

function cellText(cell: Cell): string {
  return cleanCell(valueText(cell.value, cell.numFmt))
}

/** The text Excel shows for a value: rich text and hyperlinks as their text, formulas as their result. */
function valueText(value: CellValue | undefined, numFmt: string | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return numberText(value, numFmt)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return dateText(value)
  if ('richText' in value) return value.richText.map((run) => run.text).join('')
  if ('formula' in value || 'sharedFormula' in value) return valueText(value.result as CellValue, numFmt)
  if ('text' in value) return valueText(value.text as CellValue, numFmt)
  if ('error' in value) return value.error
  return ''
}

function numberText(value: number, numFmt: string | undefined): string {
  // toPrecision(15) drops binary noise (0.1 + 0.2), as Excel does in its display.
  if (numFmt?.includes('%')) return `${Number((value * 100).toPrecision(15))}%`
  return String(Number(value.toPrecision(15)))
}

/** exceljs reads dates as UTC; a date is shown as a Chinese office writes a deadline: 2016年12月31日. */
function dateText(date: Date): string {
  const day = `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`
  const iso = date.toISOString()
  return iso.endsWith('T00:00:00.000Z') ? day : `${day} ${iso.slice(11, 16)}`
}

function columnLetters(column: number): string {
  let out = ''
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out
  return out
}

/** A sheet name as Excel writes it in a reference: quoted when it has blanks or punctuation. */
function sheetRef(name: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`
}
