import type { NumberingRef } from './docx-styles.js'
import { attrOf, childrenOf, pathOf, rootNamed, tagOf, type XmlNode } from './xml.js'

/**
 * Word's automatic list numbering (word/numbering.xml), rendered as the text a reader sees: a plan
 * whose 「一、」「（一）」「1.」 are list numbers has them nowhere in its text, yet the recogniser reads
 * numbering from the text. Counters follow Word: one set per abstract list, a level's counter
 * restarting whenever a higher level advances, a w:startOverride restarting its list instance.
 */

interface Level {
  start: number
  format: string
  /** e.g. '%1、' or '（%2）'; %N is level N's counter. */
  template: string
  suffix: string
}

interface ListInstance {
  abstractId: string
  startOverrides: Map<number, number>
}

const FORMATTERS: Record<string, (n: number) => string> = {
  decimal: String,
  decimalZero: (n) => String(n).padStart(2, '0'),
  decimalFullWidth: (n) => String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
  decimalEnclosedCircle: enclosedCircle,
  decimalEnclosedCircleChinese: enclosedCircle,
  chineseCounting: chineseCounting,
  chineseCountingThousand: chineseCounting,
  japaneseCounting: chineseCounting,
  ideographDigital: (n) => String(n).replace(/\d/g, (d) => '〇一二三四五六七八九'[Number(d)] ?? d),
  chineseLegalSimplified: (n) => chineseCounting(n).replace(/[一二三四五六七八九十百千]/g, (c) => LEGAL[c] ?? c),
  ideographTraditional: (n) => '甲乙丙丁戊己庚辛壬癸'[(n - 1) % 10] ?? String(n),
  ideographZodiac: (n) => '子丑寅卯辰巳午未申酉戌亥'[(n - 1) % 12] ?? String(n),
  upperLetter: (n) => letter(n).toUpperCase(),
  lowerLetter: letter,
  upperRoman: (n) => roman(n),
  lowerRoman: (n) => roman(n).toLowerCase(),
  none: () => '',
}

const LEGAL: Record<string, string> = {
  一: '壹',
  二: '贰',
  三: '叁',
  四: '肆',
  五: '伍',
  六: '陆',
  七: '柒',
  八: '捌',
  九: '玖',
  十: '拾',
  百: '佰',
  千: '仟',
}

export class DocxNumbering {
  private readonly abstractLevels = new Map<string, Map<number, Level>>()
  private readonly instances = new Map<string, ListInstance>()
  private readonly counters = new Map<string, number[]>()
  private readonly startedInstances = new Set<string>()

  constructor(numberingXml: XmlNode[] | undefined) {
    const root = numberingXml && rootNamed(numberingXml, 'w:numbering')
    for (const node of root ? childrenOf(root) : []) {
      if (tagOf(node) === 'w:abstractNum') this.readAbstract(node)
      if (tagOf(node) === 'w:num') this.readInstance(node)
    }
  }

  /** The label of the next paragraph numbered `ref` ('一、', '（1）'), advancing the counters; '' for bullets and no list. */
  next(ref: Partial<NumberingRef> | undefined): string {
    const instance = ref?.numId === undefined || ref.numId === '0' ? undefined : this.instances.get(ref.numId)
    const levels = instance && this.abstractLevels.get(instance.abstractId)
    const ilvl = ref?.ilvl ?? 0
    const level = levels?.get(ilvl)
    if (!instance || !levels || !level || ref?.numId === undefined) return ''
    const counters = this.counters.get(instance.abstractId) ?? []
    if (!this.startedInstances.has(ref.numId)) {
      this.startedInstances.add(ref.numId)
      for (const [overridden, start] of instance.startOverrides) counters[overridden] = start - 1
    }
    counters[ilvl] = (counters[ilvl] ?? level.start - 1) + 1
    counters.length = ilvl + 1
    this.counters.set(instance.abstractId, counters)
    if (level.format === 'bullet') return ''
    const label = level.template.replace(/%([1-9])/g, (_, n: string) => {
      const at = Number(n) - 1
      const shown = levels.get(at)
      return (FORMATTERS[shown?.format ?? 'decimal'] ?? String)(counters[at] ?? shown?.start ?? 1)
    })
    return label + separatorAfter(label, level.suffix)
  }

  private readAbstract(node: XmlNode): void {
    const id = attrOf(node, 'w:abstractNumId')
    if (id === undefined) return
    const levels = new Map<number, Level>()
    for (const lvl of childrenOf(node)) {
      if (tagOf(lvl) !== 'w:lvl') continue
      levels.set(Number(attrOf(lvl, 'w:ilvl') ?? 0), {
        start: Number(valOf(lvl, 'w:start') ?? 1),
        format: pathOf(lvl, 'w:isLgl') ? 'decimal' : (valOf(lvl, 'w:numFmt') ?? 'decimal'),
        template: valOf(lvl, 'w:lvlText') ?? '',
        suffix: valOf(lvl, 'w:suff') ?? 'tab',
      })
    }
    this.abstractLevels.set(id, levels)
  }

  private readInstance(node: XmlNode): void {
    const numId = attrOf(node, 'w:numId')
    const abstractId = valOf(node, 'w:abstractNumId')
    if (numId === undefined || abstractId === undefined) return
    const startOverrides = new Map<number, number>()
    for (const override of childrenOf(node)) {
      const start = tagOf(override) === 'w:lvlOverride' ? valOf(override, 'w:startOverride') : undefined
      if (start !== undefined) startOverrides.set(Number(attrOf(override, 'w:ilvl') ?? 0), Number(start))
    }
    this.instances.set(numId, { abstractId, startOverrides })
  }
}

function valOf(node: XmlNode, tag: string): string | undefined {
  const child = pathOf(node, tag)
  return child && attrOf(child, 'w:val')
}

/** What Word puts between label and text, as plain text: nothing after 「、」「.」「）」, else one space. */
function separatorAfter(label: string, suffix: string): string {
  if (suffix === 'nothing' || label === '' || /[、.．)）:：]$/.test(label)) return ''
  return ' '
}

const DIGITS = '零一二三四五六七八九'

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as Word's chineseCounting writes them). */
export function chineseCounting(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10000) return String(n)
  if (n < 10) return DIGITS[n] ?? String(n)
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`
  const units = ['千', '百', '十', '']
  const parts = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10]
  let out = ''
  parts.forEach((digit, i) => {
    if (digit) out += (DIGITS[digit] ?? '') + (units[i] ?? '')
    else if (out && !out.endsWith('零') && parts.slice(i + 1).some(Boolean)) out += '零'
  })
  return out
}

function enclosedCircle(n: number): string {
  if (n >= 1 && n <= 20) return String.fromCodePoint(0x2460 + n - 1)
  if (n >= 21 && n <= 35) return String.fromCodePoint(0x3251 + n - 21)
  if (n >= 36 && n <= 50) return String.fromCodePoint(0x32b1 + n - 36)
  return String(n)
}

function letter(n: number): string {
  let out = ''
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(97 + ((k - 1) % 26)) + out
  return out
}

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ]
  let out = ''
  let rest = n
  for (const [value, digits] of table) for (; rest >= value; rest -= value) out += digits
  return out
}
