import type { Contact, Message, Room } from 'wechaty'
import { types } from 'wechaty'
import { EVIDENCE_CAPTION } from '../../core/message.js'
import { looksLikeBacklogAction } from '../chat/backlog-actions.js'
import { isBacklog } from '../chat/send-queue.js'
import { BARE_MENTION_TEXT, startsWithCommand, stripSelfMention } from './addressing.js'

/**
 * Guard clauses run on every incoming WeChat message, cheapest first. Each drop names its reason so
 * the log says why the bot stayed silent. What passes is addressed to the bot and carries the text
 * to hand to the core (mention removed).
 */

export type IgnoreReason =
  | 'own message'
  | 'other bot'
  | 'not text'
  | 'backlog'
  | 'room not allowed'
  | 'not addressed'
  | 'duplicate'
  | 'stopping'

export type Screening =
  | { pass: false; reason: IgnoreReason }
  | {
      pass: true
      text: string
      talker: Contact
      room: Room | undefined
      mentioned: boolean
      /** Replayed after a login: only a write (see backlog-actions.ts) is carried out and answered. */
      backlog: boolean
      /** A picture or file (佐证材料): its bytes come from `message.toFileBox()`; `text` is EVIDENCE_CAPTION. */
      file: boolean
    }

export interface ScreenContext {
  /** Ids the bot is known by: recorded at login and the puppet's current user. */
  selfIds: ReadonlySet<string>
  /** The logged-in account, for the names its mention may appear under. */
  self: Contact | undefined
  now: Date
  backlogSeconds: number
  /** Room ids or topics the bot answers in; empty means every room. */
  allowedRooms: readonly string[]
  commandWords: readonly string[]
  /** Whether the contact just reported in the room: a picture or file from them is then for the bot. */
  justReported?: (room: string, contact: string) => boolean
}

/** Message types that carry a 佐证材料 file. */
const FILE_TYPES: ReadonlySet<number> = new Set([types.Message.Image, types.Message.Attachment])

const ignore = (reason: IgnoreReason): Screening => ({ pass: false, reason })

export async function screenMessage(message: Message, ctx: ScreenContext): Promise<Screening> {
  const talker = message.talker()
  // Compare ids first; `self()` is a second opinion, never the only one.
  if (ctx.selfIds.has(talker.id) || message.self()) return ignore('own message')
  if (isOtherBot(talker)) return ignore('other bot')
  const backlog = isBacklog(message.date(), ctx.now, ctx.backlogSeconds)
  const room = message.room()
  if (FILE_TYPES.has(message.type())) return screenFile(ctx, talker, room, backlog)
  if (message.type() !== types.Message.Text) return ignore('not text')

  const raw = message.text()
  if (!room) return passed(raw.trim() || BARE_MENTION_TEXT, talker, undefined, false, backlog)

  if (!(await roomAllowed(room, ctx.allowedRooms))) return ignore('room not allowed')
  const mentioned = await message.mentionSelf()
  if (!mentioned && !startsWithCommand(raw, ctx.commandWords)) return ignore(backlog ? 'backlog' : 'not addressed')
  const text = mentioned ? await textWithoutMention(message, room, ctx.self) : raw.trim()
  return passed(text || BARE_MENTION_TEXT, talker, room, mentioned, backlog)
}

/** A message to hand to the core; from the backlog, only when it looks like a write. */
function passed(text: string, talker: Contact, room: Room | undefined, mentioned: boolean, backlog: boolean): Screening {
  if (backlog && !looksLikeBacklogAction(text)) return ignore('backlog')
  return { pass: true, text, talker, room, mentioned, backlog, file: false }
}

/**
 * A picture or file: to the bot in a private chat, and in a room when its sender just reported
 * there (a picture cannot carry a mention). Never from the backlog: which report it followed is lost.
 */
async function screenFile(ctx: ScreenContext, talker: Contact, room: Room | undefined, backlog: boolean): Promise<Screening> {
  if (backlog) return ignore('backlog')
  if (room && !(await roomAllowed(room, ctx.allowedRooms))) return ignore('room not allowed')
  if (room && !ctx.justReported?.(room.id, talker.id)) return ignore('not addressed')
  return { pass: true, text: EVIDENCE_CAPTION, talker, room, mentioned: false, backlog: false, file: true }
}

/**
 * Official accounts (公众号) and service accounts are automated senders. WeChat gives no flag for
 * a personal account run by another bot, so those can only be kept out with the room allow-list.
 */
function isOtherBot(contact: Contact): boolean {
  const type = contact.type()
  return type === types.Contact.Official
}

export async function roomAllowed(room: Room, allowed: readonly string[]): Promise<boolean> {
  if (allowed.length === 0) return true
  if (allowed.includes(room.id)) return true
  const topic = await room.topic().catch(() => '')
  return topic !== '' && allowed.includes(topic)
}

/**
 * Removes the bot's own mention, under its room alias or account name. Not `mentionText()`: that
 * also removes everyone else the message mentions, and 「@要点助手 @张三 负责哪些」 needs 「@张三」.
 */
async function textWithoutMention(message: Message, room: Room, self: Contact | undefined): Promise<string> {
  const text = message.text()
  if (!self) return text.trim()
  const alias = await room.alias(self).catch(() => undefined)
  return stripSelfMention(text, [alias ?? '', self.name()])
}
