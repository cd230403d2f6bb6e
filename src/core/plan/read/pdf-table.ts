import { type Band, bandTables } from './pdf-bands.js'
import { joinCellLines, type PdfRow } from './pdf-cells.js'
import { ruledTables } from './pdf-grid.js'
import { groupIntoLines, type PdfLine, type PositionedText } from './pdf-lines.js'
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

/**
 * A page's lines, top to bottom, each table row as one line with `row`; `carry` passes a borderless
 * table's columns on from the foot of one page to the next page's call.
 */
export function pageLines(items: readonly PositionedText[], rules: PageRules, carried?: Band[]): { lines: PdfLine[]; carry?: Band[] } {
  const { rows, rest } = ruledTables(items, rules)
  const rowLines = rows.map<PdfLine>((row) => ({
    text: row.cells.join('\t'),
    left: row.edges[0] ?? 0,
    right: row.edges.at(-1) ?? 0,
    y: row.top,
    size: 1,
    row,
  }))
  const unruled = bandTables(groupIntoLines(rest), carried)
  return { lines: [...unruled.lines, ...rowLines].sort((a, b) => b.y - a.y), carry: unruled.carry }
}

/**
 * The paragraphs with each row's 1-based table number. A row continues the table of the row before
 * it when their column edges match and nothing but page furniture lies between: a page break with at
 * most a few short lines (page number, running head). A row broken by a page break (Word lets a row
 * split) comes out as a row on each page: the part on the next page has no first cell. When the
 * table's first column has been written in every row so far (序号), such a row is that rest, and its
 * cells are joined onto the row above; otherwise it may be a new row under a vertical merge, and stays.
 */
export function numberTables(paragraphs: readonly PdfParagraph[]): (PdfParagraph & { table?: number })[] {
  const out: (PdfParagraph & { table?: number })[] = []
  let table = 0
  let last: (PdfParagraph & { row: PdfRow; table: number }) | undefined
  let keyed = false
  let between: PdfParagraph[] = []
  for (const paragraph of paragraphs) {
    const row = paragraph.row
    if (!row) {
      between.push(paragraph)
      out.push(paragraph)
      continue
    }
    const nextPage = last !== undefined && paragraph.page > last.page
    const furniture = between.length === 0 || (nextPage && between.length <= 3 && between.every((p) => [...p.text].length <= 20))
    between = []
    if (last && furniture && sameEdges(last.row.edges, row.edges)) {
      if (nextPage && keyed && row.cells[0] === '') {
        const above = last.row.cells
        last.row = { ...last.row, cells: above.map((cell, k) => joinCellLines([cell, row.cells[k] ?? ''])) }
        continue
      }
      keyed &&= row.cells[0] !== ''
    } else {
      table++
      keyed = row.cells[0] !== ''
    }
    last = { ...paragraph, row, table }
    out.push(last)
  }
  return out
}

function sameEdges(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, k) => Math.abs(x - (b[k] as number)) <= SAME_EDGE)
}
