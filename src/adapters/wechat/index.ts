/** The WeChat adapter's public surface. main.ts uses `startWechatAdapter` from ./start.js (adapter + 催报 schedule). */
export { BARE_MENTION_TEXT, COMMAND_WORDS, startsWithCommand, stripSelfMention } from './addressing.js'
export type { IgnoreReason } from './screen.js'
export {
  createWechatBot,
  POLITE_ERROR_REPLY,
  type WechatBot,
  type WechatBotOptions,
  type WechatOutcome,
} from './wechat-bot.js'
