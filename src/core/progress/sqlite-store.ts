import type Database from 'better-sqlite3'
import type { Logger } from '../log.js'
import { withDetail } from './audit-detail.js'
import { type BindingRow, toBinding } from './binding-rows.js'
import type { CheckInLog } from './check-ins.js'
import type { TaskEventLog } from './cycle-log.js'
import type { DeliveryLog } from './delivery.js'
import type { EvidenceLog } from './evidence-log.js'
import type { IdentityLog } from './identities.js'
import type { NoticeLog } from './notices.js'
import type { PlanRecords } from './plan-records.js'
import { planScoped } from './plan-scope.js'
import { backupDatabase } from './sqlite-backup.js'
import { SqliteCheckIns } from './sqlite-check-ins.js'
import { SqliteCycleLog } from './sqlite-cycle-log.js'
import { SqliteDelivery } from './sqlite-delivery.js'
import { SqliteEvidenceLog } from './sqlite-evidence-log.js'
import { SqliteIdentities } from './sqlite-identities.js'
import { SqliteInstances } from './sqlite-instances.js'
import { SqliteLeadership } from './sqlite-leadership.js'
import { SqliteNotices } from './sqlite-notices.js'
import { assertSameFile, type FileIdentity, openDatabase } from './sqlite-open.js'
import { SqlitePlanRecords } from './sqlite-plan-records.js'
import { toUpdate, type UpdateRow } from './sqlite-rows.js'
import type {
  AddUpdateOptions,
  AddUpdateResult,
  AuditEntry,
  Binding,
  NewUpdate,
  ProgressStore,
  StoredUpdate,
  WithdrawResult,
} from './store.js'
import { cleanUpdate } from './store-input.js'

/**
 * The SQLite progress store (better-sqlite3 12). Durability: WAL with synchronous=FULL, set on
 * every open because better-sqlite3 reopens WAL databases as NORMAL. Every method that reads and
 * then writes runs in one IMMEDIATE transaction, so concurrent processes cannot interleave; a
 * method's promise resolves only after its commit, so "已记录" is never said before the data is on
 * disk; and
 * every acknowledged write first checks that BOT_DB is still the file that is open (sqlite-open.ts),
 * inside its transaction, so a write into a removed or replaced file is rolled back and refused
 * (the promise rejects). Internals stay synchronous (better-sqlite3): each method does all its work,
 * transaction included, before it first yields, so a transaction never spans an await.
 */

export class SqliteStore implements ProgressStore {
  private readonly db: Database.Database
  private readonly identity: FileIdentity | null
  readonly delivery: DeliveryLog
  readonly identities: IdentityLog
  readonly checkIns: CheckInLog
  readonly plans: PlanRecords
  readonly leadership: SqliteLeadership
  private readonly instances: SqliteInstances
  readonly cycle: TaskEventLog
  readonly notices: NoticeLog
  readonly evidence: EvidenceLog
  private closed = false
  /** Prepared once, reused: preparing SQL on every call is wasted work on the hot path. */
  private readonly statements = new Map<string, Database.Statement>()

  /** Opens (creating it if absent) or refuses the file: see sqlite-open.ts for what is refused. */
  constructor(
    readonly file: string,
    private readonly options: { log?: Logger } = {},
  ) {
    const opened = openDatabase(file)
    this.db = opened.db
    this.identity = opened.identity
    // The parts of the store share its statements, its write transaction and its audit insert.
    const statement = (sql: string) => this.statement(sql)
    const write = <T>(work: () => T): T => this.write(work)
    const insertAudit = (entry: AuditEntry) => this.insertAudit(entry)
    this.instances = new SqliteInstances(statement)
    this.write(() => this.instances.register(new Date().toISOString()))
    this.delivery = new SqliteDelivery(statement, write, this.instances)
    this.leadership = new SqliteLeadership(statement, write, this.instances)
    this.identities = new SqliteIdentities(statement)
    this.checkIns = new SqliteCheckIns(statement, write)
    this.plans = new SqlitePlanRecords(statement, write, insertAudit)
    this.cycle = new SqliteCycleLog(statement, write, insertAudit)
    this.notices = new SqliteNotices(statement, write, this.instances)
    this.evidence = new SqliteEvidenceLog(statement, write, insertAudit)
  }

  forPlan(key: string, sameBureau?: (other: string) => boolean): ProgressStore {
    return planScoped(this, key, sameBureau)
  }

  /** Runs `work` in one IMMEDIATE transaction that commits only if the file is still ours. */
  private write<T>(work: () => T): T {
    return this.db
      .transaction(() => {
        const result = work()
        try {
          assertSameFile(this.file, this.identity)
        } catch (error) {
          this.options.log?.error((error as Error).message)
          throw error
        }
        return result
      })
      .immediate()
  }

  private insertAudit(e: AuditEntry): void {
    this.statement('INSERT INTO audit (at, user, action, allowed, reason, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
      e.at,
      e.user,
      e.action,
      e.allowed ? 1 : 0,
      e.reason,
      e.detail === undefined ? null : JSON.stringify(e.detail),
    )
  }

  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql)
    if (!prepared) {
      prepared = this.db.prepare(sql)
      this.statements.set(sql, prepared)
    }
    return prepared
  }

  async getBinding(user: string): Promise<Binding | null> {
    const row = this.statement('SELECT * FROM bindings WHERE user = ?').get(user) as BindingRow | undefined
    return row ? toBinding(row) : null
  }

  async putBinding(b: Binding): Promise<void> {
    this.write(() =>
      this.statement(
        `INSERT INTO bindings (user, unit, status, user_name, requested_at, approved_by, plan) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user) DO UPDATE SET unit = excluded.unit, status = excluded.status, user_name = excluded.user_name,
           requested_at = excluded.requested_at, approved_by = excluded.approved_by, plan = excluded.plan`,
      ).run(b.user, b.unit, b.status, b.userName, b.requestedAt, b.approvedBy, b.plan ?? null),
    )
  }

  async putBindingIfAbsent(b: Binding, audit: AuditEntry): Promise<boolean> {
    return this.write(() => {
      const filed =
        this.statement(
          `INSERT INTO bindings (user, unit, status, user_name, requested_at, approved_by, plan) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (user) DO NOTHING`,
        ).run(b.user, b.unit, b.status, b.userName, b.requestedAt, b.approvedBy, b.plan ?? null).changes > 0
      if (filed) this.insertAudit(audit)
      return filed
    })
  }

  async approveBinding(user: string, approvedBy: string, audit: AuditEntry): Promise<Binding | null> {
    return this.write(() => {
      const row = this.statement(`SELECT * FROM bindings WHERE user = ? AND status = 'pending'`).get(user) as BindingRow | undefined
      if (!row) return null
      this.statement(`UPDATE bindings SET status = 'approved', approved_by = ? WHERE user = ?`).run(approvedBy, user)
      this.insertAudit(withDetail(audit, { unit: row.unit }))
      return { ...toBinding(row), status: 'approved' as const, approvedBy }
    })
  }

  async removeBinding(user: string): Promise<boolean> {
    return this.write(() => this.statement('DELETE FROM bindings WHERE user = ?').run(user).changes > 0)
  }

  async pendingBindings(): Promise<Binding[]> {
    return (this.statement(`SELECT * FROM bindings WHERE status = 'pending' ORDER BY requested_at`).all() as BindingRow[]).map(toBinding)
  }

  async usersOfUnit(unit: string): Promise<Binding[]> {
    return (this.statement(`SELECT * FROM bindings WHERE status = 'approved' AND unit = ? ORDER BY user`).all(unit) as BindingRow[]).map(
      toBinding,
    )
  }

  async addUpdate(update: NewUpdate, audit?: AuditEntry, options: AddUpdateOptions = {}): Promise<AddUpdateResult> {
    const u = cleanUpdate(update)
    return this.write((): AddUpdateResult => {
      if (u.sourceId) {
        const existing = this.statement('SELECT * FROM updates WHERE source_id = ?').get(u.sourceId) as UpdateRow | undefined
        if (existing) return { stored: false, duplicateOf: toUpdate(existing), repeat: false }
      }
      if (options.repeatSince !== undefined) {
        const repeat = this.statement(
          `SELECT * FROM updates WHERE plan IS ? AND task = ? AND user = ? AND text = ? AND at >= ? AND withdrawn_at IS NULL
           ORDER BY at DESC, id DESC LIMIT 1`,
        ).get(u.plan ?? null, u.task, u.user, u.text, options.repeatSince) as UpdateRow | undefined
        if (repeat) return { stored: false, duplicateOf: toUpdate(repeat), repeat: true }
      }
      const info = this.statement(
        `INSERT INTO updates (plan, task, unit, user, user_name, text, original, figures, attainment, done, source_id, at, parts)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        u.plan ?? null,
        u.task,
        u.unit,
        u.user,
        u.userName,
        u.text,
        u.original ?? null,
        JSON.stringify(u.figures),
        u.attainment,
        u.done ? 1 : 0,
        u.sourceId,
        u.at,
        u.parts ? JSON.stringify(u.parts) : null,
      )
      const id = Number(info.lastInsertRowid)
      if (audit) this.insertAudit(withDetail(audit, { id }))
      return { stored: true, update: { ...u, parts: u.parts ?? null, id, withdrawnAt: null } }
    })
  }

  async updatesForTask(task: number, opts: { includeWithdrawn?: boolean; limit?: number; plan?: string } = {}): Promise<StoredUpdate[]> {
    const live = opts.includeWithdrawn ? '' : 'AND withdrawn_at IS NULL'
    const plan = opts.plan === undefined ? '' : 'AND plan = ?'
    const rows = this.statement(`SELECT * FROM updates WHERE task = ? ${plan} ${live} ORDER BY at DESC, id DESC LIMIT ?`).all(
      ...(opts.plan === undefined ? [task] : [task, opts.plan]),
      opts.limit ?? -1,
    ) as UpdateRow[]
    return rows.map(toUpdate)
  }

  async liveUpdates(opts: { plan?: string } = {}): Promise<StoredUpdate[]> {
    const rows =
      opts.plan === undefined
        ? this.statement('SELECT * FROM updates WHERE withdrawn_at IS NULL ORDER BY at, id').all()
        : this.statement('SELECT * FROM updates WHERE plan = ? AND withdrawn_at IS NULL ORDER BY at, id').all(opts.plan)
    return (rows as UpdateRow[]).map(toUpdate)
  }

  async lastUpdateBy(user: string): Promise<StoredUpdate | null> {
    const row = this.db
      .prepare('SELECT * FROM updates WHERE user = ? AND withdrawn_at IS NULL ORDER BY at DESC, id DESC LIMIT 1')
      .get(user) as UpdateRow | undefined
    return row ? toUpdate(row) : null
  }

  async withdraw(id: number, at: string, audit?: AuditEntry): Promise<boolean> {
    return this.write(() => {
      const changed = this.statement('UPDATE updates SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL').run(at, id).changes > 0
      if (changed && audit) this.insertAudit(audit)
      return changed
    })
  }

  async withdrawLast(user: string, at: string, notBefore: string, audit: AuditEntry): Promise<WithdrawResult> {
    return this.write((): WithdrawResult => {
      const row = this.statement('SELECT * FROM updates WHERE user = ? AND withdrawn_at IS NULL ORDER BY at DESC, id DESC LIMIT 1').get(
        user,
      ) as UpdateRow | undefined
      if (!row || row.at < notBefore) return { withdrawn: null, last: row ? toUpdate(row) : null }
      this.statement('UPDATE updates SET withdrawn_at = ? WHERE id = ?').run(at, row.id)
      this.insertAudit(withDetail(audit, { id: row.id, task: row.task }))
      return { withdrawn: { ...toUpdate(row), withdrawnAt: at } }
    })
  }

  async audit(e: AuditEntry): Promise<void> {
    this.insertAudit(e)
  }

  async auditTrail(limit = 100): Promise<AuditEntry[]> {
    const rows = this.statement('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit) as {
      at: string
      user: string
      action: string
      allowed: number
      reason: string
      detail: string | null
    }[]
    return rows.map((r) => ({
      at: r.at,
      user: r.user,
      action: r.action,
      allowed: r.allowed === 1,
      reason: r.reason,
      detail: r.detail === null ? undefined : JSON.parse(r.detail),
    }))
  }

  async claimMessage(key: string, at: string, owner?: string): Promise<boolean> {
    return this.statement('INSERT OR IGNORE INTO seen_messages (key, at, owner) VALUES (?, ?, ?)').run(key, at, owner ?? null).changes > 0
  }

  /** Online backup to `target`: see sqlite-backup.ts. Resolves with the copy's integrity_check. */
  backup(target: string): Promise<string> {
    return backupDatabase(this.db, target)
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string
  }

  /** For tests and diagnostics: the durability settings in force on this connection. */
  pragmas(): { journalMode: string; synchronous: number; userVersion: number } {
    return {
      journalMode: this.db.pragma('journal_mode', { simple: true }) as string,
      synchronous: this.db.pragma('synchronous', { simple: true }) as number,
      userVersion: this.db.pragma('user_version', { simple: true }) as number,
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.leadership.closed()
    try {
      this.db.transaction(() => this.instances.unregister()).immediate()
    } catch {
      // The file is gone or read-only: nothing of this instance is left to free.
    }
    this.db.close()
  }
}
