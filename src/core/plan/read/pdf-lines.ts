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

export function groupIntoLines(items: readonly PositionedText[]): string[] {
  const visible = items.filter((item) => item.str.trim() !== '')
  visible.sort((a, b) => b.y - a.y || a.x - b.x)
  const lines: PositionedText[][] = []
  for (const item of visible) {
    const line = lines.at(-1)
    const first = line?.[0]
    if (line && first && Math.abs(first.y - item.y) <= SAME_LINE_EM * Math.max(first.size, item.size, 1)) line.push(item)
    else lines.push([item])
  }
  return lines.map(joinLine).filter((text) => text !== '')
}

function joinLine(line: PositionedText[]): string {
  line.sort((a, b) => a.x - b.x)
  let text = ''
  let previous: PositionedText | undefined
  for (const item of line) {
    const str = item.str.trim()
    if (previous) {
      const gap = item.x - (previous.x + previous.width)
      const em = Math.max(previous.size, item.size, 1)
      if (gap > TAB_GAP_EM * em && !LIST_LABEL_RE.test(text)) text += '\t'
      else if (gap > WORD_GAP_EM * em && /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(str)) text += ' '
    }
    text += str
    previous = item
  }
  return text.trim()
}
