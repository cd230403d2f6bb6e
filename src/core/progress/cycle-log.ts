import type { NewNotice } from './notices.js'
import type { AuditEntry } from './store.js'

/**
 * The 督办 cycle of each task as an append-only log of events: 办结 asked for by a co-unit, the task
 * closed (销号) by its lead unit or an admin, a request declined, the task reopened; 延期 asked for
 * with a reason, approved (the deadline moves) or declined by an admin. Nothing is updated in place:
 * the state of a task at any date is the fold of its events up to that date (summary/cycle.ts), so
 * every step stays visible and an as-of view shows the cycle as it stood then.
 *
 * Implementations: SqliteCycleLog (table task_events, migration 8) and PgCycleLog (migration 2, with
 * `source_id` UNIQUE); no method reads then writes, so none needs more than one statement (plus its
 * audit row and notices) in a transaction.
 */

export const TASK_EVENT_KINDS = [
  /** A co-unit reports the task finished and asks the lead unit to confirm. */
  'close_request',
  /** The task is 已办结 (销号): the lead unit's own 办结, or its (or an admin's) confirmation of a request. */
  'close',
  /** The lead unit (or an admin) does not confirm a co-unit's request; `ref` is the request. */
  'close_declined',
  /** A closed task is open again; `note` says why. */
  'reopen',
  /** A unit on the task asks an admin to move the deadline to `deadline`; `note` is the reason. */
  'extension_request',
  /** An admin approves the request `ref`: the deadline becomes the request's. */
  'extension_approved',
  /** An admin declines the request `ref`. */
  'extension_declined',
] as const
export type TaskEventKind = (typeof TASK_EVENT_KINDS)[number]

export interface NewTaskEvent {
  /** Key of the plan the task belongs to; the plan view of the store fills it in. */
  plan?: string | null
  task: number
  kind: TaskEventKind
  /** The unit acting (the sender's bound unit), or null for an admin acting for nobody's unit. */
  unit: string | null
  user: string
  /** Display name as the platform gave it; null when it gave none. */
  userName: string | null
  /** The explanation, reason or remark as the user wrote it ('' when none). */
  note: string
  /** For extension_request: the new deadline as written (「9月底前」); null otherwise. */
  deadline?: string | null
  /** The request an approval, confirmation or refusal answers; null otherwise. */
  ref?: number | null
  /** Source message id; a second event with the same id is not stored. */
  sourceId: string | null
  at: string
}

export interface StoredTaskEvent extends NewTaskEvent {
  id: number
}

export type AddTaskEventResult = { stored: true; event: StoredTaskEvent } | { stored: false; duplicateOf: StoredTaskEvent }

export interface TaskEventLog {
  /**
   * Appends an event unless its sourceId was seen, with `audit` and the `notices` it owes
   * (notices.ts) in the same transaction (the audit detail gains the event's `id`); resolves after
   * the commit. A duplicate stores neither.
   */
  add(event: NewTaskEvent, audit: AuditEntry, notices?: readonly NewNotice[]): Promise<AddTaskEventResult>
  /** Events oldest first; of one plan and/or one task when given. */
  list(opts?: { plan?: string; task?: number }): Promise<StoredTaskEvent[]>
}

/** A row of the task_events table, as both stores select it (PostgreSQL names its column user_id AS "user"). */
export interface TaskEventRow {
  id: number
  plan: string | null
  task: number
  kind: TaskEventKind
  unit: string | null
  user: string
  user_name: string | null
  note: string
  deadline: string | null
  ref: number | null
  source_id: string | null
  at: string
}

export const toTaskEvent = (r: TaskEventRow): StoredTaskEvent => ({
  id: r.id,
  plan: r.plan,
  task: r.task,
  kind: r.kind,
  unit: r.unit,
  user: r.user,
  userName: r.user_name,
  note: r.note,
  deadline: r.deadline,
  ref: r.ref,
  sourceId: r.source_id,
  at: r.at,
})
