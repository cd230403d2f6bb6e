/**
 * Replies to Events API messages, sent through the delivery log so none is lost or sent twice:
 * the parts of a reply are written to the outbox (with the inbox entry finished, in one commit)
 * before the first Web API call (or response_url post), and each is marked sent as soon as Slack took it. After a crash,
 * `resume()` sends what was queued and never sent, once, in order.
 *
 * A part that fails for good (after the Web API client's own retries) is marked with its error and
 * not retried at the next start; the later parts of that reply are marked skipped, as the Outbox
 * skips them, so a restart never posts the tail of a reply without its head.
 *
 * With several instances, each sends the replies it queued; `resume()` (at start and on every
 * takeover sweep) sends those of instances that are gone. A part whose sender died after starting
 * its Web API call may already be in Slack: every post carries its outbox id as message metadata,
 * and before sending such a part again the thread (or the conversation) is read to see whether it
 * arrived. Slash-command answers and uploads cannot be looked up; they are sent again (at least once).
 */

import type { Config } from '../../config.js'
import type { Logger } from '../../core/log.js'
import type { BotReply } from '../../core/message.js'
import type { DeliveryLog, OutboxEntry } from '../../core/progress/delivery.js'
import { formatTime } from '../../core/time.js'
import type { Outbox, SendJob } from './outbox.js'
import { renderReply, type SlackMessage } from './render.js'
import { alreadyPosted, MARKER_EVENT } from './sent-check.js'
import { type ApiContext, commandTarget, type Respond, threadTarget } from './targets.js'

/**
 * One outbox payload: a message for a channel (in a thread when `threadTs` is set), an ephemeral
 * answer to a slash command through its response_url, or a file for a channel.
 */
export type SlackDelivery =
  | { kind: 'post'; channel: string; threadTs?: string; message: SlackMessage }
  | { kind: 'respond'; channel: string; responseUrl: string; message: SlackMessage }
  | { kind: 'upload'; channel: string; threadTs?: string; file: NonNullable<BotReply['file']> }

/** Where a reply goes: a channel and thread (events), or a slash command's response_url. */
export type ReplyPlace = { channel: string; threadTs: string | undefined } | { channel: string; responseUrl: string }

/** How replies left by a stopped run are sent: after how long one says it is late, in which zone. */
export interface ResumeSettings {
  lateAfterMs: number
  timezone: string
}

export const DEFAULT_RESUME: ResumeSettings = { lateAfterMs: 10 * 60_000, timezone: 'Asia/Shanghai' }

export function resumeSettings(config: Pick<Config, 'BOT_LATE_REPLY_MINUTES' | 'BOT_TIMEZONE'>): ResumeSettings {
  return { lateAfterMs: config.BOT_LATE_REPLY_MINUTES * 60_000, timezone: config.BOT_TIMEZONE }
}

export class DurableSender {
  constructor(
    private readonly delivery: DeliveryLog,
    private readonly outbox: Outbox,
    private readonly api: ApiContext,
    private readonly now: () => Date,
    private readonly log: Logger,
    private readonly resumeSettings: ResumeSettings = DEFAULT_RESUME,
  ) {}

  /** Queues the reply for the inbox entry, durably, then sends it; true when every part went out. */
  async send(inboxKey: string, where: ReplyPlace, reply: BotReply): Promise<boolean> {
    const { channel } = where
    const thread = 'threadTs' in where && where.threadTs ? { threadTs: where.threadTs } : {}
    const parts: SlackDelivery[] = renderReply(reply).map((message) =>
      'responseUrl' in where
        ? { kind: 'respond', channel, responseUrl: where.responseUrl, message }
        : { kind: 'post', channel, ...thread, message },
    )
    if (reply.file) parts.push({ kind: 'upload', channel, ...thread, file: reply.file })
    const at = this.now().toISOString()
    const ids = await this.delivery.queueReplies(
      inboxKey,
      parts.map((payload) => ({ room: where.channel, payload })),
      at,
    )
    return this.sendEntries(ids.map((id, i) => ({ id, inboxKey, room: where.channel, payload: parts[i] })))
  }

  /** Sends the replies a stopped instance (this one's previous run, or another) queued and did not send. */
  async resume(): Promise<void> {
    // Rows of the WeCom and DingTalk doors (another process on the same database) are theirs to send.
    const pending = await this.delivery.unsentReplies('slack')
    if (pending.length === 0) return
    this.log.info('slack: sending replies left unsent by a stopped instance', { count: pending.length })
    const unsent: OutboxEntry[] = []
    for (const entry of pending) {
      if (entry.attemptedAt && (await alreadyPosted(this.api, entry.payload as SlackDelivery, entry.id, entry.attemptedAt))) {
        this.log.info('slack: a reply taken over had reached Slack before its sender stopped; not sent again', { id: entry.id })
        await this.delivery.markSent(entry.id, this.now().toISOString())
      } else unsent.push(this.notedIfLate(entry))
    }
    await this.sendEntries(unsent)
  }

  /** A reply queued longer ago than `lateAfterMs` says first that it is late (BOT_LATE_REPLY_MINUTES). */
  private notedIfLate(entry: OutboxEntry): OutboxEntry {
    const { lateAfterMs, timezone } = this.resumeSettings
    if (!entry.createdAt || this.now().getTime() - Date.parse(entry.createdAt) <= lateAfterMs) return entry
    return { ...entry, payload: lateNoted(entry.payload as SlackDelivery, lateNote(entry.createdAt, timezone)) }
  }

  private async sendEntries(entries: OutboxEntry[]): Promise<boolean> {
    const rooms = new Map<string, OutboxEntry[]>()
    for (const e of entries) rooms.set(e.room, [...(rooms.get(e.room) ?? []), e])
    const results = await Promise.all([...rooms].map(([room, list]) => this.sendRoom(room, list)))
    return results.every(Boolean)
  }

  private async sendRoom(room: string, entries: OutboxEntry[]): Promise<boolean> {
    const settled = new Set<number>()
    const jobs: SendJob[] = entries.map((entry) => async () => {
      try {
        await this.delivery.markAttempt(entry.id, this.now().toISOString())
        await this.jobFor(entry.payload as SlackDelivery, entry.id)()
      } catch (error) {
        settled.add(entry.id)
        await this.delivery.markSent(entry.id, this.now().toISOString(), error instanceof Error ? error.message : String(error))
        throw error
      }
      settled.add(entry.id)
      await this.delivery.markSent(entry.id, this.now().toISOString())
    })
    const ok = await this.outbox.send(room, jobs)
    if (!ok) {
      for (const e of entries)
        if (!settled.has(e.id))
          await this.delivery.markSent(e.id, this.now().toISOString(), 'skipped: an earlier part of this reply failed')
    }
    return ok
  }

  private jobFor(d: SlackDelivery, id: number): SendJob {
    if (d.kind === 'respond') return commandTarget(this.api, d.channel, respondVia(d.responseUrl)).post(d.message)
    const target = threadTarget(this.api, d.channel, d.threadTs)
    return d.kind === 'post'
      ? target.post({ ...d.message, metadata: { event_type: MARKER_EVENT, event_payload: { outbox: id } } })
      : target.upload(d.file)
  }
}

/**
 * A slash command's response_url as a Respond, from the URL alone (bolt's `respond` exists only
 * while the request is in hand; after a restart the stored URL is all there is).
 */
export function respondVia(url: string): Respond {
  return async (message) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) })
    if (!res.ok) throw new Error(`slack: response_url answered HTTP ${res.status}`)
  }
}

/** The note a late reply starts with: 「（迟发：对应 06-30 10:02 收到的消息，机器人重启后补发）」. */
export function lateNote(createdAt: string, timezone: string): string {
  return `（迟发：对应 ${formatTime(createdAt, timezone).slice(5, 16)} 收到的消息，机器人重启后补发）`
}

/** A queued delivery with the note in front of its text (and as its first block); files as they are. */
function lateNoted(d: SlackDelivery, note: string): SlackDelivery {
  if (d.kind === 'upload') return d
  const blocks = d.message.blocks
  const message: SlackMessage = {
    ...d.message,
    text: `${note}\n${d.message.text}`,
    ...(blocks ? { blocks: blocks.length < 50 ? [{ type: 'section', text: { type: 'mrkdwn', text: note } }, ...blocks] : blocks } : {}),
  }
  return { ...d, message }
}
