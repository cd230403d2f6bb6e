import { z } from 'zod'
import { BARE_MENTION_TEXT, startsWithCommand } from '../chat/command-words.js'
import type { Inbound } from '../chat/inbox-pipeline.js'

/**
 * A DingTalk robot message (Stream topic /v1.0/im/bot/messages/get) → one message to answer, or the
 * reason it is dropped. Pure; guards in the order a reader checks them.
 *
 * DingTalk delivers every direct message and the group messages that @ the robot, with the
 * robot's mention already taken out of the text (`isInAtList` says it was there). The sender is
 * `dingtalk:<senderStaffId>` (the member's userid in the organisation, stable and what direct
 * messages are sent to), else `dingtalk:<unionId>` when a payload carries only that. A sender of
 * another organisation (senderCorpId ≠ DINGTALK_CORP_ID, or the robot's own corp) is ignored.
 */

export const RobotMessage = z.looseObject({
  msgId: z.string().min(1),
  conversationId: z.string().min(1),
  conversationType: z.enum(['1', '2']),
  conversationTitle: z.string().optional(),
  msgtype: z.string(),
  createAt: z.number().optional(),
  senderId: z.string().optional(),
  senderStaffId: z.string().optional(),
  senderUnionId: z.string().optional(),
  senderNick: z.string().optional(),
  senderCorpId: z.string().optional(),
  chatbotCorpId: z.string().optional(),
  chatbotUserId: z.string().optional(),
  isInAtList: z.boolean().optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: z.number().optional(),
  text: z.looseObject({ content: z.string() }).optional(),
  content: z
    .looseObject({
      recognition: z.string().optional(),
      richText: z.array(z.looseObject({ text: z.string().optional() })).optional(),
    })
    .optional(),
})
export type RobotMessage = z.infer<typeof RobotMessage>

/** What the inbox keeps of a delivery: the Stream frame's message id and the robot message. */
export interface StoredDelivery {
  streamMessageId: string
  data: unknown
}

/** Where a DingTalk reply goes. */
export interface DingtalkPlace {
  conversationId: string
  group: boolean
  /** The message's session webhook while it lasts (about 90 minutes). */
  webhook: { url: string; expiresAt: number } | undefined
  /** The asker: staffId (for @ and direct messages) when known, display name, and `dingtalk:` id. */
  staffId: string | undefined
  nick: string | undefined
  user: string
}

/** The words of a text, rich text or (transcribed) voice message; undefined for others. */
function wordsOf(m: RobotMessage): string | undefined {
  if (m.msgtype === 'text') return m.text?.content
  if (m.msgtype === 'richText') return m.content?.richText?.map((part) => part.text ?? '').join('')
  if (m.msgtype === 'audio') return m.content?.recognition
  return undefined
}

export function readRobotMessage(stored: unknown, corpId: string | undefined): Inbound<DingtalkPlace> {
  const parsed = RobotMessage.safeParse((stored as StoredDelivery | null)?.data)
  if (!parsed.success) {
    const id = ((stored as StoredDelivery | null)?.data as { msgId?: unknown } | undefined)?.msgId
    return { kind: 'drop', id: typeof id === 'string' ? id : undefined, reason: 'not a robot message' }
  }
  const m = parsed.data
  const drop = (reason: string): Inbound<DingtalkPlace> => ({ kind: 'drop', id: m.msgId, reason })
  if (m.senderId && m.senderId === m.chatbotUserId) return drop('own message')
  const organisation = corpId ?? m.chatbotCorpId
  if (organisation && m.senderCorpId && m.senderCorpId !== organisation) return drop('sender outside the organisation')
  const id = m.senderStaffId || m.senderUnionId
  if (!id) return drop('sender outside the organisation (no staffId)')
  const words = wordsOf(m)
  if (words === undefined) return drop(`not text (${m.msgtype})`)

  const group = m.conversationType === '2'
  const text = words.trim()
  if (group && m.isInAtList === false && !startsWithCommand(text)) return drop('group message not addressed to the bot')
  const user = `dingtalk:${id}`
  return {
    kind: 'accept',
    id: m.msgId,
    sentAt: m.createAt ? new Date(m.createAt).toISOString() : undefined,
    place: {
      conversationId: m.conversationId,
      group,
      webhook: m.sessionWebhook ? { url: m.sessionWebhook, expiresAt: m.sessionWebhookExpiredTime ?? 0 } : undefined,
      staffId: m.senderStaffId || undefined,
      nick: m.senderNick,
      user,
    },
    message: {
      text: text || BARE_MENTION_TEXT,
      user,
      ...(m.senderNick ? { userName: m.senderNick } : {}),
      channel: m.conversationId,
      messageId: `dingtalk:${m.msgId}`,
      platform: 'dingtalk',
    },
  }
}
