import type { PgPool, Query } from './pg-client.js'
import { pgJson } from './pg-rows.js'
import { LOCKS } from './pg-schema.js'
import {
  type PlanRecord,
  type PlanRecords,
  type PlanVersionChange,
  type PlanRow as Row,
  toPlanRecord as toRecord,
  type Unplanned,
} from './plan-records.js'
import type { AuditEntry } from './store.js'

/** The columns in the shape both stores share (plan-records.ts). */
const COLUMNS = 'key, title, issuer, year, file, hash, tasks::text AS tasks, change::text AS change, first_seen, last_seen'

/**
 * Plan records in PostgreSQL. `record` holds a transaction advisory lock on the plan's key, so of
 * instances starting together one sees the earlier version and compares, the others see this one;
 * `rekey` deletes the old record first (a row lock), so only one instance moves the rows and audits.
 */
export class PgPlanRecords implements PlanRecords {
  constructor(
    private readonly db: PgPool,
    private readonly insertAudit: (query: Query, entry: AuditEntry) => Promise<void>,
  ) {}

  async get(key: string): Promise<PlanRecord | null> {
    const [row] = await this.db.query<Row>(`SELECT ${COLUMNS} FROM plans WHERE key = $1`, [key])
    return row ? toRecord(row) : null
  }

  async all(): Promise<PlanRecord[]> {
    return (await this.db.query<Row>(`SELECT ${COLUMNS} FROM plans ORDER BY year, key`)).map(toRecord)
  }

  async noteChange(key: string, change: PlanVersionChange | null): Promise<void> {
    await this.db.query('UPDATE plans SET change = $1 WHERE key = $2', [change === null ? null : pgJson(change), key])
  }

  async record(plan: Omit<PlanRecord, 'firstSeen' | 'lastSeen' | 'change'>, at: string): Promise<PlanRecord | null> {
    return this.db.tx(async (query) => {
      await query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCKS.plan, plan.key])
      const [before] = await query<Row>(`SELECT ${COLUMNS} FROM plans WHERE key = $1`, [plan.key])
      await query(
        `INSERT INTO plans (key, title, issuer, year, file, hash, tasks, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (key) DO UPDATE SET title = excluded.title, issuer = excluded.issuer, year = excluded.year,
           file = excluded.file, hash = excluded.hash, tasks = excluded.tasks, last_seen = excluded.last_seen`,
        [plan.key, plan.title, plan.issuer, plan.year, plan.file, plan.hash, pgJson(plan.tasks), at],
      )
      return before ? toRecord(before) : null
    })
  }

  async unplanned(): Promise<Unplanned> {
    const updates = await this.db.query<Unplanned['updates'][number]>(
      'SELECT id, task, unit, at FROM updates WHERE plan IS NULL ORDER BY id',
    )
    const bindings = await this.db.query<{ user_id: string; unit: string; requested_at: string }>(
      'SELECT user_id, unit, requested_at FROM bindings WHERE plan IS NULL ORDER BY user_id',
    )
    return { updates, bindings: bindings.map((r) => ({ user: r.user_id, unit: r.unit, requestedAt: r.requested_at })) }
  }

  async assign(updates: Map<number, string>, bindings: Map<string, string>, audit: AuditEntry): Promise<number> {
    return this.db.tx(async (query) => {
      let changed = 0
      for (const [id, key] of updates)
        changed += (await query('UPDATE updates SET plan = $1 WHERE id = $2 AND plan IS NULL RETURNING id', [key, id])).length
      for (const [user, key] of bindings)
        changed += (await query('UPDATE bindings SET plan = $1 WHERE user_id = $2 AND plan IS NULL RETURNING user_id', [key, user])).length
      if (changed > 0) await this.insertAudit(query, audit)
      return changed
    })
  }

  async rekey(from: string, to: string, audit: AuditEntry): Promise<number | null> {
    return this.db.tx(async (query) => {
      if ((await query('DELETE FROM plans WHERE key = $1 RETURNING key', [from])).length === 0) return null
      const moved =
        (await query('UPDATE updates SET plan = $1 WHERE plan = $2 RETURNING id', [to, from])).length +
        (await query('UPDATE bindings SET plan = $1 WHERE plan = $2 RETURNING user_id', [to, from])).length +
        (await query('UPDATE task_events SET plan = $1 WHERE plan = $2 RETURNING id', [to, from])).length +
        (await query('UPDATE evidence SET plan = $1 WHERE plan = $2 RETURNING id', [to, from])).length
      await this.insertAudit(query, audit)
      return moved
    })
  }

  async liveCounts(key: string): Promise<Map<number, number>> {
    const rows = await this.db.query<{ task: number; n: number }>(
      'SELECT task, COUNT(*)::int AS n FROM updates WHERE plan = $1 AND withdrawn_at IS NULL GROUP BY task',
      [key],
    )
    return new Map(rows.map((r) => [r.task, r.n]))
  }
}
