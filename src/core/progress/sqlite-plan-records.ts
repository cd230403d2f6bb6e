import type Database from 'better-sqlite3'
import {
  type PlanRecord,
  type PlanRecords,
  type PlanVersionChange,
  type PlanRow as Row,
  toPlanRecord as toRecord,
  type Unplanned,
} from './plan-records.js'
import type { AuditEntry } from './store.js'

/** Plan records in the progress database (table plans and the plan columns, migration 5). */
export class SqlitePlanRecords implements PlanRecords {
  constructor(
    private readonly statement: (sql: string) => Database.Statement,
    private readonly write: <T>(work: () => T) => T,
    private readonly insertAudit: (entry: AuditEntry) => void,
  ) {}

  async get(key: string): Promise<PlanRecord | null> {
    return this.read(key)
  }

  /** Synchronous, so `record` can read inside its transaction. */
  private read(key: string): PlanRecord | null {
    const row = this.statement('SELECT * FROM plans WHERE key = ?').get(key) as Row | undefined
    return row ? toRecord(row) : null
  }

  async all(): Promise<PlanRecord[]> {
    return (this.statement('SELECT * FROM plans ORDER BY year, key').all() as Row[]).map(toRecord)
  }

  async noteChange(key: string, change: PlanVersionChange | null): Promise<void> {
    this.write(() => this.statement('UPDATE plans SET change = ? WHERE key = ?').run(change === null ? null : JSON.stringify(change), key))
  }

  async record(plan: Omit<PlanRecord, 'firstSeen' | 'lastSeen' | 'change'>, at: string): Promise<PlanRecord | null> {
    return this.write(() => {
      const before = this.read(plan.key)
      this.statement(
        `INSERT INTO plans (key, title, issuer, year, file, hash, tasks, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET title = excluded.title, issuer = excluded.issuer, year = excluded.year,
           file = excluded.file, hash = excluded.hash, tasks = excluded.tasks, last_seen = excluded.last_seen`,
      ).run(plan.key, plan.title, plan.issuer, plan.year, plan.file, plan.hash, JSON.stringify(plan.tasks), at, at)
      return before
    })
  }

  async unplanned(): Promise<Unplanned> {
    return {
      updates: this.statement('SELECT id, task, unit, at FROM updates WHERE plan IS NULL ORDER BY id').all() as Unplanned['updates'],
      bindings: (
        this.statement('SELECT user, unit, requested_at FROM bindings WHERE plan IS NULL ORDER BY user').all() as {
          user: string
          unit: string
          requested_at: string
        }[]
      ).map((r) => ({ user: r.user, unit: r.unit, requestedAt: r.requested_at })),
    }
  }

  async assign(updates: Map<number, string>, bindings: Map<string, string>, audit: AuditEntry): Promise<number> {
    return this.write(() => {
      let changed = 0
      const setUpdate = this.statement('UPDATE updates SET plan = ? WHERE id = ? AND plan IS NULL')
      const setBinding = this.statement('UPDATE bindings SET plan = ? WHERE user = ? AND plan IS NULL')
      for (const [id, key] of updates) changed += setUpdate.run(key, id).changes
      for (const [user, key] of bindings) changed += setBinding.run(key, user).changes
      if (changed > 0) this.insertAudit(audit)
      return changed
    })
  }

  async rekey(from: string, to: string, audit: AuditEntry): Promise<number | null> {
    return this.write(() => {
      if (!this.read(from)) return null
      const moved =
        this.statement('UPDATE updates SET plan = ? WHERE plan = ?').run(to, from).changes +
        this.statement('UPDATE bindings SET plan = ? WHERE plan = ?').run(to, from).changes +
        this.statement('UPDATE task_events SET plan = ? WHERE plan = ?').run(to, from).changes +
        this.statement('UPDATE evidence SET plan = ? WHERE plan = ?').run(to, from).changes
      this.statement('DELETE FROM plans WHERE key = ?').run(from)
      this.insertAudit(audit)
      return moved
    })
  }

  async liveCounts(key: string): Promise<Map<number, number>> {
    const rows = this.statement('SELECT task, COUNT(*) AS n FROM updates WHERE plan = ? AND withdrawn_at IS NULL GROUP BY task').all(
      key,
    ) as {
      task: number
      n: number
    }[]
    return new Map(rows.map((r) => [r.task, r.n]))
  }
}
