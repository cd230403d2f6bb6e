import type Database from 'better-sqlite3'
import { type CheckInKey, type CheckInLog, type CheckInRecord, type CheckInRow as Row, toCheckInRecord as toRecord } from './check-ins.js'

const KEY = 'plan = ? AND period_start = ? AND kind = ? AND user = ?'
const keyArgs = (k: CheckInKey) => [k.plan, k.periodStart, k.kind, k.user]

/**
 * The check-in log in the progress database (table check_ins). Claims and settlements go through
 * the store's `write`: IMMEDIATE transactions, so two runs at once cannot both claim one message.
 */
export class SqliteCheckIns implements CheckInLog {
  constructor(
    private readonly statement: (sql: string) => Database.Statement,
    private readonly write: <T>(work: () => T) => T,
  ) {}

  async claim(key: CheckInKey, text: string, at: string): Promise<boolean> {
    return this.write(
      () =>
        this.statement(
          `INSERT INTO check_ins (plan, period_start, kind, user, text, queued_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (plan, period_start, kind, user) DO UPDATE
             SET text = excluded.text, queued_at = excluded.queued_at, sent_at = NULL, error = NULL
             WHERE check_ins.error IS NOT NULL`,
        ).run(...keyArgs(key), text, at).changes > 0,
    )
  }

  async settle(key: CheckInKey, at: string, error?: string): Promise<void> {
    this.write(() => this.statement(`UPDATE check_ins SET sent_at = ?, error = ? WHERE ${KEY}`).run(at, error ?? null, ...keyArgs(key)))
  }

  async get(key: CheckInKey): Promise<CheckInRecord | null> {
    const row = this.statement(`SELECT * FROM check_ins WHERE ${KEY}`).get(...keyArgs(key)) as Row | undefined
    return row ? toRecord(row) : null
  }

  async list(plan: string, periodStart: string): Promise<CheckInRecord[]> {
    const rows = this.statement('SELECT * FROM check_ins WHERE plan = ? AND period_start = ? ORDER BY queued_at, rowid').all(
      plan,
      periodStart,
    ) as Row[]
    return rows.map(toRecord)
  }
}
