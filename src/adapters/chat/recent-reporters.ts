import { EVIDENCE_WINDOW_MS } from '../../core/answer/evidence.js'

/**
 * Who just reported progress, per room: a file or picture posted in a group chat by someone who
 * reported there in the last EVIDENCE_WINDOW_MS is addressed to the bot (it is that report's 佐证材料);
 * anyone else's pictures stay conversation between people. In memory: after a restart a file still
 * reaches the bot in a direct message or with the caption 「佐证 条号」.
 */
export class RecentReporters {
  private readonly seen = new Map<string, number>()

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly windowMs = EVIDENCE_WINDOW_MS,
  ) {}

  /** `user` stored a report in `room` just now. */
  note(room: string, user: string): void {
    const at = this.now().getTime()
    this.seen.set(`${room}\u0000${user}`, at)
    // Forget what is past the window, so the map stays as small as the rooms' recent reporters.
    for (const [key, when] of this.seen) if (at - when > this.windowMs) this.seen.delete(key)
  }

  /** Whether `user` reported in `room` within the window. */
  has(room: string, user: string): boolean {
    const when = this.seen.get(`${room}\u0000${user}`)
    return when !== undefined && this.now().getTime() - when <= this.windowMs
  }
}
