/**
 * A per-room send queue: parts for one room go out in order, at least `intervalMs` apart, so the
 * bot never floods a room. Rooms do not wait for each other. `drain()` resolves once everything
 * queued so far has been sent (or has failed and been reported), which SIGTERM handling awaits.
 */

export interface SendQueueOptions {
  intervalMs: number
  send: (room: string, part: string) => Promise<void>
  onError?: (error: unknown, room: string) => void
  sleep?: (ms: number) => Promise<void>
}

export class SendQueue {
  private readonly tails = new Map<string, Promise<void>>()
  private readonly lastSentAt = new Map<string, number>()
  private readonly sleep: (ms: number) => Promise<void>

  constructor(private readonly options: SendQueueOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
  }

  /** Queues the parts for a room; the returned promise settles when they have been sent. */
  enqueue(room: string, parts: string[]): Promise<void> {
    const previous = this.tails.get(room) ?? Promise.resolve()
    const next = previous.then(() => this.sendAll(room, parts))
    const tail = next.catch((error) => this.options.onError?.(error, room))
    this.tails.set(room, tail)
    void tail.then(() => {
      if (this.tails.get(room) === tail) this.tails.delete(room)
    })
    return next
  }

  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()])
  }

  private async sendAll(room: string, parts: string[]): Promise<void> {
    for (const part of parts) {
      const wait = (this.lastSentAt.get(room) ?? Number.NEGATIVE_INFINITY) + this.options.intervalMs - Date.now()
      if (wait > 0) await this.sleep(wait)
      await this.options.send(room, part)
      this.lastSentAt.set(room, Date.now())
    }
  }
}

/** True when a message sent at `sentAt` is older than the backlog limit at `now`. */
export function isBacklog(sentAt: Date, now: Date, maxAgeSeconds: number): boolean {
  return now.getTime() - sentAt.getTime() > maxAgeSeconds * 1000
}
