import { bandTables, type Carry } from './pdf-bands.js'
import { joinCellLines, type PdfRow } from './pdf-cells.js'
import { ruledTables } from './pdf-grid.js'
import { groupIntoLines, type PdfLine, type PositionedText, withoutPageNumbers } from './pdf-lines.js'
import type { PdfParagraph } from './pdf-paragraphs.js'
import type { PageRules } from './pdf-rules.js'

/**
 * Tables in a PDF's text layer, "as far as it allows". A PDF has no tables, only text items and
 * drawn lines: where ruling lines form a grid, its cells are exact (pdf-grid.ts); elsewhere, lines
 * whose text stands in repeating column bands are read as a borderless table (pdf-bands.ts). Either
 * way a table row comes out as one PdfLine carrying `row`, in its place among the page's lines.
 */

/** Column edges this close (PDF units) are the same column, on the next page too. */
const SAME_EDGE = 3
/** A header repeated on each page is at most this many rows (a header over two rows, with a unit row). */
const MAX_HEADER_ROWS = 3

/**
 * A page's lines, top to bottom, each table row as one line with `row`, page numbers left out
 * (withoutPageNumbers); `carry` passes a borderless table's columns on from the foot of one page to
 * the next page's call.
 */
export function pageLines(items: readonly PositionedText[], rules: PageRules, carried?: Carry): { lines: PdfLine[]; carry?: Carry } {
  const { rows, rest } = ruledTables(items, rules)
  const rowLines = rows.map<PdfLine>((row) => ({
    text: row.cells.join('\t'),
    left: row.edges[0] ?? 0,
    right: row.edges.at(-1) ?? 0,
    y: row.top,
    size: 1,
    row,
  }))
  const unruled = bandTables(withoutPageNumbers(groupIntoLines(rest), items), carried)
  const lines = [...unruled.lines, ...rowLines].sort((a, b) => b.y - a.y)
  return { lines: lines.map((line, k) => (besideGrid(lines, k) ? asText(line) : line)), carry: unruled.carry }
}

/**
 * Whether lines[k] is a line with column gaps that no table took, right above or below a ruled
 * table: 「填报单位：…　　2024年1月15日」 over the grid. The grid's rules say where that table is,
 * so the line is no row of it, and a lone line is no table of its own either.
 */
function besideGrid(lines: readonly PdfLine[], k: number): boolean {
  const line = lines[k] as PdfLine
  if (line.row || !line.text.includes('\t')) return false
  return [lines[k - 1], lines[k + 1]].some((next) => next?.row?.ruled === true)
}

/** A line with its column gaps written as the spaces Word has there (two ideographic spaces), on its own. */
function asText(line: PdfLine): PdfLine {
  return { ...line, text: line.text.replace(/\t/g, '　　'), parts: undefined, alone: true }
}

/**
 * The paragraphs with each row's 1-based table number. A row continues the table of the row before
 * it when their column edges match and nothing but page furniture lies between: a page break with at
 * most a few short lines (page number, running head). At the top of the next page, rows that repeat
 * the table's first rows in order (Word's 重复标题行, LibreOffice's repeated heading) are that
 * table's header again: they stay in the table, but the row before the break is still the one a
 * broken row continues. A row broken by a page break (Word lets a row split) comes out as a row on
 * each page: the part on the next page has no first cell. When the table's first column has been
 * written in every row so far (序号), such a row is that rest, and its cells are joined onto the row
 * above, column by column; otherwise it may be a new row under a vertical merge, and stays.
 */
export function numberTables(paragraphs: readonly PdfParagraph[]): (PdfParagraph & { table?: number })[] {
  const out: (PdfParagraph & { table?: number })[] = []
  let table = 0
  let last: (PdfParagraph & { row: PdfRow; table: number }) | undefined
  // the page of the last row taken into the table (a joined part's too; a repeated header's not)
  let lastPage = 0
  let keyed = false
  let opening: string[][] = []
  let repeated = 0
  let between: PdfParagraph[] = []
  for (const paragraph of paragraphs) {
    const row = paragraph.row
    if (!row) {
      between.push(paragraph)
      out.push(paragraph)
      continue
    }
    const nextPage = last !== undefined && paragraph.page > lastPage
    const furniture = between.length === 0 || (nextPage && between.length <= 3 && between.every((p) => [...p.text].length <= 20))
    between = []
    if (last && furniture && sameEdges(last.row.edges, row.edges)) {
      if (nextPage && sameCells(row.cells, opening[repeated])) {
        repeated++
        out.push({ ...paragraph, row, table })
        continue
      }
      lastPage = paragraph.page
      repeated = 0
      if (nextPage && keyed && !firstWritten(row)) {
        const above = last.row.cells
        last.row = { ...last.row, cells: above.map((cell, k) => joinCellLines([cell, row.cells[k] ?? ''])) }
        continue
      }
      keyed &&= firstWritten(row)
      if (opening.length < MAX_HEADER_ROWS) opening.push(row.cells)
    } else {
      table++
      keyed = firstWritten(row)
      opening = [row.cells]
      lastPage = paragraph.page
      repeated = 0
    }
    last = { ...paragraph, row, table }
    out.push(last)
  }
  return out
}

/** The row writes its own first cell (not empty, not repeated from a merge above). */
function firstWritten(row: PdfRow): boolean {
  return row.cells[0] !== '' && !row.covered?.[0]
}

function sameEdges(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, k) => Math.abs(x - (b[k] as number)) <= SAME_EDGE)
}

function sameCells(a: readonly string[], b: readonly string[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.some((cell) => cell !== '') && a.every((cell, k) => cell === b[k])
}
