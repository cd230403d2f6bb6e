/**
 * When a channel message is addressed to the bot. In channels the bot answers a real mention
 * (`app_mention`, or `<@BOT>` in the text) or a message that starts with a command word; in direct
 * messages it answers everything.
 */

/**
 * Words that address the bot in a channel without a mention. Data, not logic: add a word here and
 * channels start answering it. A word must be followed by the end of the message, a space, a digit or
 * punctuation, so 「汇总一下大家的意见」 stays a conversation between people. The WeChat adapter keeps
 * the same list; 导出台账, 批准 and 待审批 are the phrasings intents/export.json and approve.json use.
 */
export const COMMAND_WORDS = ['进度', '报送', '汇总', '帮助', '撤回', '导出', '导出台账', '台账', '批准', '待审批'] as const

/** What a bare mention (「@工作要点助手」 and nothing else) or an empty slash command asks for. */
export const BARE_MENTION_TEXT = '帮助'

const ZERO_WIDTH = /[\u200b-\u200f\u2060-\u2064\ufeff]/g
const AFTER_WORD = /[\s\d:：,，.。;；!！?？、(（-]/

export function startsWithCommand(text: string, words: readonly string[] = COMMAND_WORDS): boolean {
  const t = text.normalize('NFKC').replace(ZERO_WIDTH, '').trim()
  return words.some((word) => {
    if (!t.startsWith(word)) return false
    const next = t.slice(word.length, word.length + 1)
    return next === '' || AFTER_WORD.test(next)
  })
}
