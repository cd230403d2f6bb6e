/**
 * The progress store port. `SqliteStore` (sqlite-store.ts) is the implementation used everywhere;
 * a PostgreSQL one can follow for deployments that outgrow one machine. All methods are synchronous
 * because better-sqlite3 is; an async backend would wrap the bot's calls, not change its logic.
 */

export type BindingStatus = 'pending' | 'approved'

export interface Binding {
  user: string
  unit: string
  status: BindingStatus
  userName: string | null
  requestedAt: string
  approvedBy: string | null
}

/** One figure read from an update and matched to a plan target. */
export interface MatchedFigure {
  value: number
  unit: string
  /** Index into the task's targets, or null when no target matched. */
  target: number | null
  /** value / target value, as a percentage, when matched. */
  percent: number | null
}

export interface NewUpdate {
  task: number
  unit: string
  user: string
  userName: string | null
  /** The update as read (normalised: simplified characters, half-width digits). */
  text: string
  /** The whole message exactly as received, so nothing the user wrote is lost. */
  original?: string | null
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

export type AddUpdateResult = { stored: true; update: StoredUpdate } | { stored: false; duplicateOf: StoredUpdate }

export interface ProgressStore {
  getBinding(user: string): Binding | null
  /** Creates or replaces the sender's binding request or binding. */
  putBinding(binding: Binding): void
  removeBinding(user: string): boolean
  pendingBindings(): Binding[]
  /** Approved bindings of a unit (for reminders that mention people). */
  usersOfUnit(unit: string): Binding[]
  /** Stores an update unless its sourceId was seen; commits before returning. */
  addUpdate(update: NewUpdate): AddUpdateResult
  /** Latest first; withdrawn updates excluded unless asked. */
  updatesForTask(task: number, opts?: { includeWithdrawn?: boolean; limit?: number }): StoredUpdate[]
  /** Every live (not withdrawn) update, oldest first. */
  liveUpdates(): StoredUpdate[]
  /** The sender's most recent live update, if any. */
  lastUpdateBy(user: string): StoredUpdate | null
  withdraw(id: number, at: string): boolean
  audit(entry: AuditEntry): void
  auditTrail(limit?: number): AuditEntry[]
  /**
   * Claims a platform message or event id. True the first time, false afterwards, across restarts:
   * adapters use it so a retried delivery is handled once.
   */
  claimMessage(key: string, at: string): boolean
  close(): void
}
