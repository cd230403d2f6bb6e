import type { Runtime } from '../../boot.js'
import type { StoredNotice } from '../../core/progress/notices.js'
import type { Binding } from '../../core/progress/store.js'
import type { CheckInDoor } from '../../core/summary/check-in-schedule.js'

/**
 * Delivers the 督办 cycle's notices (core/progress/notices.ts) addressed to one door's platform:
 * the lead unit told of a co-unit's 办结 request, the admins of a 延期 request, a requester of the
 * decision. It sends through the door's own direct-message path (`CheckInDoor.direct`, the same one
 * check-ins use), so on WeCom, DingTalk and Slack a notice is written to the durable outbox under
 * its key (`notice:<id>`) before it goes out, and one queued when the door stopped is sent at its
 * next start.
 *
 * Each notice is claimed in the store, as this instance's, before it is handed to the door: of two
 * instances (or a timer sweep and a nudge) only one sends it, and a sent notice is never offered
 * again. A send the platform refused is recorded with its error and tried once more at the door's
 * next start.
 *
 * A process killed between the claim and the settle leaves the notice stranded: claimed by an
 * instance that is gone. At a door's start the courier takes those over (`takeStranded`, never a
 * live instance's) before its first sweep. On a durable door (`queued` present) the outbox decides:
 * rows under the notice's key mean the process died after the hand-off, so the outbox owns it (it
 * went out, or the outbox's resume sends it) and the notice is settled as sent; no rows mean it died
 * before, so the notice is released and this start's sweep sends it. Either way it goes out once.
 * (Sent outbox rows are pruned after a week: a notice stranded longer than that is sent again.)
 * WeChat's private chats go straight to the puppet with no outbox, so nothing can tell whether a
 * stranded one went out: it is logged at each start for an operator and never sent twice.
 */

/** The door as the courier uses it. */
export interface NoticeDoor extends Pick<CheckInDoor, 'platform' | 'direct'> {
  /**
   * Only for a door whose `direct` writes to the durable outbox before sending (durable-outbox.ts,
   * Slack's DurableSender): whether the outbox holds rows under the key `direct` was given.
   */
  queued?(key: string): Promise<boolean>
}

export interface NoticeCourier {
  /** Sends what is waiting now; resolves with how many went out (one sweep at a time). */
  sweep(): Promise<number>
  /** Stops the timer and waits for the sweep in hand. */
  stop(): Promise<void>
}

/** How often a running door looks for new notices when nobody nudges it. */
export const NOTICE_SWEEP_MS = 2_000

/** The key a notice is handed to the door under (the outbox's inbox_key, behind a door's prefix). */
const keyOf = (n: StoredNotice): string => `notice:${n.id}`

/** The recipient as a Binding: the door's direct path reads only `user` (and the name for logs). */
function addressee(n: StoredNotice): Binding {
  return { user: n.to, unit: '', status: 'approved', userName: n.toName, requestedAt: n.createdAt, approvedBy: null }
}

export function startNoticeCourier(
  runtime: Pick<Runtime, 'store' | 'log'>,
  door: NoticeDoor,
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
      await door.direct(addressee(n), n.text, keyOf(n))
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
    if (retry) await takeOverStranded()
    const due = await store.notices.pending(door.platform, { retryFailed: retry })
    let sent = 0
    for (const n of due) {
      if (stopped) break
      if (await deliver(n)) sent++
    }
    return sent
  }

  /** Claims of instances that died before settling: settled or released by the outbox's word (see above). */
  async function takeOverStranded(): Promise<void> {
    const stranded = await store.notices.takeStranded(door.platform)
    const queued = door.queued?.bind(door)
    if (!queued) {
      if (stranded.length)
        log.info(`${label}: claimed before a stop and not confirmed sent; not sent again`, { ids: stranded.map((n) => n.id) })
      return
    }
    for (const n of stranded) {
      if (await queued(keyOf(n))) {
        await store.notices.settle(n.id, now().toISOString())
        log.info(`${label}: queued in the outbox before a stop; the outbox sends it, settled`, { id: n.id, to: n.to })
      } else if (await store.notices.release(n.id)) {
        log.info(`${label}: claimed before a stop and never queued; sending it now`, { id: n.id, to: n.to })
      }
    }
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
