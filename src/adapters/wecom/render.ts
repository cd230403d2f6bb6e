import { createHash } from 'node:crypto'
import type { BotReply } from '../../core/message.js'
import type { OutboxPart } from '../chat/durable-outbox.js'
import { type SplitLimit, splitReply } from '../chat/split-reply.js'
import type { WecomPlace } from './read.js'

/**
 * A BotReply as WeCom sends (outbox payloads). The first part answers the callback on the
 * connection (aibot_respond_msg, a finished stream message whose id is fixed by the outbox entry,
 * so a repeat replaces the first copy); later parts and the 台账 file are pushed to the same chat
 * (aibot_send_msg), since one callback gets one answer. In a group the first part starts with the
 * asker's mention.
 *
 * Content is WeCom markdown, where `<@userid>` is a mention: user text echoed in a reply has its
 * `<@` broken with a zero-width space, so only the mentions the bot adds ping anyone.
 */

/** One WeCom markdown message: at most 4,096 UTF-8 bytes (WeCom's markdown limit). */
export const WECOM_LIMIT: SplitLimit = { max: 4096, measure: (s) => Buffer.byteLength(s, 'utf8') }
/** Room kept in the first part for the note a late reply gets (durable-outbox.ts lateNote). */
const LATE_NOTE_ROOM = 96

export type WecomPart =
  | {
      kind: 'respond'
      /** The callback's req_id; past WeCom's reply window the part is pushed instead. */
      reqId: string
      /** The stream message id: the same id again replaces rather than repeats. */
      streamId: string
      chat: string
      content: string
      /** When the message answered was sent, for a late note. */
      sentAt?: string
    }
  | { kind: 'push'; chat: string; content: string; sentAt?: string }
  | { kind: 'file'; chat: string; path: string; name: string; user: string }

export function mention(userid: string): string {
  return `<@${userid}>`
}

/** Breaks every `<@` so echoed text renders as typed and pings nobody. */
export function escapeMentions(text: string): string {
  return text.replace(/<@/g, '<\u200b@')
}

/** Text split to WeCom's limit after a prefix (mentions) on the first part. */
export function wecomParts(text: string, prefix = ''): string[] {
  const room = { max: WECOM_LIMIT.max - WECOM_LIMIT.measure(prefix) - LATE_NOTE_ROOM, measure: WECOM_LIMIT.measure }
  const parts = splitReply(escapeMentions(text), room).filter((p) => p.trim() !== '')
  return (parts.length ? parts : ['']).map((p, i) => (i === 0 ? prefix + p : p))
}

export function renderWecomReply(reply: BotReply, place: WecomPlace, sentAt: string | undefined): OutboxPart<WecomPart>[] {
  const prefix = place.mention ? `${mention(place.mention)} ` : ''
  const chunks = wecomParts(reply.reply, prefix)
  const parts: WecomPart[] = chunks.map((content, i) =>
    i === 0
      ? { kind: 'respond', reqId: place.reqId, streamId: streamIdOf(place.reqId), chat: place.chat, content, ...(sentAt ? { sentAt } : {}) }
      : { kind: 'push', chat: place.chat, content },
  )
  if (reply.file) parts.push({ kind: 'file', chat: place.chat, path: reply.file.path, name: reply.file.name, user: place.user })
  return parts.map((payload) => ({ room: place.chat, payload }))
}

/** A notice (check-in, digest, 催报) pushed to a chat, with real mentions of `mentionIds` on its first part. */
export function renderWecomNotice(chat: string, text: string, mentionIds: readonly string[] = []): OutboxPart<WecomPart>[] {
  const prefix = mentionIds.length ? `${mentionIds.map(mention).join(' ')}\n` : ''
  return wecomParts(text, prefix).map((content) => ({ room: chat, payload: { kind: 'push', chat, content } }))
}

/** A stream id fixed by the callback it answers (WeCom takes letters, digits, `_`). */
function streamIdOf(reqId: string): string {
  return `gzyd_${createHash('sha256').update(reqId).digest('hex').slice(0, 24)}`
}
