import type { PdfRow } from './pdf-cells.js'

/**
 * Groups a PDF page's positioned text items into lines, as a reader sees them: items whose baselines
 * lie within half a glyph height of each other are one line, read left to right. Between two items
 * on a line, a gap wider than TAB_GAP_EM glyph heights is a table column gap and becomes '\t' (the
 * recogniser splits such lines into cells, as for a tab-separated .txt), except after a list label
 * that starts the line (「一、」 then a tab stop); a smaller gap joins the items directly (Chinese has
 * no spaces), or with one space between two Latin letters or digits.
 */

export interface PositionedText {
  str: string
  /** Left edge and baseline, in PDF units (y grows upwards). */
  x: number
  y: number
  width: number
  /** Glyph height (font size), in the same units. */
  size: number
}

/** A column gap is wider than this many glyph heights: LibreOffice/Word table padding is ~0.4 em per cell side. */
export const TAB_GAP_EM = 0.7
const WORD_GAP_EM = 0.15
/** A list label alone at the start of a line ('一、', '（1）', '1.'), whose gap to its text is a tab stop, not a column. */
const LIST_LABEL_RE = /^(?:[（(]?[一二三四五六七八九十百\d]{1,4}[)）、.．]|[（(][一二三四五六七八九十百\d]{1,4}[)）]|[①-⑳])$/
const SAME_LINE_EM = 0.5
/** An item starting this far inside the previous one is drawn over it, not after it. */
const OVERLAP_EM = 0.3

/** One text line of a page, with the geometry that joinWrappedLines and table finding need. */
export interface PdfLine {
  text: string
  left: number
  right: number
  /** Baseline, in PDF units (y grows upwards). */
  y: number
  size: number
  /** The line's pieces between column gaps (its text split at '\t'), with their x extents. */
  parts?: LinePart[]
  /** Set when this "line" is a whole table row (see pdf-table.ts); text is then its cells tab-joined. */
  row?: PdfRow
  /** Set when the line's column gaps are no table's (written as spaces, see pdf-table.ts): it stands on its own. */
  alone?: boolean
}

export interface LinePart {
  text: string
  left: number
  right: number
}

export function groupIntoLines(items: readonly PositionedText[]): PdfLine[] {
  const visible = items.filter((item) => item.str.trim() !== '')
  visible.sort((a, b) => b.y - a.y || a.x - b.x)
  const lines: PositionedText[][] = []
  for (const item of visible) {
    const line = lines.at(-1)
    const first = line?.[0]
    if (line && first && Math.abs(first.y - item.y) <= SAME_LINE_EM * Math.max(first.size, item.size, 1)) line.push(item)
    else lines.push([item])
  }
  return lines.map(toLine).filter((line) => line.text !== '')
}

function toLine(items: PositionedText[]): PdfLine {
  const runs = overlaid(items)
  let text = ''
  let previous: PositionedText | undefined
  const parts: LinePart[] = []
  for (const run of runs) {
    let part = parts.at(-1)
    if (previous) {
      const gap = run.x - (previous.x + previous.width)
      const em = Math.max(previous.size, run.size, 1)
      if (gap > TAB_GAP_EM * em && !LIST_LABEL_RE.test(text)) {
        text += '\t'
        part = undefined
      } else if (gap > WORD_GAP_EM * em && /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(run.str)) {
        text += ' '
        if (part) part.text += ' '
      }
    }
    if (part) {
      part.text += run.str
      part.right = Math.max(part.right, run.x + run.width)
    } else {
      parts.push({ text: run.str, left: run.x, right: run.x + run.width })
    }
    text += run.str
    previous = run
  }
  return {
    parts,
    text: text.trim(),
    left: Math.min(...runs.map((run) => run.x)),
    right: Math.max(...runs.map((run) => run.x + run.width)),
    y: runs[0]?.y ?? 0,
    size: Math.max(1, ...runs.map((run) => run.size)),
  }
}

/**
 * The items of one line in x order, with an item drawn over an earlier one put inside its text.
 * LibreOffice draws a CJK run with a blank where a glyph from another font goes (the quotes “”
 * in 「大力实施“产业提升”」), then that glyph on its own over the blank: it is placed at the
 * character its x falls on, taking the place of a blank there.
 */
function overlaid(items: PositionedText[]): PositionedText[] {
  const runs: PositionedText[] = []
  for (const item of [...items].sort((a, b) => a.x - b.x)) {
    const str = item.str.trim()
    const host = runs.at(-1)
    if (host && item.x < host.x + host.width - OVERLAP_EM * Math.max(host.size, 1)) {
      const chars = [...host.str]
      const at = Math.round((item.x - host.x) / (host.width / chars.length))
      const blank = [at, at - 1, at + 1].find((k) => chars[k] === ' ')
      if (blank === undefined) chars.splice(Math.min(at, chars.length), 0, str)
      else chars[blank] = str
      host.str = chars.join('')
    } else {
      runs.push({ ...item, str })
    }
  }
  return runs
}

/** A page number as a footer or header writes it: 「— 1 —」「- 1 -」「第1页」「第1页 共6页」「1/6」「1」 (not 「2024」). */
const PAGE_NUMBER_RE = /^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,3}(?:\s*\/\s*\d{1,3})?)$/

/**
 * The lines (top to bottom) without a page number that nothing on the page stands above or below:
 * page furniture, which a .docx never gives (footers are not read), and which would otherwise stand
 * between a paragraph or a table row and its rest on the next page, or be read as a cell's last line.
 */
export function withoutPageNumbers(lines: readonly PdfLine[], page: readonly PositionedText[]): PdfLine[] {
  const ys = page.filter((item) => item.str.trim() !== '').map((item) => item.y)
  const [top, foot] = [Math.max(...ys), Math.min(...ys)]
  const furniture = (line: PdfLine, k: number): boolean =>
    PAGE_NUMBER_RE.test(line.text.trim()) &&
    ((k === 0 && top - line.y <= SAME_LINE_EM * line.size) || (k === lines.length - 1 && line.y - foot <= SAME_LINE_EM * line.size))
  return lines.filter((line, k) => !furniture(line, k))
}
