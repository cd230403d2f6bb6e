import type { Logger } from '../../core/log.js'
import type { DeliveryLog, OutboxEntry } from '../../core/progress/delivery.js'
import type { PrefixedDoor } from '../../core/progress/door-keys.js'
import { formatTime } from '../../core/time.js'
import { SendQueue } from './send-queue.js'

/**
 * Replies of a long-connection door (WeCom, DingTalk), sent through the delivery log so none is
 * lost and none is sent twice by this process: the parts of a reply are written to the outbox
 * (with the inbox entry finished, one commit) before the first is sent, and each is marked sent as
 * soon as the platform took it. Parts for one room leave in order, at least `intervalMs` apart.
 *
 * A part the platform refuses for good is marked with the error and the later parts of that reply
 * are marked skipped (never a tail without its head). A part that could not even be tried because
 * the door is stopping (`SendLater`) stays unsent, with the rest of its reply: the next start sends
 * it. What remains is the window between the platform taking a part and the mark: a process killed
 * exactly there sends that part again at the next start (WeCom's stream id makes that repeat
 * replace the first copy; DingTalk has no such key).
 */

/** Thrown by a door's sender when the part was not tried (stopping); it stays queued for the next start. */
export class SendLater extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SendLater'
  }
}

export interface OutboxPart<P> {
  /** The room whose queue the part waits in: a chat id, or a user id for direct messages. */
  room: string
  payload: P
}

export interface DurableOutboxOptions<P> {
  delivery: DeliveryLog
  intervalMs: number
  send: (payload: P) => Promise<void>
  now: () => Date
  log: Logger
  /** Log prefix: `wecom`, `dingtalk`. */
  label: string
  /** The door whose outbox rows these are (core/progress/door-keys.ts); others are left for their own door. */
  door: PrefixedDoor
}

export class DurableOutbox<P> {
  private readonly jobs = new Map<string, () => Promise<void>>()
  private readonly rooms: SendQueue
  private next = 0

  constructor(private readonly options: DurableOutboxOptions<P>) {
    this.rooms = new SendQueue({
      intervalMs: options.intervalMs,
      send: async (_room, id) => {
        const job = this.jobs.get(id)
        this.jobs.delete(id)
        if (job) await job()
      },
    })
  }

  /** Queues the parts for the inbox entry (or a notice's own key), durably, then sends them; true when all went out. */
  async deliver(key: string, parts: OutboxPart<P>[]): Promise<boolean> {
    return this.send(await this.queue(key, parts))
  }

  /** Writes the parts to the outbox and finishes the inbox entry `key`, in one commit; sends nothing. */
  async queue(key: string, parts: OutboxPart<P>[]): Promise<OutboxEntry[]> {
    const ids = await this.options.delivery.queueReplies(key, parts, this.options.now().toISOString())
    return ids.map((id, i) => ({ id, inboxKey: key, room: (parts[i] as OutboxPart<P>).room, payload: parts[i]?.payload }))
  }

  /**
   * Sends what the outbox holds unsent (a previous run's replies, and replays just queued), in the
   * order queued. Read before the connection opens, so no live reply is picked up twice; the sends
   * themselves wait for the connection.
   */
  async resume(): Promise<void> {
    const pending = await this.options.delivery.unsentReplies(this.options.door)
    if (pending.length === 0) return
    this.options.log.info(`${this.options.label}: sending replies queued before this start`, { count: pending.length })
    await this.send(pending)
  }

  /** Resolves once everything queued so far has been sent, refused or put off. */
  drain(): Promise<void> {
    return this.rooms.drain()
  }

  /** Sends queued entries: per room in order; true when every one went out. */
  async send(entries: OutboxEntry[]): Promise<boolean> {
    const byReply = new Map<string, OutboxEntry[]>()
    for (const e of entries) {
      const group = `${e.inboxKey}\u0000${e.room}`
      byReply.set(group, [...(byReply.get(group) ?? []), e])
    }
    const results = await Promise.all([...byReply.values()].map((list) => this.sendReply(list)))
    return results.every(Boolean)
  }

  /** One reply's parts for one room, through that room's queue. */
  private async sendReply(entries: OutboxEntry[]): Promise<boolean> {
    const { delivery, now, log, label } = this.options
    const room = (entries[0] as OutboxEntry).room
    let failure: 'refused' | 'later' | undefined
    const settled = new Set<number>()
    const ids = entries.map((entry) => {
      const id = `part-${this.next++}`
      this.jobs.set(id, async () => {
        try {
          await this.options.send(entry.payload as P)
        } catch (error) {
          settled.add(entry.id)
          if (error instanceof SendLater) failure = 'later'
          else {
            failure = 'refused'
            await delivery.markSent(entry.id, now().toISOString(), error instanceof Error ? error.message : String(error))
            log.error(`${label}: send failed; the rest of this reply is skipped`, { room, error })
          }
          throw error
        }
        settled.add(entry.id)
        await delivery.markSent(entry.id, now().toISOString())
      })
      return id
    })
    try {
      await this.rooms.enqueue(room, ids)
      return true
    } catch {
      if (failure === 'later') return false
      for (const e of entries)
        if (!settled.has(e.id)) await delivery.markSent(e.id, now().toISOString(), 'skipped: an earlier part of this reply failed')
      return false
    } finally {
      for (const id of ids) this.jobs.delete(id)
    }
  }
}

/** After this long a reply says it is late and when the message it answers was received. */
export const LATE_AFTER_MS = 10 * 60_000

/** 「（迟到的回复：你的消息收到于 06-30 09:12）」 before a reply sent long after its message, else ''. */
export function lateNote(receivedAt: string | undefined, now: Date, timezone: string): string {
  if (!receivedAt) return ''
  const at = new Date(receivedAt).getTime()
  if (Number.isNaN(at) || now.getTime() - at < LATE_AFTER_MS) return ''
  return `（迟到的回复：你的消息收到于 ${formatTime(receivedAt, timezone).slice(5)}）\n`
}
