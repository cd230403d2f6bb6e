/**
 * Chinese numerals in task and section references: 第二十三条 → 23, 进度 二十三 → 23, 第三部分 → 3.
 * Only numerals in such positions are converted: 一网通办 and 一县一特 stay as they are.
 */

const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }
export const NUMERAL_CHARS = '〇零一二两三四五六七八九十百千'

/** Value of a Chinese numeral such as 二十三, 十五, 一百零二, 二〇二三; null when it is not one. */
export function chineseNumber(text: string): number | null {
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
