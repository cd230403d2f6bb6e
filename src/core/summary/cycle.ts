import type { Plan } from '../plan/types.js'
import type { StoredTaskEvent } from '../progress/cycle-log.js'

/**
 * The 督办 cycle of a task at a date: the fold of its events (progress/cycle-log.ts) up to then.
 * Closed (已办结, 销号) by the lead unit's own 办结 or a confirmed request, open again after a
 * reopening; a co-unit's 办结 waits for the lead; a 延期 moves the deadline once an admin approves
 * it, and the deadline it replaced stays known. Pure.
 */

export interface Closure {
  event: StoredTaskEvent
  /** The co-unit request the closing confirmed, if it confirmed one. */
  request: StoredTaskEvent | null
}

export interface Extension {
  /** The new deadline as the request wrote it (「9月底前」). */
  deadline: string
  request: StoredTaskEvent
  approval: StoredTaskEvent
}

export interface TaskCycle {
  closed: Closure | null
  /** A co-unit's 办结 awaiting the lead unit. */
  pendingClose: StoredTaskEvent | null
  /** Approved 延期 in force (the latest approved), or null. */
  extension: Extension | null
  /** Deadlines replaced by approved 延期, oldest first (as the requests found them: null = the plan gave none). */
  replaced: (string | null)[]
  /** A 延期 awaiting an admin. */
  pendingExtension: StoredTaskEvent | null
  /** Every event of the task up to the date, oldest first. */
  events: StoredTaskEvent[]
}

export const OPEN_CYCLE: TaskCycle = { closed: null, pendingClose: null, extension: null, replaced: [], pendingExtension: null, events: [] }

/** One task's cycle from its events (any order); events after `upTo` are left out. */
export function foldCycle(events: StoredTaskEvent[], upTo: Date, planDeadline: string | null): TaskCycle {
  const limit = upTo.getTime()
  const list = events.filter((e) => new Date(e.at).getTime() <= limit).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
  const byId = new Map(list.map((e) => [e.id, e]))
  const cycle: TaskCycle = { ...OPEN_CYCLE, replaced: [], events: list }
  for (const e of list) {
    switch (e.kind) {
      case 'close_request':
        if (!cycle.closed) cycle.pendingClose = e
        break
      case 'close':
        cycle.closed = { event: e, request: e.ref != null ? (byId.get(e.ref) ?? null) : null }
        cycle.pendingClose = null
        break
      case 'close_declined':
        if (cycle.pendingClose?.id === e.ref) cycle.pendingClose = null
        break
      case 'reopen':
        cycle.closed = null
        break
      case 'extension_request':
        cycle.pendingExtension = e
        break
      case 'extension_approved': {
        const request = e.ref != null ? byId.get(e.ref) : undefined
        if (!request?.deadline || cycle.extension?.request.id === request.id) break
        cycle.replaced.push(cycle.extension?.deadline ?? planDeadline)
        cycle.extension = { deadline: request.deadline, request, approval: e }
        if (cycle.pendingExtension?.id === request.id) cycle.pendingExtension = null
        break
      }
      case 'extension_declined':
        if (cycle.pendingExtension?.id === e.ref) cycle.pendingExtension = null
        break
    }
  }
  return cycle
}

/** Tasks 已办结 at `upTo`: nobody is asked to report on them (催报, check-ins, 未报送). */
export function closedTasks(plan: Pick<Plan, 'tasks'>, events: StoredTaskEvent[], upTo: Date): Set<number> {
  const byTask = eventsByTask(events)
  return new Set(plan.tasks.filter((t) => foldCycle(byTask.get(t.number) ?? [], upTo, t.deadline).closed !== null).map((t) => t.number))
}

/** Events grouped by task number. */
export function eventsByTask(events: StoredTaskEvent[]): Map<number, StoredTaskEvent[]> {
  const byTask = new Map<number, StoredTaskEvent[]>()
  for (const e of events) byTask.set(e.task, [...(byTask.get(e.task) ?? []), e])
  return byTask
}
