import { contentOf } from './docx-text.js'
import { cleanCell, isBlankRow } from './rows.js'
import { attrOf, childrenOf, pathOf, tagOf, type XmlNode } from './xml.js'

/**
 * One Word table (w:tbl) as grid rows with merged cells filled: a cell covered by a vertical merge
 * (w:vMerge without "restart") repeats the value of the cell above it in the same grid column, so the
 * whole merge carries the first cell's value; a cell spanning columns (w:gridSpan) holds its text in
 * its first column and '' in the others. Rows skipped in the grid (w:gridBefore/After) get ''.
 */

export interface GridRow {
  cells: string[]
  /** 1-based row within the table, blank rows counted. */
  rowNumber: number
  /** The row is marked 「重复标题行」 (w:tblHeader). */
  header: boolean
}

/** Reads a w:p to text (with its list label); passed in so table cells number like body paragraphs. */
export type ParagraphReader = (p: XmlNode) => string

export function readTable(tbl: XmlNode, readParagraph: ParagraphReader): { rows: GridRow[]; rowCount: number } {
  const gridWidth = childrenOf(pathOf(tbl, 'w:tblGrid') ?? {}).filter((c) => tagOf(c) === 'w:gridCol').length
  const rows: GridRow[] = []
  let above: string[] = []
  let rowNumber = 0
  for (const tr of contentOf(tbl)) {
    if (tagOf(tr) !== 'w:tr') continue
    rowNumber++
    const trPr = pathOf(tr, 'w:trPr')
    const cells: string[] = Array<string>(numberVal(trPr, 'w:gridBefore')).fill('')
    for (const tc of contentOf(tr)) {
      if (tagOf(tc) !== 'w:tc') continue
      const tcPr = pathOf(tc, 'w:tcPr')
      const span = Math.max(1, numberVal(tcPr, 'w:gridSpan'))
      const start = cells.length
      if (continuesVerticalMerge(tcPr)) {
        for (let k = 0; k < span; k++) cells.push(above[start + k] ?? '')
      } else {
        cells.push(cellText(tc, readParagraph), ...Array<string>(span - 1).fill(''))
      }
    }
    cells.push(...Array<string>(numberVal(trPr, 'w:gridAfter')).fill(''))
    above = cells
    if (!isBlankRow(cells)) rows.push({ cells, rowNumber, header: isOn(pathOf(trPr, 'w:tblHeader')) })
  }
  const width = Math.max(gridWidth, ...rows.map((row) => row.cells.length))
  for (const row of rows) while (row.cells.length < width) row.cells.push('')
  return { rows, rowCount: rowNumber }
}

/** A cell's paragraphs (and any nested table's cells) joined by one space. */
function cellText(tc: XmlNode, readParagraph: ParagraphReader): string {
  const parts: string[] = []
  for (const node of contentOf(tc)) {
    if (tagOf(node) === 'w:p') parts.push(readParagraph(node))
    if (tagOf(node) === 'w:tbl') for (const row of readTable(node, readParagraph).rows) parts.push(...row.cells)
  }
  return parts
    .map((part) => cleanCell(part.replace(/\t/g, ' ')))
    .filter(Boolean)
    .join(' ')
}

function continuesVerticalMerge(tcPr: XmlNode | undefined): boolean {
  const vMerge = pathOf(tcPr, 'w:vMerge')
  return vMerge !== undefined && attrOf(vMerge, 'w:val') !== 'restart'
}

function numberVal(parent: XmlNode | undefined, tag: string): number {
  const value = Number(attrOf(pathOf(parent, tag) ?? {}, 'w:val') ?? 0)
  return Number.isInteger(value) && value > 0 ? value : 0
}

/** An OOXML on/off property: present means on, unless w:val says false/0/off; absent means off. */
function isOn(node: XmlNode | undefined): boolean {
  if (!node) return false
  const value = attrOf(node, 'w:val')
  return value === undefined || !['false', '0', 'off'].includes(value)
}
