/**
 * Everything the adapter sends goes through one Outbox: a SendQueue per channel, so parts of a
 * reply leave in order, at least BOT_SEND_INTERVAL_MS apart, and `drain()` can wait for them on
 * shutdown. The queue carries strings, so each send is registered here as a job (a closure that
 * makes one Web API call) under a string id, and the queue's `send` runs the job with that id.
 *
 * Rate limits: the Web API client waits out a 429 by itself (Retry-After), pausing its own request
 * queue, so a job simply takes longer and the channel's later parts wait behind it.
 */
import type { Logger } from '../../core/log.js'
import { SendQueue } from '../chat/send-queue.js'

/** One Web API call (post, upload, respond). */
export type SendJob = () => Promise<void>

export class Outbox {
  private readonly jobs = new Map<string, SendJob>()
  private readonly queue: SendQueue
  private next = 0

  constructor(intervalMs: number, log: Logger) {
    this.queue = new SendQueue({
      intervalMs,
      send: async (_room, id) => {
        const job = this.jobs.get(id)
        this.jobs.delete(id)
        if (job) await job()
      },
      onError: (error, room) => log.error('slack: send failed; later parts of this reply were dropped', { channel: room, error }),
    })
  }

  /**
   * Queues jobs for a room (a channel id); resolves true once all ran, false if one failed (the
   * failure is logged, the remaining jobs of this call are skipped). Never rejects.
   */
  async send(room: string, jobs: SendJob[]): Promise<boolean> {
    const ids = jobs.map((job) => {
      const id = `job-${this.next++}`
      this.jobs.set(id, job)
      return id
    })
    try {
      await this.queue.enqueue(room, ids)
      return true
    } catch {
      return false
    } finally {
      for (const id of ids) this.jobs.delete(id)
    }
  }

  /** Resolves when everything queued so far has been sent or has failed. */
  drain(): Promise<void> {
    return this.queue.drain()
  }
}
