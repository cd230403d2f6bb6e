import { chineseNumber } from '../../text/chinese-numerals.js'

/**
 * The numbering marks that open a paragraph of a plan, at any depth:
 *   一、 (cn) · （一） (cn-paren) · 1. 1、 (num) · （1） 1） (num-paren) · ① (circled) · 第一部分 (part)
 * Pure: a paragraph's text in, its mark out. Which depth carries tasks is decided by the outline.
 */

export type NumberStyle = 'part' | 'cn' | 'cn-paren' | 'article' | 'bare' | 'num' | 'dec2' | 'dec3' | 'num-paren' | 'circled' | 'shi'

/** Outline depth of each style, shallow first: a heading of a shallower style can group deeper ones. */
export const STYLE_DEPTH: Record<NumberStyle, number> = {
  part: 0,
  cn: 1,
  'cn-paren': 2,
  article: 2.5,
  bare: 2.8,
  num: 3,
  dec2: 3.2,
  dec3: 3.4,
  'num-paren': 4,
  circled: 5,
  shi: 5.5,
}

export interface NumberMark {
  style: NumberStyle
  value: number
  /** The numeral as written: '一', '12', '3'. */
  label: string
  /** The text after the mark. */
  rest: string
  /**
   * True for `11.365便民服务项目`: a number glued to a title that starts with digits. It could also be
   * a decimal (6.2%…), so the outline takes it as a mark only where this number is the one expected.
   */
  glued?: true
}

const CN = '〇零一二两三四五六七八九十百'
const PART_RE = new RegExp(`^第([${CN}\\d]+)(?:部分|章|篇)\\s*[、.．:：]?\\s*(.*)$`)
/** 「第一条　降低企业用地成本」 */
const ARTICLE_RE = new RegExp(`^第([${CN}\\d]+)条\\s*[、.．:：]?\\s*(.*)$`)
/** 「一是加强宣传」: a point written inline, split out of its paragraph by the outline. */
const SHI_RE = new RegExp(`^([${CN}]{1,3})是\\s*[，,：:]?\\s*(.+)$`)
/** 「1.1 开展…」「3.1.1食品安全」: decimal outline numbers (not 6.2%, not 11.365便民, which is glued). */
const DECIMAL_RE = /^(\d{1,2}(?:[.．]\d{1,2}){1,2})(?![\d.．%])\s*(.+)$/
/** 「1 强化质量强区建设」: a bare number and a short heading. */
const BARE_RE = /^(\d{1,2})[ \u3000]+([^\d\s][^。，,；;]{0,29})$/
const CN_RE = new RegExp(`^([${CN}]{1,4})\\s*[、.．]\\s*(.*)$`)
const CN_PAREN_RE = new RegExp(`^[（(]\\s*([${CN}]{1,4})\\s*[）)]\\s*[、.．]?\\s*(.*)$`)
const NUM_RE = /^(\d{1,5})\s*(?:[、．]|\.(?!\d))\s*(.*)$/
const NUM_GLUED_RE = /^(\d{1,5})[.．](\d.*)$/
const NUM_PAREN_RE = /^(?:[（(]\s*(\d{1,4})\s*[）)]|(\d{1,4})\s*[）)])\s*[、.．]?\s*(.*)$/
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'

/**
 * Small and half-width forms of the marks after a number (「1﹒」 U+FE52, 「一﹑」 U+FE51, 「二､」 U+FF64),
 * as pages copied from the web carry them: read as 「．」 and 「、」. Only the mark right after the
 * number is touched.
 */
const MARK_VARIANTS_RE = /^([^\s]{1,8}?)([﹒﹑､])/
const MARK_OF: Record<string, string> = { '﹒': '．', '﹑': '、', '､': '、' }

export function numberMark(text: string): NumberMark | null {
  const t = text.trim().replace(MARK_VARIANTS_RE, (_, head: string, m: string) => `${head}${MARK_OF[m] ?? m}`)
  let m = t.match(PART_RE)
  if (m) return mark('part', m[1] ?? '', m[2] ?? '')
  m = t.match(ARTICLE_RE)
  if (m) return mark('article', m[1] ?? '', m[2] ?? '')
  m = t.match(CN_RE)
  if (m) return mark('cn', m[1] ?? '', m[2] ?? '')
  m = t.match(SHI_RE)
  if (m) return mark('shi', m[1] ?? '', m[2] ?? '')
  m = t.match(CN_PAREN_RE)
  if (m) return mark('cn-paren', m[1] ?? '', m[2] ?? '')
  m = t.match(NUM_PAREN_RE)
  if (m) return mark('num-paren', m[1] ?? m[2] ?? '', m[3] ?? '')
  m = t.match(DECIMAL_RE)
  if (m) {
    const parts = (m[1] ?? '').split(/[.．]/)
    const found = mark(parts.length === 2 ? 'dec2' : 'dec3', parts.at(-1) ?? '', m[2] ?? '')
    return found && { ...found, label: parts.join('.') }
  }
  m = t.match(NUM_RE)
  if (m) return mark('num', m[1] ?? '', m[2] ?? '')
  m = t.match(BARE_RE)
  if (m) return mark('bare', m[1] ?? '', m[2] ?? '')
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
