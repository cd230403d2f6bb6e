/**
 * An Events API envelope → either one IncomingMessage to answer, or the reason it is dropped.
 * Pure: the guards run in the order a reader would check them, and each drop names its reason
 * (logged at debug level by the caller).
 */
import { z } from 'zod'
import { EVIDENCE_CAPTION, type IncomingMessage } from '../../core/message.js'
import { BARE_MENTION_TEXT, startsWithCommand } from './addressing.js'
import { mentionsUser, slackToPlain } from './mrkdwn.js'

/** Who the bot is, from `auth.test` (never from the event itself). */
export interface SlackIdentity {
  /** The bot user's id (`U…`): what `<@…>` mentions and `event.user` of its own messages carry. */
  userId: string
  /** The bot's id (`B…`): `event.bot_id` of messages it posted. */
  botId: string | undefined
  teamId: string | undefined
  name: string | undefined
}

/** A file as an event describes it; the bytes are fetched from `url_private_download` with the bot token (files.ts). */
export const SlackFileRef = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  size: z.number().optional(),
  url_private_download: z.string().optional(),
  url_private: z.string().optional(),
})
export type SlackFileRef = z.infer<typeof SlackFileRef>

/** The fields of a `message` or `app_mention` event this adapter reads; the rest passes through. */
export const SlackMessageEvent = z.looseObject({
  type: z.enum(['message', 'app_mention']),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  client_msg_id: z.string().optional(),
  user_profile: z.looseObject({ display_name: z.string().optional(), real_name: z.string().optional() }).optional(),
  /** Files shared with the message (subtype file_share): 佐证材料 when they follow or carry a report. */
  files: z.array(SlackFileRef).optional(),
})
export type SlackMessageEvent = z.infer<typeof SlackMessageEvent>

export const SlackEventEnvelope = z.looseObject({
  event_id: z.string().min(1),
  event_time: z.number().optional(),
  event: SlackMessageEvent,
})
export type SlackEventEnvelope = z.infer<typeof SlackEventEnvelope>

/** Message subtypes that are still a person writing to the bot. Edits, joins, deletions are not. */
const ANSWERED_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast'])

export interface Accepted {
  kind: 'accept'
  eventId: string
  message: IncomingMessage
  /** Where the reply goes: the channel, and the thread (absent for a top-level direct message). */
  channel: string
  threadTs: string | undefined
  /** Dedupe keys for `store.claimMessage`: the event id and the message itself (channel + ts). */
  keys: string[]
  /** Files shared with the message, for the door to turn into IncomingFiles (files.ts). */
  files: SlackFileRef[]
}
export interface Dropped {
  kind: 'drop'
  eventId: string | undefined
  reason: string
}

/**
 * No age check: Slack never replays history, so an old `ts` is a retry (after about 1 and 5
 * minutes) or a first delivery held up by an outage, and dropping it would lose a report that
 * Slack was told (HTTP 200) had arrived. Retries are stopped by the dedupe keys instead.
 */
export interface ReadOptions {
  identity: SlackIdentity
  /** Whether `user` just reported in `channel`: their file alone is then addressed to the bot (recent-reporters.ts). */
  justReported?: (channel: string, user: string) => boolean
}

export function readEvent(body: unknown, { identity, justReported }: ReadOptions): Accepted | Dropped {
  const parsed = SlackEventEnvelope.safeParse(body)
  if (!parsed.success) {
    const eventId = (body as { event_id?: unknown } | null)?.event_id
    return { kind: 'drop', eventId: typeof eventId === 'string' ? eventId : undefined, reason: 'not a message event' }
  }
  const { event_id: eventId, event } = parsed.data
  const drop = (reason: string): Dropped => ({ kind: 'drop', eventId, reason })

  if (event.user === identity.userId || (identity.botId !== undefined && event.bot_id === identity.botId)) return drop('own message')
  if (event.bot_id !== undefined || event.subtype === 'bot_message') return drop('message from another bot')
  if (!ANSWERED_SUBTYPES.has(event.subtype)) return drop(`message subtype ${event.subtype}`)
  if (!event.user) return drop('no sender')

  const raw = event.text ?? ''
  const direct = event.channel_type === 'im'
  const mentioned = event.type === 'app_mention' || mentionsUser(raw, identity.userId)
  const files = event.files ?? []
  let text = slackToPlain(raw, identity.userId)
  // A file alone: a 佐证材料 for the sender's last report, when it is addressed to the bot at all.
  const fileAlone = files.length > 0 && text === ''
  const follows = fileAlone && (justReported?.(event.channel, `slack:${event.user}`) ?? false)
  if (!direct && !mentioned && !follows && !startsWithCommand(text)) return drop('channel message not addressed to the bot')
  if (fileAlone) text = EVIDENCE_CAPTION
  if (text === '') {
    if (!mentioned && !direct) return drop('empty message')
    text = BARE_MENTION_TEXT
  }

  const messageKey = `slack:${event.channel}:${event.ts}`
  const userName = event.user_profile?.display_name || event.user_profile?.real_name || undefined
  return {
    kind: 'accept',
    eventId,
    channel: event.channel,
    threadTs: event.thread_ts ?? (direct ? undefined : event.ts),
    keys: [`slack:${eventId}`, messageKey],
    files,
    message: {
      text,
      user: `slack:${event.user}`,
      ...(userName ? { userName } : {}),
      channel: event.channel,
      messageId: messageKey,
      platform: 'slack',
    },
  }
}
