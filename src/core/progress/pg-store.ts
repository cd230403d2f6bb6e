import type { Logger } from '../log.js'
import { withDetail } from './audit-detail.js'
import { type BindingRow, toBinding } from './binding-rows.js'
import { PgCheckIns } from './pg-check-ins.js'
import { PgPool, type Query, startupError } from './pg-client.js'
import { PgCycleLog } from './pg-cycle-log.js'
import { PgDelivery } from './pg-delivery.js'
import { PgEvidenceLog } from './pg-evidence-log.js'
import { PgIdentities } from './pg-identities.js'
import { PgNotices } from './pg-notices.js'
import { PgPlanRecords } from './pg-plan-records.js'
import { type PgUpdateRow, pgJson, pgText, pgUpdate } from './pg-rows.js'
import { LOCKS, migratePg } from './pg-schema.js'
import { PgSession } from './pg-session.js'
import { planScoped } from './plan-scope.js'
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
import { redactUrl } from './store-target.js'

/** The bindings columns in the shape both stores share (binding-rows.ts). */
const BINDING_COLUMNS = 'user_id AS "user", unit, status, user_name, requested_at, approved_by, plan'

/**
 * The PostgreSQL progress store (node-postgres), for several instances on one database. Every
 * write that is acknowledged runs in a transaction that has committed (synchronous_commit=on, set
 * on every connection) before its promise resolves. A read-then-write is one transaction that
 * first takes the lock the decision needs: a row lock, or a transaction advisory lock on the user
 * (撤回, a repeated report without a message id) or on the plan (recording a plan), so instances
 * deciding at the same moment decide one after the other. Dedupe is by unique constraints (source
 * id, message key, inbox key, check-in key); the audit table refuses UPDATE, DELETE and TRUNCATE
 * (a trigger). Each open store is an instance holding its own session lock (pg-session.ts).
 */
export class PgStore implements ProgressStore {
  readonly delivery: PgDelivery
  readonly identities: PgIdentities
  readonly checkIns: PgCheckIns
  readonly plans: PgPlanRecords
  readonly leadership: PgSession
  readonly cycle: PgCycleLog
  readonly notices: PgNotices
  readonly evidence: PgEvidenceLog
  private closed = false

  private constructor(
    private readonly db: PgPool,
    session: PgSession,
  ) {
    this.leadership = session
    this.delivery = new PgDelivery(db, () => session.id)
    this.identities = new PgIdentities(db.query)
    this.checkIns = new PgCheckIns(db)
    this.plans = new PgPlanRecords(db, (query, entry) => insertAudit(query, entry))
    this.cycle = new PgCycleLog(db, (query, entry) => insertAudit(query, entry))
    this.notices = new PgNotices(db, () => session.id)
    this.evidence = new PgEvidenceLog(db, (query, entry) => insertAudit(query, entry))
  }

  /** Connects, migrates (refusing a newer schema) and opens this instance's session. */
  static async open(url: string, options: { log?: Logger; poolSize?: number } = {}): Promise<PgStore> {
    const db = new PgPool(url, options.poolSize)
    try {
      const client = await db.pool.connect()
      try {
        await migratePg(client, url)
      } finally {
        client.release()
      }
      const session = new PgSession({ connectionString: url, application_name: 'gzyd-bot-instance' }, options.log)
      await session.open()
      options.log?.info('store: PostgreSQL', { server: redactUrl(url), instance: session.id })
      return new PgStore(db, session)
    } catch (error) {
      await db.end().catch(() => {})
      throw startupError(error, url)
    }
  }

  /** The instance id other instances see on the rows this one holds. */
  get instance(): number {
    return this.leadership.id
  }

  /** For the migration tool and tests: one statement as the store runs it. */
  get query(): Query {
    return this.db.query
  }

  /** For the migration tool: `work` in one transaction, committed before the promise resolves. */
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T> {
    return this.db.tx(work)
  }

  forPlan(key: string, sameBureau?: (other: string) => boolean): ProgressStore {
    return planScoped(this, key, sameBureau)
  }

  async getBinding(user: string): Promise<Binding | null> {
    const [row] = await this.db.query<BindingRow>(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE user_id = $1`, [user])
    return row ? toBinding(row) : null
  }

  async putBinding(b: Binding): Promise<void> {
    await this.db.query(
      `INSERT INTO bindings (user_id, unit, status, user_name, requested_at, approved_by, plan) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id) DO UPDATE SET unit = excluded.unit, status = excluded.status, user_name = excluded.user_name,
         requested_at = excluded.requested_at, approved_by = excluded.approved_by, plan = excluded.plan`,
      bindingParams(b),
    )
  }

  async putBindingIfAbsent(b: Binding, audit: AuditEntry): Promise<boolean> {
    return this.db.tx(async (query) => {
      const filed = await query(
        `INSERT INTO bindings (user_id, unit, status, user_name, requested_at, approved_by, plan) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
        bindingParams(b),
      )
      if (filed.length > 0) await insertAudit(query, audit)
      return filed.length > 0
    })
  }

  async approveBinding(user: string, approvedBy: string, audit: AuditEntry): Promise<Binding | null> {
    return this.db.tx(async (query) => {
      // The UPDATE locks the row: of two approvals at once, the second finds it no longer pending.
      const [row] = await query<BindingRow>(
        `UPDATE bindings SET status = 'approved', approved_by = $2 WHERE user_id = $1 AND status = 'pending' RETURNING ${BINDING_COLUMNS}`,
        [user, pgText(approvedBy)],
      )
      if (!row) return null
      await insertAudit(query, withDetail(audit, { unit: row.unit }))
      return toBinding(row)
    })
  }

  async removeBinding(user: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM bindings WHERE user_id = $1 RETURNING user_id', [user])).length > 0
  }

  async pendingBindings(): Promise<Binding[]> {
    return (await this.db.query<BindingRow>(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE status = 'pending' ORDER BY requested_at`)).map(
      toBinding,
    )
  }

  async usersOfUnit(unit: string): Promise<Binding[]> {
    return (
      await this.db.query<BindingRow>(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE status = 'approved' AND unit = $1 ORDER BY user_id`, [
        unit,
      ])
    ).map(toBinding)
  }

  async addUpdate(update: NewUpdate, audit?: AuditEntry, options: AddUpdateOptions = {}): Promise<AddUpdateResult> {
    const u = cleanUpdate(update)
    return this.db.tx(async (query): Promise<AddUpdateResult> => {
      if (options.repeatSince !== undefined) {
        // Two copies of one report without an id, at two instances: the second waits here for the first.
        await query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCKS.user, u.user])
        const [repeat] = await query<PgUpdateRow>(
          `SELECT * FROM updates WHERE plan IS NOT DISTINCT FROM $1 AND task = $2 AND user_id = $3 AND text = $4 AND at >= $5
             AND withdrawn_at IS NULL ORDER BY at DESC, id DESC LIMIT 1`,
          [u.plan ?? null, u.task, pgText(u.user), pgText(u.text), options.repeatSince],
        )
        if (repeat) return { stored: false, duplicateOf: pgUpdate(repeat), repeat: true }
      }
      // ON CONFLICT waits for a concurrent insert of the same source id to commit, then does nothing.
      const [row] = await query<PgUpdateRow>(
        `INSERT INTO updates (plan, task, unit, user_id, user_name, text, original, figures, attainment, done, source_id, at, parts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (source_id) DO NOTHING RETURNING *`,
        [
          u.plan ?? null,
          u.task,
          pgText(u.unit),
          pgText(u.user),
          pgText(u.userName),
          pgText(u.text),
          pgText(u.original ?? null),
          pgJson(u.figures),
          u.attainment,
          u.done,
          pgText(u.sourceId),
          u.at,
          u.parts ? pgJson(u.parts) : null,
        ],
      )
      if (!row) {
        const [existing] = await query<PgUpdateRow>('SELECT * FROM updates WHERE source_id = $1', [pgText(u.sourceId)])
        return { stored: false, duplicateOf: pgUpdate(existing as PgUpdateRow), repeat: false }
      }
      if (audit) await insertAudit(query, withDetail(audit, { id: row.id }))
      return { stored: true, update: { ...u, parts: u.parts ?? null, id: row.id, withdrawnAt: null } }
    })
  }

  async updatesForTask(task: number, opts: { includeWithdrawn?: boolean; limit?: number; plan?: string } = {}): Promise<StoredUpdate[]> {
    const live = opts.includeWithdrawn ? '' : 'AND withdrawn_at IS NULL'
    const plan = opts.plan === undefined ? '' : 'AND plan = $3'
    const params: unknown[] = [task, opts.limit ?? null]
    if (opts.plan !== undefined) params.push(opts.plan)
    const rows = await this.db.query<PgUpdateRow>(
      `SELECT * FROM updates WHERE task = $1 ${plan} ${live} ORDER BY at DESC, id DESC LIMIT $2`,
      params,
    )
    return rows.map(pgUpdate)
  }

  async liveUpdates(opts: { plan?: string } = {}): Promise<StoredUpdate[]> {
    const rows =
      opts.plan === undefined
        ? await this.db.query<PgUpdateRow>('SELECT * FROM updates WHERE withdrawn_at IS NULL ORDER BY at, id')
        : await this.db.query<PgUpdateRow>('SELECT * FROM updates WHERE plan = $1 AND withdrawn_at IS NULL ORDER BY at, id', [opts.plan])
    return rows.map(pgUpdate)
  }

  async lastUpdateBy(user: string): Promise<StoredUpdate | null> {
    const [row] = await this.db.query<PgUpdateRow>(
      'SELECT * FROM updates WHERE user_id = $1 AND withdrawn_at IS NULL ORDER BY at DESC, id DESC LIMIT 1',
      [user],
    )
    return row ? pgUpdate(row) : null
  }

  async withdraw(id: number, at: string, audit?: AuditEntry): Promise<boolean> {
    return this.db.tx(async (query) => {
      const changed = await query('UPDATE updates SET withdrawn_at = $1 WHERE id = $2 AND withdrawn_at IS NULL RETURNING id', [at, id])
      if (changed.length > 0 && audit) await insertAudit(query, audit)
      return changed.length > 0
    })
  }

  async withdrawLast(user: string, at: string, notBefore: string, audit: AuditEntry): Promise<WithdrawResult> {
    return this.db.tx(async (query): Promise<WithdrawResult> => {
      // Two 撤回 at once: the second waits for the first to commit, then finds the update before.
      await query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCKS.user, user])
      const [row] = await query<PgUpdateRow>(
        'SELECT * FROM updates WHERE user_id = $1 AND withdrawn_at IS NULL ORDER BY at DESC, id DESC LIMIT 1',
        [user],
      )
      if (!row || row.at < notBefore) return { withdrawn: null, last: row ? pgUpdate(row) : null }
      await query('UPDATE updates SET withdrawn_at = $1 WHERE id = $2', [at, row.id])
      await insertAudit(query, withDetail(audit, { id: row.id, task: row.task }))
      return { withdrawn: { ...pgUpdate(row), withdrawnAt: at } }
    })
  }

  async audit(e: AuditEntry): Promise<void> {
    await insertAudit(this.db.query, e)
  }

  async auditTrail(limit = 100): Promise<AuditEntry[]> {
    const rows = await this.db.query<{ at: string; user_id: string; action: string; allowed: boolean; reason: string; detail: unknown }>(
      'SELECT * FROM audit ORDER BY id DESC LIMIT $1',
      [limit],
    )
    return rows.map((r) => ({
      at: r.at,
      user: r.user_id,
      action: r.action,
      allowed: r.allowed,
      reason: r.reason,
      detail: r.detail === null ? undefined : r.detail,
    }))
  }

  async claimMessage(key: string, at: string, owner?: string): Promise<boolean> {
    const rows = await this.db.query(
      'INSERT INTO seen_messages (key, at, owner) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING key',
      [pgText(key), at, pgText(owner ?? null)],
    )
    return rows.length > 0
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.leadership.close()
    await this.db.end()
  }
}

function bindingParams(b: Binding): unknown[] {
  return [pgText(b.user), pgText(b.unit), b.status, pgText(b.userName), b.requestedAt, pgText(b.approvedBy), b.plan ?? null]
}

export async function insertAudit(query: Query, e: AuditEntry): Promise<void> {
  await query('INSERT INTO audit (at, user_id, action, allowed, reason, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    e.at,
    pgText(e.user),
    e.action,
    e.allowed,
    pgText(e.reason),
    pgJson(e.detail),
  ])
}
