import type { Runtime } from '../../boot.js'
import type { BotReply, IncomingMessage } from '../../core/message.js'
import type { InboxEntry, OutboxEntry } from '../../core/progress/delivery.js'
import type { DurableOutbox, OutboxPart } from './durable-outbox.js'
import { RecentReporters } from './recent-reporters.js'

/**
 * The one path every message of a long-connection door (WeCom, DingTalk) takes:
 *
 *   read (pure: addressed? from our organisation? text?) → inbox write (before any ack)
 *   → claim the platform message id (restart-proof dedupe) → bot.handle → outbox → send.
 *
 * `receive` returns as soon as the message is stored, so the door can acknowledge it; the answer
 * follows in the background (tracked, so `settle()` can wait for it). Entries a previous run
 * accepted and never answered are answered by `replay` before the connection opens, their replies
 * only queued; the door then sends everything unsent in order (DurableOutbox.resume). Errors never
 * escape: they are logged with context, and the asker gets a polite reply.
 */

export const APOLOGY = '抱歉，处理消息时出错了，请稍后再试。'
/** When even the inbox cannot be written: nothing was stored, so the sender must try again. */
export const NOT_STORED = '抱歉，系统暂时无法保存你的消息（什么也没有记录），请稍后再发一次。'

export type Inbound<Place> =
  | {
      kind: 'accept'
      /** The platform's message id: the inbox key and the dedupe key are made from it. */
      id: string
      message: IncomingMessage
      /** Where the reply goes (the door's own shape, kept in the outbox). */
      place: Place
      /** When the platform says the message was sent (ISO), for late replies. */
      sentAt: string | undefined
    }
  | { kind: 'drop'; id: string | undefined; reason: string }

export interface DoorOutcome {
  id: string | undefined
  /** The chat it came from (a group's id, so operators can copy it into BOT_REMIND_CHANNELS). */
  room?: string
  action: 'replied' | 'apologised' | 'duplicate' | 'dropped' | 'not stored'
  reason?: string
  intent?: string
  /** Whether every part of the reply went out (false also when it waits for the next start). */
  delivered?: boolean
}

/**
 * What a reader may ask the pipeline: whether `user` just stored a report in `room` (their file
 * alone there is then a 佐证材料, recent-reporters.ts). On replay every stored entry had passed
 * the reader once, so it is answered whatever the (in-memory) answer would be now.
 */
export interface ReadContext {
  justReported(room: string, user: string): boolean
}

export interface PipelineOptions<Place, P> {
  runtime: Pick<Runtime, 'bot' | 'store' | 'log'>
  label: 'wecom' | 'dingtalk'
  read: (payload: unknown, context: ReadContext) => Inbound<Place>
  render: (reply: BotReply, place: Place, sentAt: string | undefined) => OutboxPart<P>[]
  outbox: DurableOutbox<P>
  /** Sends parts without the outbox (the NOT_STORED notice); absent: nothing is said (the platform redelivers). */
  sendUnlogged?: (parts: OutboxPart<P>[]) => Promise<void>
  now: () => Date
  onOutcome?: (outcome: DoorOutcome) => void
}

export class InboxPipeline<Place, P> {
  private readonly inflight = new Set<Promise<unknown>>()
  private readonly reporters: RecentReporters
  private readonly live: ReadContext
  private static readonly REPLAY: ReadContext = { justReported: () => true }

  constructor(private readonly o: PipelineOptions<Place, P>) {
    this.reporters = new RecentReporters(o.now)
    this.live = { justReported: (room, user) => this.reporters.has(room, user) }
  }

  inboxKey(id: string): string {
    return `${this.o.label}-inbox:${id}`
  }

  /**
   * Reads and stores one delivery, then answers it in the background unless `answer` is false (the
   * door is stopping: the entry stays open and the next start answers it). Resolves true when the
   * platform may be told it arrived (stored now, stored before, or not for us), false when it could
   * not be stored.
   */
  async receive(payload: unknown, { answer = true }: { answer?: boolean } = {}): Promise<boolean> {
    const { runtime, label, now } = this.o
    const inbound = this.o.read(payload, this.live)
    if (inbound.kind === 'drop') {
      this.report({ id: inbound.id, action: 'dropped', reason: inbound.reason })
      return true
    }
    const key = this.inboxKey(inbound.id)
    let fresh: boolean
    try {
      fresh = await runtime.store.delivery.accept(key, payload, now().toISOString())
    } catch (error) {
      runtime.log.error(`${label}: could not store an incoming message; not acknowledged`, { id: inbound.id, error })
      if (this.o.sendUnlogged) {
        const notice = this.o.render({ intent: 'error', reply: NOT_STORED, tasks: [] }, inbound.place, undefined)
        await this.o.sendUnlogged(notice).catch((e: unknown) => runtime.log.error(`${label}: could not say so either`, { error: e }))
      }
      this.report({ id: inbound.id, action: 'not stored', reason: 'inbox write failed' })
      return false
    }
    if (!fresh) {
      this.report({ id: inbound.id, action: 'duplicate', reason: 'already in the inbox' })
      return true
    }
    if (!answer) {
      this.report({ id: inbound.id, action: 'dropped', reason: 'stored while stopping; answered at the next start' })
      return true
    }
    const answered = this.answer(key, inbound, false)
    // Registered before `track`, so the parts are in the outbox's queues by the time settle() returns;
    // the sends themselves are the outbox's (drain), since they may wait for the connection.
    answered
      .then(async (a) => {
        if (a) this.report({ ...a.outcome, delivered: await this.o.outbox.send(a.entries) })
      })
      .catch((error: unknown) => runtime.log.error(`${label}: sending a reply failed`, { id: inbound.id, error }))
    this.track(answered)
    return true
  }

  /**
   * Answers the entries a previous run accepted and never finished: handled and their replies
   * queued, nothing sent. Returns the queued parts, in order: the door sends them after the
   * replies an earlier run left unsent (those are older), so accepted work is stored first and
   * every reply goes out in the order it was queued.
   */
  async replay(open: InboxEntry[]): Promise<OutboxEntry[]> {
    if (open.length) this.o.runtime.log.info(`${this.o.label}: answering messages accepted before the last stop`, { count: open.length })
    const queued: OutboxEntry[] = []
    for (const entry of open) {
      const inbound = this.o.read(entry.payload, InboxPipeline.REPLAY)
      if (inbound.kind === 'drop') await this.o.runtime.store.delivery.finish(entry.key, this.o.now().toISOString())
      else {
        const answered = await this.answer(entry.key, inbound, true)
        if (answered) {
          this.report({ ...answered.outcome, reason: 'replayed after a restart; reply queued' })
          queued.push(...answered.entries)
        }
      }
    }
    return queued
  }

  /** Resolves once every message in hand is answered: its reply queued in the outbox, its sends in the outbox's queues. */
  async settle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight])
  }

  /** Claims, asks the core and queues the reply; returns the queued parts (undefined: nothing to send, already reported). */
  private async answer(
    key: string,
    inbound: Extract<Inbound<Place>, { kind: 'accept' }>,
    replay: boolean,
  ): Promise<{ entries: OutboxEntry[]; outcome: DoorOutcome } | undefined> {
    const { runtime, label, now, outbox } = this.o
    const { id, message, place, sentAt } = inbound
    let reply: BotReply
    let action: DoorOutcome['action'] = 'replied'
    try {
      const at = now().toISOString()
      const claimed =
        (await runtime.store.claimMessage(`${label}:${id}`, at, key)) ||
        (replay && (await runtime.store.delivery.claimOwner(`${label}:${id}`)) === key)
      if (!claimed) {
        await runtime.store.delivery.finish(key, at)
        this.report({ id, action: 'duplicate', reason: 'already handled' })
        return undefined
      }
      reply = await runtime.bot.handle(message)
      if (reply.progress && message.channel) this.reporters.note(message.channel, message.user)
    } catch (error) {
      runtime.log.error(`${label}: handling a message failed`, { id, user: message.user, text: message.text.slice(0, 200), error })
      reply = { intent: 'error', reply: APOLOGY, tasks: [] }
      action = 'apologised'
    }
    try {
      const entries = await outbox.queue(key, this.o.render(reply, place, sentAt))
      return { entries, outcome: { id, room: message.channel, action, intent: reply.intent } }
    } catch (error) {
      // The entry stays open: the next start answers it.
      runtime.log.error(`${label}: could not queue a reply; it is answered at the next start`, { id, error })
      this.report({ id, action: 'not stored', reason: 'outbox write failed' })
      return undefined
    }
  }

  private track(work: Promise<unknown>): void {
    const job = work.catch((error: unknown) => this.o.runtime.log.error(`${this.o.label}: a message was lost in handling`, { error }))
    this.inflight.add(job)
    void job.finally(() => this.inflight.delete(job))
  }

  private report(outcome: DoorOutcome): void {
    const { log } = this.o.runtime
    if (outcome.action === 'replied' || outcome.action === 'apologised') log.info(`${this.o.label}: answered`, { ...outcome })
    else log.debug(`${this.o.label}: ${outcome.action}`, { ...outcome })
    this.o.onOutcome?.(outcome)
  }
}
