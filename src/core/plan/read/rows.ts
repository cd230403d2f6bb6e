import type { RowBlock } from './blocks.js'

/** A cell's text as the recogniser wants it: trimmed, in-cell line breaks (and the blanks around them) as one space. */
export function cleanCell(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029\v]+\s*/g, ' ').trim()
}

/** True when every cell of a row is empty: such rows are left out (their row numbers stay true). */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell === '')
}

/**
 * Gives every row of one table the same number of cells: the table's width, which ends at the last
 * column that has text in any row. Empty trailing columns are cut; short rows are padded with ''.
 * Rows are changed in place and returned, for chaining.
 */
export function squareTable(rows: RowBlock[]): RowBlock[] {
  const width = Math.max(0, ...rows.map((row) => lastFilledIndex(row.cells) + 1))
  for (const row of rows) {
    row.cells = row.cells.length >= width ? row.cells.slice(0, width) : [...row.cells, ...Array<string>(width - row.cells.length).fill('')]
  }
  return rows
}

function lastFilledIndex(cells: readonly string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i] !== '') return i
  return -1
}
