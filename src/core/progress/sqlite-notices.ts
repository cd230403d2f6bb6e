import type Database from 'better-sqlite3'
import { type NewNotice, type NoticeLog, type NoticeRow, type StoredNotice, toNotice } from './notices.js'
import type { SqliteInstances } from './sqlite-instances.js'
import { wellFormed } from './store-input.js'

/** Writes the notices of cycle step `event`; inside the caller's write transaction. */
export function insertSqliteNotices(
  statement: (sql: string) => Database.Statement,
  event: number,
  notices: readonly NewNotice[],
  at: string,
): void {
  const insert = statement('INSERT INTO notices (event, recipient, recipient_name, kind, text, created_at) VALUES (?, ?, ?, ?, ?, ?)')
  for (const n of notices) insert.run(event, n.to, n.toName === null ? null : wellFormed(n.toName), n.kind, wellFormed(n.text), at)
}

/** Open notices (`open` is a condition on the row) of one platform, oldest first; `?, ?` bind `forPlatform`. */
const OPEN_OF_PLATFORM = (open: string) =>
  `SELECT * FROM notices WHERE sent_at IS NULL AND ${open} AND substr(recipient, 1, ?) = ? ORDER BY id`
const forPlatform = (platform: string): [number, string] => [platform.length + 1, `${platform}:`]
type ClaimedRow = NoticeRow & { claimed_by: string | null }

/**
 * The notice log in the progress database (table notices, migrations 9 and 10). Claims go through
 * the store's `write` (IMMEDIATE transactions), so of two instances claiming one notice one gets it;
 * each claim records its instance (SqliteInstances), whose liveness decides what is stranded.
 */
export class SqliteNotices implements NoticeLog {
  constructor(
    private readonly statement: (sql: string) => Database.Statement,
    private readonly write: <T>(work: () => T) => T,
    private readonly instances: SqliteInstances,
  ) {}

  async pending(platform: string, opts: { retryFailed?: boolean } = {}): Promise<StoredNotice[]> {
    const open = opts.retryFailed ? '(claimed_at IS NULL OR error IS NOT NULL)' : 'claimed_at IS NULL'
    return (this.statement(OPEN_OF_PLATFORM(open)).all(...forPlatform(platform)) as NoticeRow[]).map(toNotice)
  }

  async claim(id: number, at: string): Promise<boolean> {
    return this.write(
      () =>
        this.statement(
          `UPDATE notices SET claimed_at = ?, claimed_by = ?, error = NULL
           WHERE id = ? AND sent_at IS NULL AND (claimed_at IS NULL OR error IS NOT NULL)`,
        ).run(at, this.instances.id, id).changes > 0,
    )
  }

  async takeStranded(platform: string): Promise<StoredNotice[]> {
    return this.write(() => {
      const live = this.instances.live()
      const claimed = this.statement(OPEN_OF_PLATFORM('claimed_at IS NOT NULL AND error IS NULL')).all(
        ...forPlatform(platform),
      ) as ClaimedRow[]
      const rows = claimed.filter((r) => r.claimed_by === null || !live.has(r.claimed_by))
      const take = this.statement('UPDATE notices SET claimed_by = ? WHERE id = ?')
      for (const r of rows) take.run(this.instances.id, r.id)
      return rows.map(toNotice)
    })
  }

  async release(id: number): Promise<boolean> {
    return this.write(
      () =>
        this.statement('UPDATE notices SET claimed_at = NULL, claimed_by = NULL WHERE id = ? AND claimed_by = ? AND sent_at IS NULL').run(
          id,
          this.instances.id,
        ).changes > 0,
    )
  }

  async settle(id: number, at: string, error?: string): Promise<void> {
    this.write(() =>
      error === undefined
        ? this.statement('UPDATE notices SET sent_at = ?, error = NULL WHERE id = ?').run(at, id)
        : this.statement('UPDATE notices SET error = ? WHERE id = ?').run(wellFormed(error), id),
    )
  }

  async list(opts: { event?: number } = {}): Promise<StoredNotice[]> {
    const rows =
      opts.event === undefined
        ? this.statement('SELECT * FROM notices ORDER BY id').all()
        : this.statement('SELECT * FROM notices WHERE event = ? ORDER BY id').all(opts.event)
    return (rows as NoticeRow[]).map(toNotice)
  }
}
