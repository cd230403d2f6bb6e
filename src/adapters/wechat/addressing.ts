/**
 * Whether a room message is addressed to the bot, and the text to hand over once it is.
 *
 * In a room the bot answers only a real @-mention (the puppet's mention list, checked by the caller
 * with `message.mentionSelf()`) or a message that starts with a command word. A name typed by hand
 * ("@要点助手" without WeChat's mention picker) is not a mention on puppets that report mention ids.
 */

/**
 * Commands that address the bot in a room without a mention (the command-like intents in
 * `intents/`). Data, not logic: add a phrase here and rooms start answering it. A phrase must be
 * followed by the end of the message, a space, a digit or punctuation, so 「汇总一下大家的意见」 and
 * 「进度怎么样了」 stay conversations between people; compound commands are listed whole for that
 * reason (「导出台账」, 「报送进度 20」).
 */
export const COMMAND_WORDS = [
  '进度',
  '进展',
  '报送',
  '报送进度',
  '进度报送',
  '更新进度',
  '#',
  '汇总',
  '进度汇总',
  '帮助',
  '撤回',
  '撤销',
  '导出',
  '导出台账',
  '下载台账',
  '绑定',
  '解绑',
  '批准',
  '待审批',
] as const

export const BARE_MENTION_TEXT = '帮助'

const ZERO_WIDTH = /[\u200b-\u200f\u2060-\u2064\ufeff]/g
/** WeChat puts U+2005 (four-per-em space) after a mention; puppets differ, so accept any space. */
const AFTER_MENTION = '(?:\\u2005|\\s|$)'

/** The form used for matching only: NFKC (full-width → half-width), no zero-width characters, trimmed. */
export function canonical(text: string): string {
  return text.normalize('NFKC').replace(ZERO_WIDTH, '').trim()
}

export function startsWithCommand(text: string, words: readonly string[] = COMMAND_WORDS): boolean {
  const t = canonical(text)
  return words.some((word) => {
    if (!t.startsWith(word)) return false
    const next = t.slice(word.length, word.length + 1)
    return next === '' || /[\s\d:：,，.。;；!！?？、(（-]/.test(next)
  })
}

/**
 * Removes `@name` mentions of the bot (every name it may be shown under in the room) wherever they
 * stand, then trims. Other people's mentions stay: 「@要点助手 @张三 的任务」 keeps 「@张三」.
 */
export function stripSelfMention(text: string, selfNames: readonly string[]): string {
  let out = text
  for (const name of selfNames) {
    if (!name) continue
    out = out.replace(new RegExp(`@${escapeRegExp(name)}${AFTER_MENTION}`, 'g'), '')
  }
  return out.trim()
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
