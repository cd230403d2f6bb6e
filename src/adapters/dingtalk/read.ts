import { z } from 'zod'
import { EVIDENCE_CAPTION, type IncomingFile } from '../../core/message.js'
import { BARE_MENTION_TEXT, startsWithCommand } from '../chat/command-words.js'
import type { Inbound, ReadContext } from '../chat/inbox-pipeline.js'

/**
 * A DingTalk robot message (Stream topic /v1.0/im/bot/messages/get) → one message to answer, or the
 * reason it is dropped. Pure; guards in the order a reader checks them.
 *
 * DingTalk delivers every direct message and the group messages that @ the robot, with the
 * robot's mention already taken out of the text (`isInAtList` says it was there). The sender is
 * `dingtalk:<senderStaffId>` (the member's userid in the organisation, stable and what direct
 * messages are sent to), else `dingtalk:<unionId>` when a payload carries only that. A sender of
 * another organisation (senderCorpId ≠ DINGTALK_CORP_ID, or the robot's own corp) is ignored.
 *
 * Pictures and files (佐证材料) come as `picture` and `file` messages (files only in direct chats)
 * and as the picture items of `richText`, each with a `downloadCode` the door exchanges for a
 * download URL (files.ts). A picture or file alone is captioned EVIDENCE_CAPTION; in a group it is
 * the bot's only when DingTalk delivers it and its sender just reported there.
 */

/** What a picture or file item carries: the code to download it, and a file's name. */
const MediaFields = {
  downloadCode: z.string().optional(),
  pictureDownloadCode: z.string().optional(),
  fileName: z.string().optional(),
}

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
      richText: z.array(z.looseObject({ text: z.string().optional(), type: z.string().optional(), ...MediaFields })).optional(),
      ...MediaFields,
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

/** A picture or file to download: its code, and the name a file was sent under. */
export interface DingtalkMedia {
  downloadCode: string
  name?: string
}

/** The words of a text, rich text, (transcribed) voice, picture or file message; undefined for others. */
function wordsOf(m: RobotMessage): string | undefined {
  if (m.msgtype === 'text') return m.text?.content
  if (m.msgtype === 'richText') return m.content?.richText?.map((part) => part.text ?? '').join('')
  if (m.msgtype === 'audio') return m.content?.recognition
  if (m.msgtype === 'picture' || m.msgtype === 'file') return ''
  return undefined
}

function mediaOf(m: RobotMessage): DingtalkMedia[] {
  const one = (item: z.infer<z.ZodObject<typeof MediaFields>>): DingtalkMedia[] => {
    const downloadCode = item.downloadCode || item.pictureDownloadCode
    return downloadCode ? [{ downloadCode, ...(item.fileName ? { name: item.fileName } : {}) }] : []
  }
  if ((m.msgtype === 'picture' || m.msgtype === 'file') && m.content) return one(m.content)
  if (m.msgtype === 'richText') return (m.content?.richText ?? []).flatMap(one)
  return []
}

export interface DingtalkReadOptions extends ReadContext {
  corpId: string | undefined
  /** The door's downloads for a message's media (files.ts); without it, media are not offered to the core. */
  files?: (media: DingtalkMedia[], msgId: string) => IncomingFile[]
}

export function readRobotMessage(stored: unknown, options: DingtalkReadOptions): Inbound<DingtalkPlace> {
  const parsed = RobotMessage.safeParse((stored as StoredDelivery | null)?.data)
  if (!parsed.success) {
    const id = ((stored as StoredDelivery | null)?.data as { msgId?: unknown } | undefined)?.msgId
    return { kind: 'drop', id: typeof id === 'string' ? id : undefined, reason: 'not a robot message' }
  }
  const m = parsed.data
  const drop = (reason: string): Inbound<DingtalkPlace> => ({ kind: 'drop', id: m.msgId, reason })
  if (m.senderId && m.senderId === m.chatbotUserId) return drop('own message')
  const organisation = options.corpId ?? m.chatbotCorpId
  if (organisation && m.senderCorpId && m.senderCorpId !== organisation) return drop('sender outside the organisation')
  const id = m.senderStaffId || m.senderUnionId
  if (!id) return drop('sender outside the organisation (no staffId)')
  const words = wordsOf(m)
  if (words === undefined) return drop(`not text (${m.msgtype})`)

  const media = mediaOf(m)
  if (words === '' && !media.length) return drop(`${m.msgtype} without a downloadCode`)

  const group = m.conversationType === '2'
  const text = words.trim()
  const user = `dingtalk:${id}`
  const fileAlone = media.length > 0 && text === ''
  const follows = fileAlone && options.justReported(m.conversationId, user)
  if (group && m.isInAtList === false && !follows && !startsWithCommand(text)) return drop('group message not addressed to the bot')
  const files = media.length && options.files ? options.files(media, m.msgId) : []
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
      text: fileAlone ? EVIDENCE_CAPTION : text || BARE_MENTION_TEXT,
      user,
      ...(m.senderNick ? { userName: m.senderNick } : {}),
      channel: m.conversationId,
      messageId: `dingtalk:${m.msgId}`,
      platform: 'dingtalk',
      ...(files.length ? { files } : {}),
    },
  }
}
