import { joinCellLines, type PdfRow } from './pdf-cells.js'
import type { LinePart, PdfLine } from './pdf-lines.js'

/**
 * Borderless tables, for lines not inside a ruled grid: found from where the text stands. A run of
 * lines, each within ROW_SPACING_EM glyphs below the one before, that has at least two lines split
 * by column gaps (several parts) is a table region, with single-part lines inside it or right after
 * it kept in when they fit in one column (a cell's wrapped line); a line whose text crosses a
 * column gap ends it. The columns are the x bands the parts of the split lines cover. A new row
 * starts at a line with text in the key column (the first column written on the region's first
 * line, usually 序号); other lines continue the row above, each part in the column it stands in.
 * A row with nothing in the key column (a vertical merge there) cannot be told from a wrapped line:
 * it is joined to the row above. That is as far as the text layer allows.
 */

const ROW_SPACING_EM = 3
/** A part this far (glyphs) over a column's edges still lies in that column. */
const SLACK_EM = 0.3

export interface Band {
  left: number
  right: number
}

/** What a borderless table that ran to the foot of a page passes on to the next page. */
export interface Carry {
  bands: Band[]
  /** Its first line's text (the header row), to know the header repeated at the next page's top. */
  head: string
  /** The band of its key column (序号), where a new row writes something and a row's rest does not. */
  key: number
}

/**
 * The page's lines with each borderless table's rows in place of its lines. `carried` is what a
 * table that ran to the foot of the previous page passes on: its header line repeated at the top of
 * this page is a row again; the lines after it (or at the very top) whose parts each fit in one of
 * its columns, none in the key column, are the rest of its last row (a row broken by the page),
 * given as a row with no first cell for numberTables to join up. Returns what to carry on.
 */
export function bandTables(lines: readonly PdfLine[], carried?: Carry): { lines: PdfLine[]; carry?: Carry } {
  const out: PdfLine[] = []
  let k = 0
  // the table carried over goes on at the top of this page: the rows right after its header or rest
  // are its rows, in its columns, even when only one of them is split
  let going: Carry | undefined
  if (carried) {
    if (lines[0]?.text === carried.head && split(lines[0])) out.push(...rows(lines.slice(0, ++k), carried.bands))
    const start = k
    while (k < lines.length && continuesRow(lines[k] as PdfLine, carried)) k++
    if (k > start) out.push(...rows(lines.slice(start, k), carried.bands, true))
    const [above, below] = [lines[k - 1], lines[k]]
    if (above && below && above.y - below.y <= ROW_SPACING_EM * Math.max(above.size, below.size)) going = carried
  }
  let carry: Carry | undefined
  while (k < lines.length) {
    const end = regionEnd(lines, k, going ? 1 : 2)
    if (end === undefined) {
      out.push(lines[k] as PdfLine)
      k++
    } else {
      const region = lines.slice(k, end)
      out.push(...rows(region, going?.bands))
      // at the foot of the page, bar one line (a running foot)
      carry = end >= lines.length - 1 ? (going ?? carryOn(region)) : undefined
      k = end
    }
    going = undefined
  }
  return { lines: out, carry }
}

const split = (line: PdfLine | undefined): boolean => (line?.parts?.length ?? 0) >= 2

/** The end (exclusive) of a table region starting at lines[start] with ≥ minSplits split lines, if one starts there. */
function regionEnd(lines: readonly PdfLine[], start: number, minSplits: number): number | undefined {
  if (!split(lines[start])) return undefined
  let end = start + 1
  let lastSplit = start
  let bands = columnBands([lines[start] as PdfLine])
  for (let k = start + 1; k < lines.length; k++) {
    const line = lines[k] as PdfLine
    const above = lines[k - 1] as PdfLine
    if (above.y - line.y > ROW_SPACING_EM * Math.max(line.size, above.size) || above.y <= line.y) break
    if (split(line)) {
      const widened = columnBands([...lines.slice(start, k + 1).filter(split)])
      if (widened.length < 2) break
      bands = widened
      lastSplit = k
    } else if (!fitsOneBand(line, bands)) break
    end = k + 1
  }
  const splits = lines.slice(start, lastSplit + 1).filter(split).length
  return splits >= minSplits ? end : undefined
}

/** The x bands covered by the parts of the given lines, left to right (overlapping parts joined). */
function columnBands(lines: readonly PdfLine[]): Band[] {
  const parts = lines.flatMap((line) => line.parts ?? []).sort((a, b) => a.left - b.left)
  const bands: Band[] = []
  for (const part of parts) {
    const last = bands.at(-1)
    if (last && part.left <= last.right) last.right = Math.max(last.right, part.right)
    else bands.push({ left: part.left, right: part.right })
  }
  return bands
}

/** What a region at the foot of a page carries on: its columns, its header line, its key column. */
function carryOn(region: readonly PdfLine[]): Carry {
  const bands = columnBands(region.filter(split))
  const first = region[0] as PdfLine
  const lefts = (first.parts ?? []).map((part) => bands.findLastIndex((b) => b.left - SLACK_EM * first.size <= part.left))
  return { bands, head: first.text, key: Math.max(0, Math.min(...lefts)) }
}

/** Whether a line at the top of a page is (a line of) the rest of the carried table's last row. */
function continuesRow(line: PdfLine, carried: Carry): boolean {
  const parts = line.parts ?? [{ text: line.text, left: line.left, right: line.right }]
  return parts.every((part) => {
    const piece = { ...line, left: part.left, right: part.right }
    const band = carried.bands.findLastIndex((b) => b.left - SLACK_EM * line.size <= part.left)
    return band !== carried.key && fitsOneBand(piece, carried.bands)
  })
}

function fitsOneBand(line: PdfLine, bands: readonly Band[]): boolean {
  const slack = SLACK_EM * line.size
  const band = bands.findLast((b) => b.left - slack <= line.left)
  const next = bands[bands.indexOf(band as (typeof bands)[number]) + 1]
  return band !== undefined && (next === undefined || line.right < next.left - slack)
}

/**
 * The rows of one table region, each as a line carrying `row`, in `given` columns or its own; all
 * one row when it is the `rest` of a row broken by the page.
 */
function rows(region: readonly PdfLine[], given?: readonly Band[], rest = false): PdfLine[] {
  const bands = given ?? columnBands(region.filter(split))
  const first = region[0] as PdfLine
  const column = (part: LinePart): number =>
    Math.max(
      0,
      bands.findLastIndex((b) => b.left - SLACK_EM * first.size <= part.left),
    )
  const edges = bands.map((b) => b.left)
  const key = Math.min(...(first.parts ?? []).map(column))
  const out: { line: PdfLine; cells: string[][]; lineCount: number }[] = []
  for (const line of region) {
    const parts = line.parts ?? [{ text: line.text, left: line.left, right: line.right }]
    let current = out.at(-1)
    if (!current || (!rest && parts.some((part) => column(part) === key))) {
      current = { line, cells: bands.map(() => []), lineCount: 0 }
      out.push(current)
    }
    current.lineCount++
    for (const part of parts) current.cells[column(part)]?.push(part.text)
  }
  return out.map(({ line, cells, lineCount }) => {
    const row: PdfRow = { cells: cells.map(joinCellLines), edges, top: line.y, lineCount, ruled: false }
    return { text: row.cells.join('\t'), left: line.left, right: line.right, y: line.y, size: line.size, row }
  })
}
