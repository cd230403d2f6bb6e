import { chineseNumber } from '../../text/chinese-numerals.js'

/**
 * The numbering marks that open a paragraph of a plan, at any depth:
 *   一、 (cn) · （一） (cn-paren) · 1. 1、 (num) · （1） 1） (num-paren) · ① (circled) · 第一部分 (part)
 * Pure: a paragraph's text in, its mark out. Which depth carries tasks is decided by the outline.
 */

export type NumberStyle = 'part' | 'cn' | 'cn-paren' | 'num' | 'num-paren' | 'circled'

/** Outline depth of each style, shallow first: a heading of a shallower style can group deeper ones. */
export const STYLE_DEPTH: Record<NumberStyle, number> = { part: 0, cn: 1, 'cn-paren': 2, num: 3, 'num-paren': 4, circled: 5 }

export interface NumberMark {
  style: NumberStyle
  value: number
  /** The numeral as written: '一', '12', '3'. */
  label: string
  /** The text after the mark. */
  rest: string
  /**
   * True for `11.121人才梯队项目`: a number glued to a title that starts with digits. It could also be
   * a decimal (6.2%…), so the outline takes it as a mark only where this number is the one expected.
   */
  glued?: true
}

const CN = '〇零一二两三四五六七八九十百'
const PART_RE = new RegExp(`^第([${CN}\\d]+)(?:部分|章|篇)\\s*[、.．:：]?\\s*(.*)$`)
const CN_RE = new RegExp(`^([${CN}]{1,4})\\s*[、.．]\\s*(.*)$`)
const CN_PAREN_RE = new RegExp(`^[（(]\\s*([${CN}]{1,4})\\s*[）)]\\s*[、.．]?\\s*(.*)$`)
const NUM_RE = /^(\d{1,5})\s*(?:[、．]|\.(?!\d))\s*(.*)$/
const NUM_GLUED_RE = /^(\d{1,5})[.．](\d.*)$/
const NUM_PAREN_RE = /^(?:[（(]\s*(\d{1,4})\s*[）)]|(\d{1,4})\s*[）)])\s*[、.．]?\s*(.*)$/
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'

export function numberMark(text: string): NumberMark | null {
  const t = text.trim()
  let m = t.match(PART_RE)
  if (m) return mark('part', m[1] ?? '', m[2] ?? '')
  m = t.match(CN_RE)
  if (m) return mark('cn', m[1] ?? '', m[2] ?? '')
  m = t.match(CN_PAREN_RE)
  if (m) return mark('cn-paren', m[1] ?? '', m[2] ?? '')
  m = t.match(NUM_PAREN_RE)
  if (m) return mark('num-paren', m[1] ?? m[2] ?? '', m[3] ?? '')
  m = t.match(NUM_RE)
  if (m) return mark('num', m[1] ?? '', m[2] ?? '')
  m = t.match(NUM_GLUED_RE)
  if (m) {
    const found = mark('num', m[1] ?? '', m[2] ?? '')
    return found && { ...found, glued: true }
  }
  const circled = CIRCLED.indexOf(t[0] ?? '')
  if (circled >= 0)
    return { style: 'circled', value: circled + 1, label: String(circled + 1), rest: t.slice(1).replace(/^\s*[、.．]?\s*/, '') }
  return null
}

function mark(style: NumberStyle, label: string, rest: string): NumberMark | null {
  const value = /^\d+$/.test(label) ? Number(label) : chineseNumber(label)
  if (value === null || value <= 0) return null
  return { style, value, label, rest: rest.trim() }
}

/** A table's 序号 cell: 「12」「12.」「（3）」「一」. Its value, or null when it is no number. */
export function serialValue(cell: string): number | null {
  const found = numberMark(`${cell.trim().replace(/[.．、]$/, '')}、`)
  if (found && found.rest === '') return found.value
  return null
}
