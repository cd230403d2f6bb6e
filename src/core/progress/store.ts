/**
 * The progress store port. `SqliteStore` (sqlite-store.ts) is the embedded implementation; a
 * PostgreSQL one is for deployments that outgrow one machine. Every method returns a promise,
 * because a network database cannot answer synchronously. A promise settles only after the work is
 * done (a write: committed), and a method's read-then-write never spans two calls: what must be
 * atomic is one method, one transaction inside the implementation, so no other event can run
 * between the read and the write. Errors (StoreUnavailableError) arrive as rejected promises.
 * `forPlan` stays synchronous: it only builds a view over the same store and does no I/O.
 */

import type { CheckInLog } from './check-ins.js'
import type { TaskEventLog } from './cycle-log.js'
import type { DeliveryLog } from './delivery.js'
import type { EvidenceLog } from './evidence-log.js'
import type { IdentityLog } from './identities.js'
import type { Leadership } from './leadership.js'
import type { NoticeLog } from './notices.js'
import type { PlanRecords } from './plan-records.js'
import type { ReportParts } from './report-parts.js'

export type BindingStatus = 'pending' | 'approved'

export interface Binding {
  user: string
  unit: string
  status: BindingStatus
  userName: string | null
  requestedAt: string
  approvedBy: string | null
  /** Key of the plan the binding was made under (a unit's binding serves every plan that names it). */
  plan?: string | null
}

/** One figure read from an update and matched to a plan target. */
export interface MatchedFigure {
  value: number
  unit: string
  /** Index into the task's targets, or null when no target matched. */
  target: number | null
  /** value / target value, as a percentage, when matched. */
  percent: number | null
  /** Why a figure was credited to no target (figure-targets.ts), for the reply; absent when matched. */
  why?: string
}

export interface NewUpdate {
  /** Key of the plan the task belongs to (core/plan/identity.ts): a task is (plan, number). */
  plan?: string | null
  task: number
  unit: string
  user: string
  userName: string | null
  /**
   * The report as the user wrote it (their punctuation, their characters), without the command
   * words before it. Figures are read from a normalised copy, never stored.
   */
  text: string
  /** The whole message exactly as received, so nothing the user wrote is lost. */
  original?: string | null
  /** 本月进展 / 存在问题 / 下步计划 as the report gives them (report-parts.ts); absent on old rows. */
  parts?: ReportParts | null
  figures: MatchedFigure[]
  /** Best attainment in percent (0–100+), or null when no figure matched a target. */
  attainment: number | null
  done: boolean
  /** Source message id; a second update with the same id is not stored. */
  sourceId: string | null
  at: string
}

export interface StoredUpdate extends NewUpdate {
  id: number
  withdrawnAt: string | null
}

export interface AuditEntry {
  at: string
  user: string
  action: string
  allowed: boolean
  reason: string
  detail?: unknown
}

/**
 * What became of an update: stored, or not stored because it is the same message again (`repeat`
 * false: its source id was seen) or the same report sent twice (`repeat` true: see AddUpdateOptions).
 */
export type AddUpdateResult = { stored: true; update: StoredUpdate } | { stored: false; duplicateOf: StoredUpdate; repeat: boolean }

export interface AddUpdateOptions {
  /**
   * For a message without an id: a live update of the same plan, task, user and text at or after
   * this time is the same report sent twice, and nothing is stored. Checked in the same transaction
   * as the insert, so two copies arriving at once (at two instances) store one.
   */
  repeatSince?: string
}

/** What 撤回 did: withdrew `withdrawn`, or nothing (`last` is the sender's latest live update, too old or none). */
export type WithdrawResult = { withdrawn: StoredUpdate } | { withdrawn: null; last: StoredUpdate | null }

export interface ProgressStore {
  getBinding(user: string): Promise<Binding | null>
  /** Creates or replaces the sender's binding request or binding. */
  putBinding(binding: Binding): Promise<void>
  /**
   * Files `binding` only when the user has none, in one transaction with `audit`; false (nothing
   * written) when they already had one. For a door that proposes a binding by itself (a WeChat
   * contact back under a new id), so no other message can bind the user between check and write.
   */
  putBindingIfAbsent(binding: Binding, audit: AuditEntry): Promise<boolean>
  /**
   * Approves the user's pending request, in one transaction with `audit` (its detail gains the
   * unit); null, nothing written, when there is no pending request (none, already approved, or
   * approved by another admin at the same moment).
   */
  approveBinding(user: string, approvedBy: string, audit: AuditEntry): Promise<Binding | null>
  removeBinding(user: string): Promise<boolean>
  pendingBindings(): Promise<Binding[]>
  /** Approved bindings of a unit (for reminders that mention people). */
  usersOfUnit(unit: string): Promise<Binding[]>
  /**
   * Stores an update unless its sourceId was seen; commits before the promise resolves. `audit` is written in
   * the same transaction (its detail gains the new update's `id`), so a stored update always has
   * its audit row and a failed audit write stores nothing. Strings are made well-formed (a lone
   * surrogate becomes U+FFFD) and figures that are not finite or absurdly large are left out (the
   * text keeps them as typed); the returned update is what was stored. Rejects with
   * StoreUnavailableError when the database file is no longer the one that was opened.
   */
  addUpdate(update: NewUpdate, audit?: AuditEntry, options?: AddUpdateOptions): Promise<AddUpdateResult>
  /** Latest first; withdrawn updates excluded unless asked. `plan` limits them to one plan's task. */
  updatesForTask(task: number, opts?: { includeWithdrawn?: boolean; limit?: number; plan?: string }): Promise<StoredUpdate[]>
  /** Every live (not withdrawn) update, oldest first; of one plan when `plan` is given. */
  liveUpdates(opts?: { plan?: string }): Promise<StoredUpdate[]>
  /** The sender's most recent live update, if any. */
  lastUpdateBy(user: string): Promise<StoredUpdate | null>
  /** Marks an update withdrawn; `audit` is written in the same transaction. */
  withdraw(id: number, at: string, audit?: AuditEntry): Promise<boolean>
  /**
   * 撤回: withdraws the user's latest live update if it was made at or after `notBefore`, in one
   * transaction with `audit` (its detail gains the update's id and task). Two 撤回 at once act one
   * after the other (the second withdraws the update before), never both on one update.
   */
  withdrawLast(user: string, at: string, notBefore: string, audit: AuditEntry): Promise<WithdrawResult>
  audit(entry: AuditEntry): Promise<void>
  auditTrail(limit?: number): Promise<AuditEntry[]>
  /**
   * Claims a platform message or event id. True the first time, false afterwards, across restarts:
   * adapters use it so a retried delivery is handled once. `owner` (an inbox key) is remembered,
   * so a replay of that inbox entry can tell its own claim from another delivery's.
   */
  claimMessage(key: string, at: string, owner?: string): Promise<boolean>
  /** Inbox and outbox of the chat doors (delivery.ts), in the same database. */
  readonly delivery: DeliveryLog
  /** Chat identities as last seen (identities.ts), for platforms whose ids change at login. */
  readonly identities: IdentityLog
  /** Check-ins, nudges and digests sent per period (check-ins.ts), so none goes out twice. */
  readonly checkIns: CheckInLog
  /** Plans as last loaded and the assignment of rows older than plan keys (plan-records.ts). */
  readonly plans: PlanRecords
  /** Locks held by one instance at a time (leadership.ts): long connections a platform allows once. */
  readonly leadership: Leadership
  /** The 督办 cycle: 办结, 销号, reopening and 延期 steps per task (cycle-log.ts; SQLite migration 8). */
  readonly cycle: TaskEventLog
  /** Direct messages the 督办 cycle owes (notices.ts; SQLite migration 9), delivered by the chat doors. */
  readonly notices: NoticeLog
  /** 佐证材料: files sent with reports, content-addressed (evidence-log.ts; SQLite migration 8). */
  readonly evidence: EvidenceLog
  /**
   * The same store seen from one plan: reads return that plan's updates only, and updates and
   * bindings written through it carry its key. Answerers get this view, so no answer can show
   * one year's progress against another year's task of the same number.
   */
  forPlan(key: string, sameBureau?: (other: string) => boolean): ProgressStore
  close(): Promise<void>
}

/**
 * The store cannot keep what it is given (its file was removed or replaced under it). Nothing was
 * stored; `reply` says so to the user, politely and without internals, and the message names the file.
 */
export class StoreUnavailableError extends Error {
  readonly reply = '抱歉，数据库暂时不可用，这条内容未记录。请稍后再试，并请管理员检查机器人的数据库文件（BOT_DB）。'
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`store: ${file} ${problem}; refusing to acknowledge writes. Restart the bot once BOT_DB is back in place.`)
    this.name = 'StoreUnavailableError'
  }
}
