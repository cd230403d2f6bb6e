import { type NewNotice, type NoticeLog, type NoticeRow, type StoredNotice, toNotice } from './notices.js'
import type { PgPool, Query } from './pg-client.js'
import { pgText } from './pg-rows.js'
import { wellFormed } from './store-input.js'

const COLUMNS = 'id, event, recipient, recipient_name, kind, text, created_at, claimed_at, sent_at, error'

/** Writes the notices of cycle step `event`; inside the caller's transaction. */
export async function insertPgNotices(query: Query, event: number, notices: readonly NewNotice[], at: string): Promise<void> {
  for (const n of notices)
    await query('INSERT INTO notices (event, recipient, recipient_name, kind, text, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      event,
      pgText(n.to),
      pgText(n.toName === null ? null : wellFormed(n.toName)),
      n.kind,
      pgText(wellFormed(n.text)),
      at,
    ])
}

/**
 * The notice log on PostgreSQL (table notices, migrations 3 and 4). A claim is one conditional
 * UPDATE: of instances claiming one notice at once, the row lock lets exactly one see it unclaimed.
 * Each claim records its instance; one whose session lock is gone (instance_alive) is stranded.
 */
export class PgNotices implements NoticeLog {
  constructor(
    private readonly db: PgPool,
    private readonly instance: () => number,
  ) {}

  async pending(platform: string, opts: { retryFailed?: boolean } = {}): Promise<StoredNotice[]> {
    const open = opts.retryFailed ? '(claimed_at IS NULL OR error IS NOT NULL)' : 'claimed_at IS NULL'
    const rows = await this.db.query<NoticeRow>(
      `SELECT ${COLUMNS} FROM notices WHERE sent_at IS NULL AND ${open} AND left(recipient, $1) = $2 ORDER BY id`,
      [platform.length + 1, `${platform}:`],
    )
    return rows.map(toNotice)
  }

  async claim(id: number, at: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE notices SET claimed_at = $1, claimed_by = $2, error = NULL
       WHERE id = $3 AND sent_at IS NULL AND (claimed_at IS NULL OR error IS NOT NULL) RETURNING id`,
      [at, this.instance(), id],
    )
    return rows.length > 0
  }

  /** SKIP LOCKED: two instances starting at once take disjoint notices, each once. */
  async takeStranded(platform: string): Promise<StoredNotice[]> {
    const rows = await this.db.query<NoticeRow>(
      `UPDATE notices SET claimed_by = $1 WHERE id IN (
         SELECT id FROM notices WHERE sent_at IS NULL AND error IS NULL AND claimed_at IS NOT NULL AND left(recipient, $2) = $3
           AND (claimed_by IS NULL OR NOT instance_alive(claimed_by))
         FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [this.instance(), platform.length + 1, `${platform}:`],
    )
    return rows.sort((a, b) => a.id - b.id).map(toNotice)
  }

  async release(id: number): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE notices SET claimed_at = NULL, claimed_by = NULL WHERE id = $1 AND claimed_by = $2 AND sent_at IS NULL RETURNING id',
      [id, this.instance()],
    )
    return rows.length > 0
  }

  async settle(id: number, at: string, error?: string): Promise<void> {
    if (error === undefined) await this.db.query('UPDATE notices SET sent_at = $1, error = NULL WHERE id = $2', [at, id])
    else await this.db.query('UPDATE notices SET error = $1 WHERE id = $2', [pgText(wellFormed(error)), id])
  }

  async list(opts: { event?: number } = {}): Promise<StoredNotice[]> {
    const rows =
      opts.event === undefined
        ? await this.db.query<NoticeRow>(`SELECT ${COLUMNS} FROM notices ORDER BY id`)
        : await this.db.query<NoticeRow>(`SELECT ${COLUMNS} FROM notices WHERE event = $1 ORDER BY id`, [opts.event])
    return rows.map(toNotice)
  }
}
