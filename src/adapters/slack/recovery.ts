/**
 * What the Slack door does about deliveries left behind: events accepted (in the inbox) and never
 * answered, and replies queued and never sent, by this instance's previous run or by another
 * instance that is gone. At start, and then every BOT_TAKEOVER_SECONDS, the store hands over what
 * no live instance holds (DeliveryLog.openMessages / unsentReplies): replies are sent, events are
 * answered again through the door's own path (`replay`). One sweep runs at a time.
 *
 * A redelivery (Slack's retry, or the same event at a second instance) of an entry already in the
 * inbox is acknowledged and otherwise left alone: the entry belongs to whoever accepted it, which
 * answers it, or the sweep does once that instance is gone. Finishing it from here could close an
 * entry another instance never answered.
 */
import type { Logger } from '../../core/log.js'
import type { DeliveryLog, InboxEntry } from '../../core/progress/delivery.js'
import type { DurableSender } from './durable-sender.js'
import { RETENTION_DAYS } from './inbox.js'

export interface RecoveryDeps {
  delivery: DeliveryLog
  sender: DurableSender
  log: Logger
  now: () => Date
  /** Answers one inbox entry again (the door's event or command path, marked as a replay). */
  replay: (entry: InboxEntry) => Promise<void>
  /** Registers work the door's stop() waits for. */
  track: <T>(work: Promise<T>) => Promise<T>
}

export class InboxRecovery {
  private readonly redelivered = new WeakSet<object>()
  /** Inbox entries being replayed: a live delivery of one of them is left to the replay. */
  private readonly replaying = new Set<string>()
  private sweeping: Promise<void> | null = null
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly deps: RecoveryDeps) {}

  /** Writes a request to the inbox before it is acknowledged; notes it when it was there already. */
  async accept(key: string, body: unknown, at: string): Promise<void> {
    if (!(await this.deps.delivery.accept(key, body, at)) && body && typeof body === 'object') this.redelivered.add(body)
  }

  /** Whether a live (not replayed) request should be left alone, and why; null when it is to be answered. */
  leaveAlone(body: unknown, inboxKey: string | undefined): 'duplicate' | 'replaying' | null {
    if (body && typeof body === 'object' && this.redelivered.has(body)) return 'duplicate'
    return inboxKey && this.replaying.has(inboxKey) ? 'replaying' : null
  }

  /**
   * Takes over what was left behind and answers it; at start the door waits for the entries to be
   * taken (before its receiver listens), so a live redelivery of one is never answered beside it.
   */
  async start(everyMs: number): Promise<void> {
    const opened = this.openEntries()
    this.run(opened, 'slack: resuming deliveries failed')
    await opened.catch(() => {}) // a failure is logged by the run
    this.timer = setInterval(() => {
      if (!this.sweeping) this.run(this.openEntries(), 'slack: taking over deliveries failed')
    }, everyMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    await this.sweeping
  }

  private run(opened: Promise<InboxEntry[]>, failure: string): void {
    this.sweeping = this.deps
      .track(this.resume(opened))
      .catch((error: unknown) => this.deps.log.error(failure, { error }))
      .finally(() => {
        this.sweeping = null
      })
  }

  private async openEntries(): Promise<InboxEntry[]> {
    const open = await this.deps.delivery.openMessages('slack')
    for (const entry of open) this.replaying.add(entry.key)
    return open
  }

  /**
   * Answers the events accepted and never answered and, beside that, sends the replies left unsent.
   * Accepted work comes first: each replayed event is stored as soon as the core has it, whatever
   * the number of old replies waiting in their channels' send queues (its reply queues behind them).
   */
  private async resume(opened: Promise<InboxEntry[]>): Promise<void> {
    const { delivery, sender, log, now } = this.deps
    const open = await opened
    const draining = sender.resume()
    if (open.length) log.info('slack: answering events accepted by a stopped instance', { count: open.length })
    for (const entry of open) {
      await this.deps.replay(entry)
      this.replaying.delete(entry.key)
    }
    await draining
    await delivery.prune(new Date(now().getTime() - RETENTION_DAYS * 86_400_000).toISOString())
  }
}
