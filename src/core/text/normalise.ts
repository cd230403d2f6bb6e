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
/** Emoji and punctuation only, for a message that is all courtesy (谢谢啦😊 → 谢谢啦). */
const TRAILING_MARKS = /(?:[\s?？!！。.,，~～…]|\p{Extended_Pictographic}|\uFE0F)+$/gu
/** The speech act before a question: 麻烦再说一下, 请帮我查一下, 领导让我问问, 我想知道. */
const LEADING_FILLER =
  /^(?:(?:请问|麻烦(?:你|您)?|劳驾|领导让我问问|我想知道|想了解(?:一下|下)?|想问(?:一下|下)?|问(?:一下|下))|(?:请|帮(?:我|忙)?|再|重新)*(?:说|讲|看|查|找|发)(?:一下|下))[,，\s]*/u

/**
 * The question without what surrounds it: 「麻烦再说一下第十条」 → 「第十条」, 「归哪个科管呀？🙏谢谢」 →
 * 「归哪个科管」, so intent patterns anchored at both ends still match. A message that is only
 * courtesy keeps its words, for small talk to answer.
 */
export function trimFiller(text: string): string {
  const trailing = text.replace(TRAILING_FILLER, '') || text.replace(TRAILING_MARKS, '') || text
  let rest = trailing
  for (let before = ''; before !== rest; ) {
    before = rest
    rest = rest.replace(LEADING_FILLER, '')
  }
  return rest || trailing
}
