import type Database from 'better-sqlite3'
import { type NewNotice, type NoticeLog, type NoticeRow, type StoredNotice, toNotice } from './notices.js'
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

/**
 * The notice log in the progress database (table notices, migration 9). Claims go through the
 * store's `write` (IMMEDIATE transactions), so of two instances claiming one notice one gets it.
 */
export class SqliteNotices implements NoticeLog {
  constructor(
    private readonly statement: (sql: string) => Database.Statement,
    private readonly write: <T>(work: () => T) => T,
  ) {}

  async pending(platform: string, opts: { retryFailed?: boolean } = {}): Promise<StoredNotice[]> {
    const open = opts.retryFailed ? '(claimed_at IS NULL OR error IS NOT NULL)' : 'claimed_at IS NULL'
    const rows = this.statement(`SELECT * FROM notices WHERE sent_at IS NULL AND ${open} AND substr(recipient, 1, ?) = ? ORDER BY id`).all(
      platform.length + 1,
      `${platform}:`,
    ) as NoticeRow[]
    return rows.map(toNotice)
  }

  async claim(id: number, at: string): Promise<boolean> {
    return this.write(
      () =>
        this.statement(
          'UPDATE notices SET claimed_at = ?, error = NULL WHERE id = ? AND sent_at IS NULL AND (claimed_at IS NULL OR error IS NOT NULL)',
        ).run(at, id).changes > 0,
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
