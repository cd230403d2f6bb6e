import { z } from 'zod'
import { EVIDENCE_CAPTION, type IncomingFile } from '../../core/message.js'
import { BARE_MENTION_TEXT, startsWithCommand } from '../chat/command-words.js'
import type { Inbound, ReadContext } from '../chat/inbox-pipeline.js'

/**
 * A WeCom 智能机器人 callback frame → one message to answer, or the reason it is dropped. Pure;
 * guards in the order a reader checks them, each drop naming its reason.
 *
 * WeCom delivers group messages only when the bot is @-mentioned (and every direct message), and a
 * group message keeps the mention as typed: 「@工作要点助手 第20条」. The bot's display name is not
 * in the frame and may differ per group, so the leading `@name` is removed whatever the name; other
 * people's mentions further on stay. A group message without a leading mention (none is expected)
 * is answered only when it starts with a command word.
 *
 * Every callback on the connection is for the bot that logged in, so the frame's aibotid is not
 * checked again (a mismatch in format would silence the bot for no gain). The frame carries no
 * corp id: the bot belongs to one corp, and the only outsiders who can reach it are external
 * contacts (客户, 上下游), whose ids have WeCom's external_userid form (`wm…`/`wo…`, 32
 * characters); their messages are ignored.
 *
 * Pictures and files (佐证材料) come as image and file messages in direct chats and as the image
 * items of a mixed message (group @ or direct), each with a download URL valid five minutes and
 * its own aeskey (files.ts decrypts). A picture or file alone is captioned EVIDENCE_CAPTION; in a
 * group it is the bot's only when WeCom delivers it at all and its sender just reported there.
 */

/** An encrypted download as WeCom gives it: the URL and the key of that one download. */
export const WecomMedia = z.looseObject({ url: z.string().min(1), aeskey: z.string().optional() })
export type WecomMedia = z.infer<typeof WecomMedia>

export const WecomFrame = z.looseObject({
  cmd: z.literal('aibot_msg_callback'),
  headers: z.looseObject({ req_id: z.string().min(1) }),
  body: z.looseObject({
    msgid: z.string().min(1),
    aibotid: z.string().min(1),
    chatid: z.string().optional(),
    chattype: z.enum(['single', 'group']),
    from: z.looseObject({ userid: z.string().min(1) }),
    create_time: z.number().optional(),
    msgtype: z.string(),
    text: z.looseObject({ content: z.string() }).optional(),
    voice: z.looseObject({ content: z.string() }).optional(),
    image: WecomMedia.optional(),
    file: WecomMedia.optional(),
    mixed: z
      .looseObject({
        msg_item: z.array(
          z.looseObject({ msgtype: z.string(), text: z.looseObject({ content: z.string() }).optional(), image: WecomMedia.optional() }),
        ),
      })
      .optional(),
  }),
})
export type WecomFrame = z.infer<typeof WecomFrame>

/** Where a WeCom reply goes: the callback it answers, the chat, and whom to @-mention. */
export interface WecomPlace {
  /** The callback's req_id: a reply on the same connection quotes it. */
  reqId: string
  /** The group's chatid, or the sender's userid for a direct message (what aibot_send_msg takes). */
  chat: string
  /** The asker, @-mentioned in groups; undefined in direct messages. */
  mention: string | undefined
  /** The asker's userid (for a dashboard link when a file cannot be sent). */
  user: string
}

/** WeCom's external_userid form: external contacts of the corp. */
const EXTERNAL_USER = /^w[mo][\w-]{20,}$/
/** A leading mention as typed: `@name` then a space (WeCom may use U+2005) or the end. */
const LEADING_MENTION = /^\s*@[^\s\u2005@]+(?:[\s\u2005]+|$)/

export function stripLeadingMention(text: string): { text: string; mentioned: boolean } {
  const stripped = text.replace(LEADING_MENTION, '')
  return { text: stripped.trim(), mentioned: stripped !== text }
}

/** The words of a text, voice (already transcribed by WeCom), mixed, image or file message; undefined for others. */
function wordsOf(body: WecomFrame['body']): string | undefined {
  if (body.msgtype === 'text') return body.text?.content
  if (body.msgtype === 'voice') return body.voice?.content
  if (body.msgtype === 'mixed')
    return body.mixed?.msg_item
      .map((item) => (item.msgtype === 'text' ? (item.text?.content ?? '') : ''))
      .join('')
      .trim()
  if (body.msgtype === 'image' || body.msgtype === 'file') return ''
  return undefined
}

/** The pictures and files a message carries. */
function mediaOf(body: WecomFrame['body']): WecomMedia[] {
  if (body.msgtype === 'image') return body.image ? [body.image] : []
  if (body.msgtype === 'file') return body.file ? [body.file] : []
  if (body.msgtype === 'mixed')
    return (body.mixed?.msg_item ?? []).flatMap((item) => (item.msgtype === 'image' && item.image ? [item.image] : []))
  return []
}

export interface WecomReadOptions extends ReadContext {
  /** The door's downloads for a message's media (files.ts); without it, media are not offered to the core. */
  files?: (media: WecomMedia[], msgid: string) => IncomingFile[]
}

export function readWecomFrame(frame: unknown, options: WecomReadOptions): Inbound<WecomPlace> {
  const parsed = WecomFrame.safeParse(frame)
  if (!parsed.success) {
    const id = (frame as { body?: { msgid?: unknown } } | null)?.body?.msgid
    return { kind: 'drop', id: typeof id === 'string' ? id : undefined, reason: 'not a message callback' }
  }
  const { headers, body } = parsed.data
  const drop = (reason: string): Inbound<WecomPlace> => ({ kind: 'drop', id: body.msgid, reason })
  if (EXTERNAL_USER.test(body.from.userid)) return drop('sender outside the organisation (external contact)')
  const words = wordsOf(body)
  if (words === undefined) return drop(`not text (${body.msgtype})`)

  const media = mediaOf(body)
  if (words === '' && !media.length) return drop(`${body.msgtype} without a download URL`)

  const group = body.chattype === 'group'
  if (group && !body.chatid) return drop('group message without a chatid')
  const { text: stripped, mentioned } = group ? stripLeadingMention(words) : { text: words.trim(), mentioned: false }
  const userid = body.from.userid
  const chat = group ? (body.chatid as string) : userid
  const fileAlone = media.length > 0 && stripped === ''
  const follows = fileAlone && options.justReported(chat, `wecom:${userid}`)
  if (group && !mentioned && !follows && !startsWithCommand(stripped)) return drop('group message not addressed to the bot')
  const files = media.length && options.files ? options.files(media, body.msgid) : []
  const seconds = body.create_time
  return {
    kind: 'accept',
    id: body.msgid,
    place: { reqId: headers.req_id, chat, mention: group ? userid : undefined, user: `wecom:${userid}` },
    sentAt: seconds ? new Date(seconds < 1e12 ? seconds * 1000 : seconds).toISOString() : undefined,
    message: {
      text: fileAlone ? EVIDENCE_CAPTION : stripped || BARE_MENTION_TEXT,
      user: `wecom:${userid}`,
      channel: chat,
      messageId: `wecom:${body.msgid}`,
      platform: 'wecom',
      ...(files.length ? { files } : {}),
    },
  }
}
