import type { Logger } from '../../core/log.js'

/**
 * Logs a recurring failure (a puppet that keeps failing, a connection that keeps dropping) without
 * flooding the log: the first occurrence in full, then at most one line per `intervalMs` saying
 * how many more there were and the latest message. Nothing is lost from the count.
 */
export class RateLimitedLog {
  private lastLoggedAt = Number.NEGATIVE_INFINITY
  private suppressed = 0
  private latest = ''

  constructor(
    private readonly log: Logger,
    private readonly message: string,
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  error(error: unknown): void {
    const text = error instanceof Error ? error.message : String(error)
    const now = this.now()
    if (now - this.lastLoggedAt < this.intervalMs) {
      this.suppressed++
      this.latest = text
      return
    }
    const repeated = this.suppressed
    this.lastLoggedAt = now
    this.suppressed = 0
    if (repeated === 0) this.log.error(this.message, { error })
    else this.log.error(`${this.message} (${repeated} more since the last line; latest: ${this.latest})`, { error })
  }
}
