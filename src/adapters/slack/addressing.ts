/**
 * When a channel message is addressed to the bot. In channels the bot answers a real mention
 * (`app_mention`, or `<@BOT>` in the text) or a message that starts with a command word; in direct
 * messages it answers everything. The word list is shared with WeChat (../chat/command-words.ts).
 */
export { BARE_MENTION_TEXT, COMMAND_WORDS, startsWithCommand } from '../chat/command-words.js'
