import type { Runtime } from '../../boot.js'
import type { StoredNotice } from '../../core/progress/notices.js'
import type { Binding } from '../../core/progress/store.js'
import type { CheckInDoor } from '../../core/summary/check-in-schedule.js'

/**
 * Delivers the 督办 cycle's notices (core/progress/notices.ts) addressed to one door's platform:
 * the lead unit told of a co-unit's 办结 request, the admins of a 延期 request, a requester of the
 * decision. It sends through the door's own direct-message path (`CheckInDoor.direct`, the same one
 * check-ins use), so on WeCom, DingTalk and Slack a notice is written to the durable outbox under
 * `notice:<id>` before it goes out, and one queued when the door stopped is sent at its next start.
 *
 * Each notice is claimed in the store before it is handed to the door: of two instances (or a
 * timer sweep and a nudge) only one sends it, and a sent notice is never offered again, so nothing
 * goes twice across restarts. A send the platform refused is recorded with its error and tried once
 * more at the door's next start. What remains is the moment between the claim and the hand-off: a
 * process killed exactly there leaves the notice claimed and unsent (logged at the next start as
 * waiting for an operator, never sent twice).
 */

export interface NoticeCourier {
  /** Sends what is waiting now; resolves with how many went out (one sweep at a time). */
  sweep(): Promise<number>
  /** Stops the timer and waits for the sweep in hand. */
  stop(): Promise<void>
}

/** How often a running door looks for new notices when nobody nudges it. */
export const NOTICE_SWEEP_MS = 2_000

/** The recipient as a Binding: the door's direct path reads only `user` (and the name for logs). */
function addressee(n: StoredNotice): Binding {
  return { user: n.to, unit: '', status: 'approved', userName: n.toName, requestedAt: n.createdAt, approvedBy: null }
}

export function startNoticeCourier(
  runtime: Pick<Runtime, 'store' | 'log'>,
  door: Pick<CheckInDoor, 'platform' | 'direct'>,
  options: { now?: () => Date; intervalMs?: number } = {},
): NoticeCourier {
  const { store, log } = runtime
  const now = options.now ?? (() => new Date())
  const label = `${door.platform}: notices`
  let stopped = false
  let first = true
  let running: Promise<number> = Promise.resolve(0)

  async function deliver(n: StoredNotice): Promise<boolean> {
    if (!(await store.notices.claim(n.id, now().toISOString()))) return false
    try {
      await door.direct(addressee(n), n.text, `notice:${n.id}`)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      await store.notices.settle(n.id, now().toISOString(), reason)
      log.error(`${label}: send failed; tried again at the next start`, { id: n.id, to: n.to, error: reason })
      return false
    }
    await store.notices.settle(n.id, now().toISOString())
    log.info(`${label}: sent`, { id: n.id, to: n.to, kind: n.kind })
    return true
  }

  async function once(): Promise<number> {
    const retry = first
    first = false
    if (retry) await reportStranded()
    const due = await store.notices.pending(door.platform, { retryFailed: retry })
    let sent = 0
    for (const n of due) {
      if (stopped) break
      if (await deliver(n)) sent++
    }
    return sent
  }

  /** Claimed before a crash and never settled: said once at start, left for an operator. */
  async function reportStranded(): Promise<void> {
    const stranded = (await store.notices.list()).filter(
      (n) => n.to.startsWith(`${door.platform}:`) && n.claimedAt && !n.sentAt && !n.error,
    )
    if (stranded.length)
      log.info(`${label}: claimed before a stop and not confirmed sent; not sent again`, { ids: stranded.map((n) => n.id) })
  }

  function sweep(): Promise<number> {
    running = running.catch(() => 0).then(() => (stopped ? 0 : once()))
    return running
  }

  const timer = setInterval(() => {
    sweep().catch((error) => log.error(`${label}: sweep failed; tried again shortly`, { error }))
  }, options.intervalMs ?? NOTICE_SWEEP_MS)
  timer.unref()

  return {
    sweep,
    async stop() {
      stopped = true
      clearInterval(timer)
      await running.catch(() => 0)
    },
  }
}
