import { groupIntoLines, type PositionedText } from './pdf-lines.js'
import { cleanCell } from './rows.js'

/** A table row as the PDF table finders (pdf-grid.ts, pdf-bands.ts) give it, and their shared cell helpers. */
export interface PdfRow {
  /** One per column; a cell's wrapped lines joined without a space (Chinese), '' where nothing is written. */
  cells: string[]
  /** The table's column edges (x), left to right: a table on the next page with the same edges continues it. */
  edges: number[]
  /** Top of the row (y, growing upwards): its place among the page's lines. */
  top: number
  /** Text lines (baselines) in the row: the running line number advances by this many. */
  lineCount: number
  /** Cells from drawn ruling lines (exact), or guessed from where the text stands. */
  ruled: boolean
  /** True where a cell repeats the first cell of a vertical merge above it (ruled tables only). */
  covered?: boolean[]
}

/** A cell's text from its items: its lines in order, each line's pieces and the lines joined as text. */
export function cellText(items: readonly PositionedText[]): string {
  return joinCellLines(groupIntoLines(items).map((line) => line.text.replace(/\t/g, ' ')))
}

/** Wrapped lines of one cell joined directly (Chinese), with a space between Latin words. */
export function joinCellLines(lines: readonly string[]): string {
  let text = ''
  for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
    text += (/[A-Za-z0-9,.;:]$/.test(text) && /^[A-Za-z0-9]/.test(line) ? ' ' : '') + line
  }
  return cleanCell(text)
}

/** How many distinct baselines the items stand on (within half a glyph height). */
export function countBaselines(items: readonly PositionedText[]): number {
  let count = 0
  let last = Number.POSITIVE_INFINITY
  for (const item of [...items].filter((i) => i.str.trim() !== '').sort((a, b) => b.y - a.y)) {
    if (last - item.y > item.size / 2) count++
    last = item.y
  }
  return count
}
