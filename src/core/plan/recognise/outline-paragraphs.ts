import type { ParagraphBlock } from '../read/blocks.js'
import { numberMark } from './numbering.js'
import { findUnitClauses, isClauseLine } from './unit-clauses.js'

/**
 * Paragraph passes before the outline is built: they only split or join paragraphs, so that each
 * item the outline sees is one task's text (and its clause) or a heading.
 */

/** Inline points: 「一是…，由甲科牵头；二是…，由乙科负责。」「：（1）…（甲科负责）；（2）…（乙科负责）」「①…②…」 */
const INLINE_POINT_RES = [
  /(?:^|[：:；;。，,\s])(?=[一二三四五六七八九十]{1,3}是)/g,
  /(?:^|[：:；;。\s])(?=[（(]\d{1,2}[）)])/g,
  /(?:^|[：:；;。，,\s])(?=[①②③④⑤⑥⑦⑧⑨⑩])/g,
]

/**
 * A paragraph holding several inline points of one kind, two or more with units of their own, becomes
 * one paragraph per point (一是, （1）, ① …) after its lead-in; other paragraphs pass unchanged.
 */
export function splitInlinePoints(paragraphs: ParagraphBlock[]): ParagraphBlock[] {
  return paragraphs.flatMap((p) => {
    for (const re of INLINE_POINT_RES) {
      const split = splitAt(p, re)
      if (split) return split
    }
    return [p]
  })
}

function splitAt(p: ParagraphBlock, re: RegExp): ParagraphBlock[] | null {
  const starts = [...p.text.matchAll(re)].map((m) => (m.index ?? 0) + m[0].length)
  if (starts.length < 2) return null
  const points = starts.map((at, k) => p.text.slice(at, starts[k + 1] ?? p.text.length).trim())
  if (points.filter((text) => findUnitClauses(text).length > 0).length < 2) return null
  const leadIn = p.text.slice(0, starts[0]).trim()
  return [...(leadIn ? [{ ...p, text: leadIn }] : []), ...points.map((text) => ({ ...p, text }))]
}

/**
 * A unit clause on a line of its own after an unnumbered paragraph (「市人社局牵头落实」, 「（A、B、C按
 * 职责分工负责）」, as a Word table flattened one cell per line gives them) joins that paragraph: the two
 * are one task. After a numbered item, or a paragraph with a clause of its own, the line stays for the
 * outline to append to the open item.
 */
export function joinClauseLines(paragraphs: ParagraphBlock[]): ParagraphBlock[] {
  const out: ParagraphBlock[] = []
  for (const p of paragraphs) {
    const previous = out.at(-1)
    const joins =
      previous &&
      previous.heading === undefined &&
      !numberMark(previous.text) &&
      !isClauseLine(previous.text) &&
      findUnitClauses(previous.text).length === 0 &&
      isClauseLine(p.text)
    if (joins) out[out.length - 1] = { ...previous, text: `${previous.text}\n${p.text}` }
    else out.push(p)
  }
  return out
}
