import { escapeRegExp } from './regexp.js'

/**
 * Chinese numerals in task and section references: 第二十三条 → 23, 进度 二十三 → 23, 第三部分 → 3.
 * Only numerals in such positions are converted: 一网通办 and 一县一特 stay as they are.
 */

const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }
/** 万 and 亿 group the smaller units: 一万二千 = 1·10⁴ + 2000. */
const GROUPS: Record<string, number> = { 万: 1e4, 亿: 1e8 }
export const NUMERAL_CHARS = '〇零一二两三四五六七八九十百千'

/** Value of a Chinese numeral such as 二十三, 十五, 一百零二, 二〇二三, 一万二千; null when it is not one. */
export function chineseNumber(text: string): number | null {
  const group = text.includes('亿') ? '亿' : text.includes('万') ? '万' : undefined
  if (group) {
    const at = text.indexOf(group)
    const high = at === 0 ? 1 : chineseNumber(text.slice(0, at))
    const low = at === text.length - 1 ? 0 : chineseNumber(text.slice(at + 1).replace(/^零/, ''))
    return high === null || low === null ? null : high * (GROUPS[group] ?? 1) + low
  }
  if (!text || ![...text].every((c) => c in DIGITS || c in UNITS)) return null
  if (![...text].some((c) => c in UNITS)) {
    // Positional form: 二〇二三
    return Number([...text].map((c) => DIGITS[c]).join(''))
  }
  let total = 0
  let digit = 0
  for (const c of text) {
    const unit = UNITS[c]
    if (unit !== undefined) {
      total += (digit || 1) * unit
      digit = 0
    } else digit = DIGITS[c] ?? 0
  }
  return total + digit
}

const N = `[${NUMERAL_CHARS}]+`
/** Positions where a numeral names a task, item or section. */
const REFERENCE_PATTERNS: RegExp[] = [
  new RegExp(`(第)(${N})(?=\\s*(?:条|项|部分|大项|个部分|款|点|章))`, 'g'),
  new RegExp(`(任务|进度|進度|报送进度|报送|编号|序号|#)(\\s*)(${N})(?![${NUMERAL_CHARS}])`, 'g'),
]

/** Rewrites Chinese numerals in reference positions to Arabic digits. */
export function arabiseReferences(text: string): string {
  let out = text.replace(REFERENCE_PATTERNS[0] as RegExp, (_m, di: string, n: string) => `${di}${chineseNumber(n) ?? n}`)
  out = out.replace(
    REFERENCE_PATTERNS[1] as RegExp,
    (_m, word: string, space: string, n: string) => `${word}${space || ' '}${chineseNumber(n) ?? n}`,
  )
  return out
}

const DIGIT_CHARS = '零一二三四五六七八九'
/** 3 → 三, 12 → 十二, 23 → 二十三 (for section labels; up to 99). */
export function chineseNumeral(n: number): string {
  if (n < 10) return DIGIT_CHARS[n] ?? String(n)
  if (n >= 100) return String(n)
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens > 1 ? DIGIT_CHARS[tens] : ''}十${ones ? DIGIT_CHARS[ones] : ''}`
}

/**
 * Chinese numerals written as figures in a progress text: 六千五百条次 → 6500条次, 八十件 → 80件,
 * 一万二千户 → 12000户, 百分之六十 → 60%. Only a numeral directly before one of `measures` is rewritten, so 一网通办
 * and 第一方阵 stay as they are. 万/亿 right before the measure (三万户) are kept as part of it.
 */
export function arabiseFigures(text: string, measures: readonly string[]): string {
  const units = [...measures].sort((a, b) => b.length - a.length).map(escapeRegExp)
  const figure = new RegExp(`(?<![第${NUMERAL_CHARS}万亿])([${NUMERAL_CHARS}万亿]+)(\\s*(?:${units.join('|')}))`, 'g')
  // 百分之六十 / 百分之85 → 60% / 85%.
  const percent = text.replace(new RegExp(`百分之([${NUMERAL_CHARS}]+|\\d+(?:\\.\\d+)?)`, 'g'), (whole, n: string) => {
    const value = /\d/.test(n) ? Number(n) : chineseNumber(n)
    return value === null ? whole : `${value}%`
  })
  return percent.replace(figure, (whole, numeral: string, unit: string) => {
    const value = chineseNumber(numeral)
    return value === null || !/[一二两三四五六七八九十]/.test(numeral) ? whole : `${value}${unit}`
  })
}
