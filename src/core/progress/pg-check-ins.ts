import { type CheckInKey, type CheckInLog, type CheckInRecord, type CheckInRow as Row, toCheckInRecord as toRecord } from './check-ins.js'
import type { PgPool } from './pg-client.js'
import { pgText } from './pg-rows.js'

/** The columns in the shape both stores share (check-ins.ts). */
const COLUMNS = 'plan, period_start, kind, user_id AS "user", text, queued_at, sent_at, error'

const KEY = 'plan = $1 AND period_start = $2 AND kind = $3 AND user_id = $4'
const keyArgs = (k: CheckInKey) => [pgText(k.plan), k.periodStart, k.kind, pgText(k.user)]

/**
 * The check-in log in PostgreSQL. A claim is one INSERT … ON CONFLICT on the primary key: of
 * instances claiming one message at once, exactly one gets it (a failed send may be claimed again).
 */
export class PgCheckIns implements CheckInLog {
  constructor(private readonly db: PgPool) {}

  async claim(key: CheckInKey, text: string, at: string): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO check_ins (plan, period_start, kind, user_id, text, queued_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (plan, period_start, kind, user_id) DO UPDATE
         SET text = excluded.text, queued_at = excluded.queued_at, sent_at = NULL, error = NULL
         WHERE check_ins.error IS NOT NULL
       RETURNING plan`,
      [...keyArgs(key), pgText(text), at],
    )
    return rows.length > 0
  }

  async settle(key: CheckInKey, at: string, error?: string): Promise<void> {
    await this.db.query(`UPDATE check_ins SET sent_at = $5, error = $6 WHERE ${KEY}`, [...keyArgs(key), at, pgText(error ?? null)])
  }

  async get(key: CheckInKey): Promise<CheckInRecord | null> {
    const [row] = await this.db.query<Row>(`SELECT ${COLUMNS} FROM check_ins WHERE ${KEY}`, keyArgs(key))
    return row ? toRecord(row) : null
  }

  async list(plan: string, periodStart: string): Promise<CheckInRecord[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM check_ins WHERE plan = $1 AND period_start = $2 ORDER BY queued_at, seq`,
      [plan, periodStart],
    )
    return rows.map(toRecord)
  }
}
