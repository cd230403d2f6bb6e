/**
 * Splits a long reply into parts that fit a platform limit, in order, preferring line breaks, then
 * Chinese or Western sentence ends, and only as a last resort a hard cut. Every character of the
 * input appears in exactly one part (line breaks at cut points are dropped).
 */

export interface SplitLimit {
  /** Maximum length of a part, measured by `measure`. */
  max: number
  /** Length of a string: characters (Slack) or UTF-8 bytes (WeChat). */
  measure: (s: string) => number
}

export const slackBlockLimit: SplitLimit = { max: 3000, measure: (s) => s.length }
export const wechatLimit: SplitLimit = { max: 2000, measure: (s) => Buffer.byteLength(s, 'utf8') }

export function splitReply(text: string, limit: SplitLimit): string[] {
  const parts: string[] = []
  let rest = text
  while (limit.measure(rest) > limit.max) {
    const cut = bestCut(rest, limit)
    parts.push(rest.slice(0, cut).replace(/\n+$/, ''))
    rest = rest.slice(cut).replace(/^\n+/, '')
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest)
  return parts
}

/** The largest prefix length that fits, moved back to a line or sentence end when one is near. */
function bestCut(text: string, limit: SplitLimit): number {
  let fit = 0
  let lo = 1
  let hi = text.length
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (limit.measure(text.slice(0, mid)) <= limit.max) {
      fit = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  fit = Math.max(fit, 1)
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text[fit - 1] ?? '')) fit -= 1
  const window = text.slice(0, fit)
  const floor = Math.floor(fit / 2)
  const newline = window.lastIndexOf('\n')
  if (newline >= floor) return newline + 1
  const sentence = Math.max(...['。', '；', '！', '？', '. '].map((p) => window.lastIndexOf(p)))
  if (sentence >= floor) return sentence + 1
  return fit
}
