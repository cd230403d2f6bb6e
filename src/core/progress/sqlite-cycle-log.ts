import type Database from 'better-sqlite3'
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
import { insertSqliteNotices } from './sqlite-notices.js'
import { planTaskWhere } from './sqlite-rows.js'
import type { AuditEntry } from './store.js'
import { wellFormed } from './store-input.js'

/** The 督办 cycle log in the progress database (table task_events, migration 7). */
export class SqliteCycleLog implements TaskEventLog {
  constructor(
    private readonly statement: (sql: string) => Database.Statement,
    private readonly write: <T>(work: () => T) => T,
    private readonly insertAudit: (entry: AuditEntry) => void,
  ) {}

  async add(event: NewTaskEvent, audit: AuditEntry, notices: readonly NewNotice[] = []): Promise<AddTaskEventResult> {
    const e: NewTaskEvent = {
      ...event,
      unit: event.unit === null ? null : wellFormed(event.unit),
      user: wellFormed(event.user),
      userName: event.userName === null ? null : wellFormed(event.userName),
      note: wellFormed(event.note),
      deadline: event.deadline == null ? null : wellFormed(event.deadline),
    }
    return this.write((): AddTaskEventResult => {
      if (e.sourceId) {
        const seen = this.statement('SELECT * FROM task_events WHERE source_id = ?').get(e.sourceId) as Row | undefined
        if (seen) return { stored: false, duplicateOf: toEvent(seen) }
      }
      const info = this.statement(
        `INSERT INTO task_events (plan, task, kind, unit, user, user_name, note, deadline, ref, source_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(e.plan ?? null, e.task, e.kind, e.unit, e.user, e.userName, e.note, e.deadline ?? null, e.ref ?? null, e.sourceId, e.at)
      const id = Number(info.lastInsertRowid)
      this.insertAudit(withDetail(audit, { id }))
      insertSqliteNotices(this.statement, id, notices, e.at)
      return { stored: true, event: { ...e, plan: e.plan ?? null, deadline: e.deadline ?? null, ref: e.ref ?? null, id } }
    })
  }

  async list(opts: { plan?: string; task?: number } = {}): Promise<StoredTaskEvent[]> {
    const where = planTaskWhere(opts)
    const sql = `SELECT * FROM task_events ${where.sql} ORDER BY at, id`
    return (this.statement(sql).all(...where.args) as Row[]).map(toEvent)
  }
}
