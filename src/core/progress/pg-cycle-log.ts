import { withDetail } from './audit-detail.js'
import {
  type AddTaskEventResult,
  type NewTaskEvent,
  type TaskEventRow as Row,
  type StoredTaskEvent,
  type TaskEventLog,
  toTaskEvent as toEvent,
} from './cycle-log.js'
import type { NewNotice } from './notices.js'
import type { PgPool, Query } from './pg-client.js'
import { insertPgNotices } from './pg-notices.js'
import { pgPlanTaskWhere, pgText } from './pg-rows.js'
import type { AuditEntry } from './store.js'
import { wellFormed } from './store-input.js'

/** The columns of task_events in the shape both stores share. */
const COLUMNS = 'id, plan, task, kind, unit, user_id AS "user", user_name, note, deadline, ref, source_id, at'

/**
 * The 督办 cycle log on PostgreSQL (table task_events, migration 2): one INSERT with its audit row in
 * a transaction; a message id seen before (another instance stored it) gives back the stored event.
 */
export class PgCycleLog implements TaskEventLog {
  constructor(
    private readonly db: PgPool,
    private readonly insertAudit: (query: Query, entry: AuditEntry) => Promise<void>,
  ) {}

  async add(event: NewTaskEvent, audit: AuditEntry, notices: readonly NewNotice[] = []): Promise<AddTaskEventResult> {
    const e = { ...event, note: wellFormed(event.note), user: wellFormed(event.user) }
    return this.db.tx(async (query): Promise<AddTaskEventResult> => {
      const [row] = await query<Row>(
        `INSERT INTO task_events (plan, task, kind, unit, user_id, user_name, note, deadline, ref, source_id, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (source_id) DO NOTHING RETURNING ${COLUMNS}`,
        [
          e.plan ?? null,
          e.task,
          e.kind,
          pgText(e.unit === null ? null : wellFormed(e.unit)),
          pgText(e.user),
          pgText(e.userName === null ? null : wellFormed(e.userName)),
          pgText(e.note),
          pgText(e.deadline == null ? null : wellFormed(e.deadline)),
          e.ref ?? null,
          pgText(e.sourceId),
          e.at,
        ],
      )
      if (!row) {
        const [seen] = await query<Row>(`SELECT ${COLUMNS} FROM task_events WHERE source_id = $1`, [pgText(e.sourceId)])
        return { stored: false, duplicateOf: toEvent(seen as Row) }
      }
      await this.insertAudit(query, withDetail(audit, { id: row.id }))
      await insertPgNotices(query, row.id, notices, e.at)
      return { stored: true, event: toEvent(row) }
    })
  }

  async list(opts: { plan?: string; task?: number } = {}): Promise<StoredTaskEvent[]> {
    const where = pgPlanTaskWhere(opts)
    return (await this.db.query<Row>(`SELECT ${COLUMNS} FROM task_events ${where.sql} ORDER BY at, id`, where.args)).map(toEvent)
  }
}
