import type { AuditEntry } from './store.js'

/**
 * The plans the store has seen, each as last loaded (identity, content hash and a digest of its
 * tasks), so that a changed plan file can be compared with the version its progress was logged
 * against; and the rows written before plans had keys, for the one-time assignment at start.
 */

/** A task as it read when its plan was recorded: enough to tell whether a new version still matches. */
export interface TaskDigest {
  number: number
  /** The task text, shortened. */
  text: string
}

export interface PlanRecord {
  key: string
  title: string
  issuer: string | null
  year: number | null
  file: string
  hash: string
  tasks: TaskDigest[]
  /** What no longer matched when this file replaced an earlier version of the plan, if anything. */
  change: PlanVersionChange | null
  firstSeen: string
  lastSeen: string
}

export interface PlanVersionChange {
  previousFile: string
  /** Tasks with progress the new version lacks. */
  gone: number[]
  /** Tasks with progress whose text at that number now reads as another task. */
  altered: number[]
  at: string
}

/** Rows without a plan key: written by a version of the bot that knew only one plan. */
export interface Unplanned {
  updates: { id: number; task: number; unit: string; at: string }[]
  bindings: { user: string; unit: string; requestedAt: string }[]
}

export interface PlanRecords {
  get(key: string): Promise<PlanRecord | null>
  all(): Promise<PlanRecord[]>
  /**
   * Stores the plan as loaded now and returns what was stored before (null the first time), in one
   * transaction: of instances starting at once, one sees the earlier version, the others this one.
   */
  record(plan: Omit<PlanRecord, 'firstSeen' | 'lastSeen' | 'change'>, at: string): Promise<PlanRecord | null>
  /** Keeps what a new version changed (null when it matches), shown until the next version. */
  noteChange(key: string, change: PlanVersionChange | null): Promise<void>
  unplanned(): Promise<Unplanned>
  /**
   * Gives rows their plan, in one transaction with `audit`. `updates` maps update id → plan key,
   * `bindings` user → plan key. Only rows still without a plan change.
   */
  assign(updates: Map<number, string>, bindings: Map<string, string>, audit: AuditEntry): Promise<number>
  /**
   * Moves every update, binding, cycle event and evidence row of plan `from` to plan `to` and forgets `from`, in one
   * transaction with `audit`: the same plan file under a new key (its side file or title changed).
   * Returns the rows moved; null, nothing written, when `from` is no longer recorded (another
   * instance starting at the same time moved it first).
   */
  rekey(from: string, to: string, audit: AuditEntry): Promise<number | null>
  /** Live updates per task number of one plan (for comparing versions). */
  liveCounts(key: string): Promise<Map<number, number>>
}

/** A row of the plans table, as both stores select it (PostgreSQL casts its JSONB columns to text). */
export interface PlanRow {
  key: string
  title: string
  issuer: string | null
  year: number | null
  file: string
  hash: string
  tasks: string
  change: string | null
  first_seen: string
  last_seen: string
}

export const toPlanRecord = (r: PlanRow): PlanRecord => ({
  key: r.key,
  title: r.title,
  issuer: r.issuer,
  year: r.year,
  file: r.file,
  hash: r.hash,
  tasks: JSON.parse(r.tasks),
  change: r.change === null ? null : JSON.parse(r.change),
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
})
