import type { Workbook, Worksheet } from 'exceljs'

/**
 * One 台账 sheet as an office expects it: a title row across the table, a bold header with an
 * autofilter, thin borders on every cell, frozen title and header, wrapped text with row heights
 * written out so nothing is clipped, A4 landscape fitted to the page width, header rows repeated.
 * exceljs is passed in (the caller imports it lazily); this module imports only its types.
 */

export const LIGHT_FILL = { red: 'FFF4B6B6', yellow: 'FFFFE699', green: 'FFC6EFCE', grey: 'FFE1E4E8' } as const
const FONT_SIZE = 10
/** Points per wrapped line at FONT_SIZE, with room for CJK fonts' taller line boxes. */
const LINE_HEIGHT = 14
/** Data starts here: row 1 is the title, row 2 the header. */
export const TABLE_FIRST_ROW = 3
const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } }
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN }

/**
 * Display width in column-width units: a CJK or full-width character at 10 pt is about 1.8 digit
 * widths of the default font (measured in LibreOffice; Excel is close); other characters count one.
 */
export function displayWidth(text: string): number {
  let width = 0
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1.8 : 1
  return width
}

/**
 * Lines a text needs in a wrapped cell `width` units wide. Spreadsheet programs do not all
 * re-measure wrapped rows when they open a file (LibreOffice's converter keeps the stored height),
 * so heights are written out; a unit of slack per line allows for breaks at word boundaries.
 */
export function linesIn(text: string, width: number): number {
  const usable = Math.max(1, width - 1.5)
  return text.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(displayWidth(part) / usable)), 0)
}

export function addTable<C extends string>(
  book: Workbook,
  name: string,
  title: string,
  columns: readonly C[],
  widths: Record<C, number>,
  rows: readonly Record<C, string | number>[],
): Worksheet {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: TABLE_FIRST_ROW - 1 }] })
  sheet.columns = columns.map((c) => ({ key: c, width: widths[c] }))
  const totalWidth = columns.reduce((sum, c) => sum + widths[c], 0)

  const titleRow = sheet.getRow(1)
  titleRow.getCell(1).value = title
  sheet.mergeCells(1, 1, 1, columns.length)
  titleRow.getCell(1).font = { bold: true, size: FONT_SIZE + 4 }
  titleRow.getCell(1).alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
  titleRow.height = linesIn(title, totalWidth / 1.4) * (LINE_HEIGHT + 6) + 6

  const header = sheet.getRow(2)
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1)
    cell.value = c
    cell.font = { bold: true, size: FONT_SIZE + 1 }
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } }
    cell.border = BORDER
  })
  header.height = Math.max(...columns.map((c) => linesIn(c, widths[c] / 1.1))) * (LINE_HEIGHT + 2) + 4

  for (const row of rows) {
    const added = sheet.addRow(columns.map((c) => row[c]))
    let lines = 1
    columns.forEach((c, i) => {
      const cell = added.getCell(i + 1)
      cell.font = { size: FONT_SIZE }
      cell.alignment = { vertical: 'top', wrapText: true }
      cell.border = BORDER
      lines = Math.max(lines, linesIn(String(row[c]), widths[c]))
    })
    added.height = lines * LINE_HEIGHT + 4
  }
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + rows.length, column: columns.length } }
  sheet.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printTitlesRow: '1:2',
  }
  sheet.headerFooter = { oddFooter: '&C第 &P 页，共 &N 页' }
  return sheet
}
