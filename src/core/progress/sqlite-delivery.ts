import type Database from 'better-sqlite3'
import type { DeliveryLog, InboxEntry, OutboxEntry } from './delivery.js'

/**
 * The delivery log in the progress database (tables inbox and outbox, migration 3). Writes go
 * through the store's `write`, so they are IMMEDIATE transactions that check the file is still
 * the one opened, like every acknowledged write.
 */
export class SqliteDelivery implements DeliveryLog {
  constructor(
    private readonly statement: (sql: string) => Database.Statement,
    private readonly write: <T>(work: () => T) => T,
  ) {}

  async accept(key: string, payload: unknown, at: string): Promise<boolean> {
    return this.write(
      () =>
        this.statement('INSERT OR IGNORE INTO inbox (key, payload, received_at) VALUES (?, ?, ?)').run(key, JSON.stringify(payload), at)
          .changes > 0,
    )
  }

  async finish(key: string, at: string): Promise<void> {
    this.write(() => this.statement('UPDATE inbox SET done_at = ? WHERE key = ? AND done_at IS NULL').run(at, key))
  }

  async queueReplies(inboxKey: string, replies: { room: string; payload: unknown }[], at: string): Promise<number[]> {
    return this.write(() => {
      const insert = this.statement('INSERT INTO outbox (inbox_key, room, payload, created_at) VALUES (?, ?, ?, ?)')
      const ids = replies.map((r) => Number(insert.run(inboxKey, r.room, JSON.stringify(r.payload), at).lastInsertRowid))
      this.statement('UPDATE inbox SET done_at = ? WHERE key = ? AND done_at IS NULL').run(at, inboxKey)
      return ids
    })
  }

  async markAttempt(id: number, at: string): Promise<void> {
    this.write(() => this.statement('UPDATE outbox SET attempted_at = ? WHERE id = ?').run(at, id))
  }

  async markSent(id: number, at: string, error?: string): Promise<void> {
    this.write(() => this.statement('UPDATE outbox SET sent_at = ?, error = ? WHERE id = ?').run(at, error ?? null, id))
  }

  async openMessages(): Promise<InboxEntry[]> {
    const rows = this.statement('SELECT key, payload, received_at FROM inbox WHERE done_at IS NULL ORDER BY received_at, key').all() as {
      key: string
      payload: string
      received_at: string
    }[]
    return rows.map((r) => ({ key: r.key, payload: JSON.parse(r.payload), receivedAt: r.received_at }))
  }

  async unsentReplies(): Promise<OutboxEntry[]> {
    const rows = this.statement(
      'SELECT id, inbox_key, room, payload, created_at, attempted_at FROM outbox WHERE sent_at IS NULL ORDER BY id',
    ).all() as { id: number; inbox_key: string; room: string; payload: string; created_at: string; attempted_at: string | null }[]
    return rows.map((r) => ({
      id: r.id,
      inboxKey: r.inbox_key,
      room: r.room,
      payload: JSON.parse(r.payload),
      createdAt: r.created_at,
      attemptedAt: r.attempted_at,
    }))
  }

  async claimOwner(key: string): Promise<string | null> {
    const row = this.statement('SELECT owner FROM seen_messages WHERE key = ?').get(key) as { owner: string | null } | undefined
    return row?.owner ?? null
  }

  async prune(before: string): Promise<void> {
    this.write(() => {
      this.statement('DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?').run(before)
      this.statement('DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?').run(before)
    })
  }
}
