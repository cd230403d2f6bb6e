import { normaliseMessage, stripInvisible } from './normalise.js'

/**
 * The part of a message as the user typed it. Commands are parsed on the normalised message
 * (normalise.ts: full-width → half-width, traditional → simplified, @mention dropped, 第二十条 →
 * 第20条), so a slot such as a report's text is a tail of the normalised message; what is stored and
 * shown must be the user's own characters. This finds the shortest tail of `original` that
 * normalises to the rest of the message from `tail` on (trailing punctuation the router trimmed
 * included: the user typed it): normalising never lengthens text much and a shorter input never
 * gives a longer output, so a binary search on the start finds the neighbourhood and a short scan
 * the exact start. Null when no tail of the original matches (the caller keeps the normalised text).
 */
export function originalTail(original: string, tail: string): string | null {
  const trimmed = tail.trim()
  if (!trimmed) return ''
  // The slot may stop short of the message's end (a trailing 。 or 谢谢 is trimmed before routing):
  // what the user typed runs to the end, so look for the whole normalised rest of the message.
  const full = normaliseMessage(original)
  const at = full.lastIndexOf(trimmed)
  if (at < 0) return null
  const wanted = full.slice(at)
  const normalisedFrom = (i: number) => normaliseMessage(original.slice(i))
  // Largest start whose tail still normalises to something at least as long as `wanted`.
  let low = 0
  let high = original.length
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (normalisedFrom(mid).length >= wanted.length) low = mid
    else high = mid - 1
  }
  for (let i = low; i >= Math.max(0, low - 8); i--) {
    if (normalisedFrom(i) === wanted) return original.slice(i).trim()
  }
  for (let i = low + 1; i <= Math.min(original.length, low + 8); i++) {
    if (normalisedFrom(i) === wanted) return original.slice(i).trim()
  }
  return null
}

/**
 * What is stored and shown of a command's text: the user's own characters (their punctuation,
 * width and script), without invisible and control characters (zero-width spaces, NUL, ESC),
 * which nobody sees and SQLite should not keep. The normalised `tail` when the original cannot be
 * matched.
 */
export function asTyped(original: string, tail: string): string {
  return stripInvisible(originalTail(original, tail) ?? tail).trim()
}
