import { trimLine } from './text.js'

/**
 * Rebuilds the lines of an old .doc from word-extractor's body text. Paragraphs end in '\n'; a table
 * row is its cells joined by '\t' and ends in '\t\n' (a vertically merged cell is an empty cell). But
 * a paragraph break inside a cell is a '\n' too, which cuts its row in two: a line that has a tab
 * (so it is part of a row, past its first cell) and no row end is joined, with one space, to the
 * lines up to the next row end, when the joined row has as many cells as the row next to it. The
 * row's trailing '\t' and the blanks around its tabs are cut, so the recogniser sees tab-separated
 * rows as in a .txt.
 */

export interface DocLine {
  text: string
  /** 1-based line of the body text the line starts on. */
  line: number
}

/** How many paragraph breaks one cell may hold and still be joined back into its row. */
const MAX_CELL_BREAKS = 8

export function docLines(body: string): DocLine[] {
  const raw = body.split(/\r\n|\n|\r/)
  const out: DocLine[] = []
  /** Tab count of the last whole row read, the width a cut row must join back to. */
  let lastRowTabs: number | undefined
  for (let i = 0; i < raw.length; i++) {
    const end = rowEndFrom(raw, i, lastRowTabs)
    const parts = raw.slice(i, end + 1).filter((part) => part.trim() !== '' || part.includes('\t'))
    const isRow = isRowEnd(raw[end])
    if (isRow) lastRowTabs = parts.reduce((n, part) => n + tabCount(part), 0)
    const joined = isRow ? parts.join(' ').replace(/\t$/, '') : (raw[i] ?? '')
    const text = trimLine(isRow ? joined.replace(/[^\S\t]*\t[^\S\t]*/g, '\t') : joined)
    if (text) out.push({ text, line: i + 1 })
    i = end
  }
  return out
}

/** The index of the row end that line i belongs to (i itself when it is whole or a paragraph). */
function rowEndFrom(raw: string[], i: number, lastRowTabs: number | undefined): number {
  const line = raw[i] ?? ''
  if (isRowEnd(line) || !line.includes('\t')) return i
  let j = i + 1
  while (j < raw.length && j - i <= MAX_CELL_BREAKS && !isRowEnd(raw[j])) j++
  if (!isRowEnd(raw[j])) return i
  const expected = isRowEnd(raw[i - 1]) ? lastRowTabs : isRowEnd(raw[j + 1]) ? tabCount(raw[j + 1]) : undefined
  const joined = raw.slice(i, j + 1).reduce((n, part) => n + tabCount(part), 0)
  return joined === expected ? j : i
}

function isRowEnd(line: string | undefined): boolean {
  return line?.endsWith('\t') ?? false
}

function tabCount(line: string | undefined): number {
  return (line ?? '').split('\t').length - 1
}
