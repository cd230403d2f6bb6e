/**
 * Replies to Events API messages, sent through the delivery log so none is lost or sent twice:
 * the parts of a reply are written to the outbox (with the inbox entry finished, in one commit)
 * before the first Web API call (or response_url post); each send is recorded as begun before the
 * call and as done as soon as Slack took it. After a crash, `resume()` sends what was queued and
 * never sent, once, in order. A post whose send had begun may have reached Slack before the kill:
 * it carries metadata naming its outbox entry, and is looked for in the channel before it is posted
 * again (posted-check.ts). A response_url answer or a file upload cannot be looked for: one whose
 * send had begun is sent again, the window README「送达」 states. A reply queued longer ago than
 * `lateAfterMs` says it is late and for which message.
 *
 * A part that fails for good (after the Web API client's own retries) is marked with its error and
 * not retried at the next start; the later parts of that reply are marked skipped, as the Outbox
 * skips them, so a restart never posts the tail of a reply without its head.
 */

import type { Config } from '../../config.js'
import type { Logger } from '../../core/log.js'
import type { BotReply } from '../../core/message.js'
import type { DeliveryLog, OutboxEntry } from '../../core/progress/delivery.js'
import { formatTime } from '../../core/time.js'
import type { Outbox, SendJob } from './outbox.js'
import { alreadyPosted, replyMetadata } from './posted-check.js'
import { renderReply, type SlackMessage } from './render.js'
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

/** How replies left by a previous run are sent: after how long one says it is late, in which zone. */
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
    return this.sendEntries(
      ids.map((id, i) => ({ id, inboxKey, room: where.channel, payload: parts[i], createdAt: at, attemptedAt: null })),
    )
  }

  /**
   * Sends the replies a previous process queued and did not send; those queued longer ago than
   * `lateAfterMs` first say they are late. Resolves when all are sent (the caller need not wait).
   */
  async resume(): Promise<void> {
    const pending = await this.delivery.unsentReplies()
    if (pending.length === 0) return
    const now = this.now().getTime()
    const late = (e: OutboxEntry) => now - Date.parse(e.createdAt) > this.resumeSettings.lateAfterMs
    this.log.info('slack: sending replies left unsent by the previous run', {
      count: pending.length,
      late: pending.filter(late).length,
      maybeSent: pending.filter((e) => e.attemptedAt).length,
    })
    await this.sendEntries(
      pending.map((e) => (late(e) ? { ...e, payload: lateNoted(e.payload as SlackDelivery, e.createdAt, this.resumeSettings) } : e)),
    )
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
        if (await this.reachedSlack(entry)) {
          this.log.info('slack: a reply sent before the last stop was found in the channel; not posting it again', { id: entry.id })
          settled.add(entry.id)
          await this.delivery.markSent(entry.id, this.now().toISOString())
          return
        }
        await this.delivery.markAttempt(entry.id, this.now().toISOString())
        await this.jobFor(entry)()
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

  /** For a post whose send had begun before a stop: whether Slack has it (a failed check says no). */
  private async reachedSlack(entry: OutboxEntry): Promise<boolean> {
    const d = entry.payload as SlackDelivery
    if (!entry.attemptedAt || d.kind !== 'post') return false
    try {
      return await alreadyPosted(
        this.api,
        { channel: d.channel, ...(d.threadTs ? { threadTs: d.threadTs } : {}) },
        { ...entry, attemptedAt: entry.attemptedAt },
      )
    } catch (error) {
      this.log.warn('slack: could not read the channel to check for a reply sent before the last stop; posting it again', {
        id: entry.id,
        channel: d.channel,
        error,
      })
      return false
    }
  }

  private jobFor(entry: OutboxEntry): SendJob {
    const d = entry.payload as SlackDelivery
    if (d.kind === 'respond') return commandTarget(this.api, d.channel, respondVia(d.responseUrl)).post(d.message)
    const target = threadTarget(this.api, d.channel, d.threadTs)
    return d.kind === 'post' ? target.post(d.message, replyMetadata(entry)) : target.upload(d.file)
  }
}

/** The note a late reply starts with: 「（迟发：对应 06-30 10:02 收到的消息，机器人重启后补发）」. */
export function lateNote(createdAt: string, timezone: string): string {
  return `（迟发：对应 ${formatTime(createdAt, timezone).slice(5, 16)} 收到的消息，机器人重启后补发）`
}

/** A queued delivery with the late note in front of its text (and as its first block); files as they are. */
function lateNoted(d: SlackDelivery, createdAt: string, settings: ResumeSettings): SlackDelivery {
  if (d.kind === 'upload') return d
  const note = lateNote(createdAt, settings.timezone)
  const blocks = d.message.blocks
  const message: SlackMessage = {
    text: `${note}\n${d.message.text}`,
    ...(blocks ? { blocks: blocks.length < 50 ? [{ type: 'section', text: { type: 'mrkdwn', text: note } }, ...blocks] : blocks } : {}),
  }
  return { ...d, message }
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
