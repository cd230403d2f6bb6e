import type { PdfRow } from './pdf-cells.js'
import type { PdfLine } from './pdf-lines.js'

/**
 * Joins the lines of a wrapped paragraph back into one, as a .txt or .docx would hold it: a PDF
 * breaks every paragraph at the right margin, and a fragment such as 「5年内重点引进…」 would
 * otherwise read as a new item. Line k+1 continues line k when
 *   - neither is a table row (a line with `row`, or with a column tab) nor a line standing `alone`,
 *   - line k runs to the right edge of the page's text (within WRAP_SLACK_EM glyphs: CJK line breaking
 *     keeps punctuation off a line's start, so lines end a little short),
 *   - line k+1 starts at the left edge (a new paragraph is indented, 首行缩进, or starts after a short line),
 *     does not start with a list label (「2.」「（三）」), and has the same glyph size,
 *   - and, on one page, lies within LINE_SPACING_EM glyphs below (no paragraph spacing between).
 * The last line of a page continues onto the next page's first line by the same rules, bar spacing.
 * A table row (a line with `row`) is never joined: it passes through, counting its text lines.
 */

export interface PdfParagraph {
  text: string
  /** 1-based page the paragraph starts on. */
  page: number
  /** Running number (through the document) of its first line. */
  line: number
  /** Set when this is a table row. */
  row?: PdfRow
}

const WRAP_SLACK_EM = 2.5
const INDENT_EM = 0.5
const LINE_SPACING_EM = 2.2
const LIST_START_RE = /^(?:[（(][一二三四五六七八九十百\d]{1,4}[)）]|[一二三四五六七八九十百]{1,4}[、.．]|\d{1,4}[、.．](?!\d)|[①-⑳])/

export function joinWrappedLines(pages: readonly PdfLine[][]): PdfParagraph[] {
  const out: PdfParagraph[] = []
  let previous: { line: PdfLine; page: PdfLine[] } | undefined
  let lineNumber = 0
  pages.forEach((lines, index) => {
    for (const line of lines) {
      lineNumber++
      const last = out.at(-1)
      if (line.row) {
        out.push({ text: line.text, page: index + 1, line: lineNumber, row: line.row })
        lineNumber += Math.max(0, line.row.lineCount - 1)
      } else if (last && previous && continues(previous.line, previous.page, line, lines, previous.page === lines)) {
        last.text += joiner(last.text, line.text) + line.text
      } else {
        out.push({ text: line.text, page: index + 1, line: lineNumber })
      }
      previous = { line, page: lines }
    }
  })
  return out
}

function continues(above: PdfLine, abovePage: PdfLine[], below: PdfLine, belowPage: PdfLine[], samePage: boolean): boolean {
  if (isTabular(above) || isTabular(below) || LIST_START_RE.test(below.text)) return false
  const em = Math.max(above.size, below.size)
  if (Math.abs(above.size - below.size) > 0.1 * em) return false
  if (above.right < textEdges(abovePage).right - WRAP_SLACK_EM * em) return false
  if (below.left > textEdges(belowPage).left + INDENT_EM * em) return false
  return !samePage || (above.y - below.y > 0 && above.y - below.y <= LINE_SPACING_EM * em)
}

const edgesCache = new WeakMap<PdfLine[], { left: number; right: number }>()

/** The left and right edges of a page's running text (table rows left out: a table may be wider). */
function textEdges(page: PdfLine[]): { left: number; right: number } {
  let edges = edgesCache.get(page)
  if (!edges) {
    const text = page.filter((line) => !isTabular(line))
    edges = { left: Math.min(...text.map((l) => l.left)), right: Math.max(...text.map((l) => l.right)) }
    edgesCache.set(page, edges)
  }
  return edges
}

const isTabular = (line: PdfLine): boolean => line.row !== undefined || line.alone === true || line.text.includes('\t')

/** Latin words wrapped at a space get the space back; Chinese joins directly. */
function joiner(before: string, after: string): string {
  return /[A-Za-z0-9,.;:]$/.test(before) && /^[A-Za-z0-9]/.test(after) ? ' ' : ''
}
