import type { BotReply } from '../../core/message.js'
import type { OutboxPart } from '../chat/durable-outbox.js'
import { type SplitLimit, splitReply } from '../chat/split-reply.js'
import type { DingtalkPlace } from './read.js'

/**
 * A BotReply as DingTalk sends it (outbox payloads): plain text messages (no markdown, so nothing
 * the user wrote is read as formatting), split at 2,000 characters, and the 台账 as a file message.
 * In a group the first part @-mentions the asker: through the session webhook a real mention
 * (`at.atUserIds` with the asker's staffId, the only id DingTalk pings), through the OpenAPI (after
 * the webhook has expired) the name only, since robot group messages carry no mentions there.
 * Nothing else can ping: `isAtAll` is never set and no other id is listed, so an echoed 「@所有人」
 * or 「@某人」 stays text.
 */

export const DINGTALK_LIMIT: SplitLimit = { max: 2000, measure: (s) => s.length }
/** Room kept in the first part for the mention and a late note. */
const FIRST_PART_ROOM = 120

/** A group conversation, or one person (staffId, for the OpenAPI) in their one-to-one conversation. */
export type DingtalkTarget =
  | { group: true; conversationId: string }
  | { group: false; conversationId?: string; staffId: string | undefined }

export type DingtalkPart =
  | {
      kind: 'text'
      to: DingtalkTarget
      text: string
      /** The message's session webhook, used while it lasts. */
      webhook?: { url: string; expiresAt: number }
      /** The asker, mentioned on the first part of a group reply. */
      mention?: { staffId: string | undefined; nick: string | undefined }
      sentAt?: string
    }
  | { kind: 'file'; to: DingtalkTarget; path: string; name: string; user: string }

/** The text in parts that fit, the first with room for a mention. */
export function dingtalkParts(text: string): string[] {
  const [first = '', ...rest] = splitReply(text, { ...DINGTALK_LIMIT, max: DINGTALK_LIMIT.max - FIRST_PART_ROOM })
  const parts = [first, ...(rest.length ? splitReply(rest.join('\n'), DINGTALK_LIMIT) : [])]
  return parts.filter((p, i) => i === 0 || p.trim() !== '')
}

function targetOf(place: DingtalkPlace): DingtalkTarget {
  return place.group
    ? { group: true, conversationId: place.conversationId }
    : { group: false, conversationId: place.conversationId, staffId: place.staffId }
}

export function renderDingtalkReply(reply: BotReply, place: DingtalkPlace, sentAt: string | undefined): OutboxPart<DingtalkPart>[] {
  const to = targetOf(place)
  const parts: DingtalkPart[] = dingtalkParts(reply.reply).map((text, i) => ({
    kind: 'text',
    to,
    text,
    ...(place.webhook ? { webhook: place.webhook } : {}),
    ...(i === 0 && place.group ? { mention: { staffId: place.staffId, nick: place.nick } } : {}),
    ...(i === 0 && sentAt ? { sentAt } : {}),
  }))
  if (reply.file) parts.push({ kind: 'file', to, path: reply.file.path, name: reply.file.name, user: place.user })
  return parts.map((payload) => ({ room: place.conversationId, payload }))
}

/** A notice (check-in, digest, 催报) sent through the OpenAPI to a group or one person. */
export function renderDingtalkNotice(to: DingtalkTarget, text: string): OutboxPart<DingtalkPart>[] {
  const room = to.group ? to.conversationId : `user:${to.staffId}`
  return dingtalkParts(text).map((part) => ({ room, payload: { kind: 'text', to, text: part } }))
}
