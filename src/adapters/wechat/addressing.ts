import { escapeRegExp } from '../../core/text/regexp.js'

/**
 * Whether a room message is addressed to the bot, and the text to hand over once it is.
 *
 * In a room the bot answers only a real @-mention (the puppet's mention list, checked by the caller
 * with `message.mentionSelf()`) or a message that starts with a command word. A name typed by hand
 * ("@要点助手" without WeChat's mention picker) is not a mention on puppets that report mention ids.
 */

export { BARE_MENTION_TEXT, COMMAND_WORDS, canonical, startsWithCommand } from '../chat/command-words.js'

/** WeChat puts U+2005 (four-per-em space) after a mention; puppets differ, so accept any space. */
const AFTER_MENTION = '(?:\\u2005|\\s|$)'

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
