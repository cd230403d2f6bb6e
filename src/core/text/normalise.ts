import * as OpenCC from 'opencc-js/t2cn'
import { arabiseReferences } from './chinese-numerals.js'

/**
 * Normalisation applied to every incoming message before routing, so that full-width digits,
 * traditional characters, zero-width characters and a leading @mention read as if typed plainly.
 */

export const MAX_MESSAGE_CHARS = 2000

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' })

/** Zero-width and other format characters (Unicode Cf), e.g. U+200B inside "2​0". */
const FORMAT_CHARS = /\p{Cf}/gu
/** C0/C1 controls except tab and line breaks. */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g
/** A leading mention: Slack <@U123>, or @name followed by a space (WeChat uses U+2005). */
const LEADING_MENTION = /^(?:\s*(?:<@[\w.-]+>|@[^\s\u2005@]+[\s\u2005]+))+/

/** Strips characters that carry no text: format (zero-width) and control characters. */
export function stripInvisible(text: string): string {
  return text.replace(FORMAT_CHARS, '').replace(CONTROL_CHARS, '')
}

/** Width and script folding used on both sides of search: NFKC, then traditional → simplified. */
export function foldText(text: string): string {
  return toSimplified(text.normalize('NFKC'))
}

/**
 * The full pipeline for a chat message: strip invisibles, fold width and script, drop a leading
 * @mention, collapse spaces, convert Chinese numerals in task references (第二十条 → 第20条).
 */
export function normaliseMessage(text: string): string {
  const folded = foldText(stripInvisible(text)).replace(/\u3000/g, ' ')
  const unmentioned = folded.replace(LEADING_MENTION, '')
  return arabiseReferences(unmentioned.replace(/[ \t]+/g, ' ').trim())
}

/** Particles, emoji, thanks and punctuation that can end a question without changing it. */
const TRAILING_FILLER =
  /(?:[\s?？!！。.,，~～…]|\p{Extended_Pictographic}|\uFE0F|[啊呀呢吧哈嘛哦噢呗啦]|谢谢(?:你|您|啦|了)?|多谢|感谢|thanks|thx)+$/giu

/**
 * The question without what trails it: 「归哪个科管呀？🙏谢谢」 → 「归哪个科管」, so intent patterns
 * anchored at the end still match. A message that is only filler is returned unchanged, for small
 * talk to answer.
 */
export function trimTrailingFiller(text: string): string {
  const trimmed = text.replace(TRAILING_FILLER, '')
  return trimmed || text
}
