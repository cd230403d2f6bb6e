import type Database from 'better-sqlite3'
import type { DeliveryLog, InboxEntry, OutboxEntry } from './delivery.js'
import { type DeliveryDoor, ownsKey } from './door-keys.js'
import type { SqliteInstances } from './sqlite-instances.js'

/**
 * The delivery log in the progress database (tables inbox and outbox, migration 3). Writes go
 * through the store's `write`, so they are IMMEDIATE transactions that check the file is still
 * the one opened, like every acknowledged write. Entries and replies belong to the instance (open
 * store) that wrote them; `openMessages` and `unsentReplies` take those whose instance is gone.
 */
export class SqliteDelivery implements DeliveryLog {
  constructor(
    private readonly statement: (sql: string) => Database.Statement,
    private readonly write: <T>(work: () => T) => T,
    private readonly instances: SqliteInstances,
  ) {}

  async accept(key: string, payload: unknown, at: string): Promise<boolean> {
    return this.write(
      () =>
        this.statement('INSERT OR IGNORE INTO inbox (key, payload, received_at, claimed_by) VALUES (?, ?, ?, ?)').run(
          key,
          JSON.stringify(payload),
          at,
          this.instances.id,
        ).changes > 0,
    )
  }

  async finish(key: string, at: string): Promise<void> {
    this.write(() => this.statement('UPDATE inbox SET done_at = ? WHERE key = ? AND done_at IS NULL').run(at, key))
  }

  async queueReplies(inboxKey: string, replies: { room: string; payload: unknown }[], at: string): Promise<number[]> {
    return this.write(() => {
      const insert = this.statement('INSERT INTO outbox (inbox_key, room, payload, created_at, claimed_by) VALUES (?, ?, ?, ?, ?)')
      const ids = replies.map((r) => Number(insert.run(inboxKey, r.room, JSON.stringify(r.payload), at, this.instances.id).lastInsertRowid))
      this.statement('UPDATE inbox SET done_at = ? WHERE key = ? AND done_at IS NULL').run(at, inboxKey)
      return ids
    })
  }

  async queued(inboxKey: string): Promise<boolean> {
    return this.statement('SELECT 1 FROM outbox WHERE inbox_key = ? LIMIT 1').get(inboxKey) !== undefined
  }

  async markAttempt(id: number, at: string): Promise<void> {
    this.write(() => this.statement('UPDATE outbox SET attempted_at = ? WHERE id = ?').run(at, id))
  }

  async markSent(id: number, at: string, error?: string): Promise<void> {
    this.write(() => this.statement('UPDATE outbox SET sent_at = ?, error = ? WHERE id = ?').run(at, error ?? null, id))
  }

  async openMessages(door?: DeliveryDoor): Promise<InboxEntry[]> {
    const rows = this.write(() => {
      const orphaned = (
        this.orphaned('inbox', 'done_at IS NULL', 'received_at, key') as {
          key: string
          payload: string
          received_at: string
        }[]
      ).filter((r) => !door || ownsKey(door, r.key))
      const take = this.statement('UPDATE inbox SET claimed_by = ? WHERE key = ?')
      for (const r of orphaned) take.run(this.instances.id, r.key)
      return orphaned
    })
    return rows.map((r) => ({ key: r.key, payload: JSON.parse(r.payload), receivedAt: r.received_at }))
  }

  async unsentReplies(door?: DeliveryDoor): Promise<OutboxEntry[]> {
    const rows = this.write(() => {
      const orphaned = (
        this.orphaned('outbox', 'sent_at IS NULL', 'id') as {
          id: number
          inbox_key: string
          room: string
          payload: string
          attempted_at: string | null
          created_at: string
        }[]
      ).filter((r) => !door || ownsKey(door, r.inbox_key))
      const take = this.statement('UPDATE outbox SET claimed_by = ? WHERE id = ?')
      for (const r of orphaned) take.run(this.instances.id, r.id)
      return orphaned
    })
    return rows.map((r) => ({
      id: r.id,
      inboxKey: r.inbox_key,
      room: r.room,
      payload: JSON.parse(r.payload),
      attemptedAt: r.attempted_at,
      createdAt: r.created_at,
    }))
  }

  /** Rows of `table` matching `open` that no live instance holds. Inside a write transaction. */
  private orphaned(table: 'inbox' | 'outbox', open: string, order: string): unknown[] {
    const live = this.instances.live()
    const rows = this.statement(`SELECT * FROM ${table} WHERE ${open} ORDER BY ${order}`).all() as { claimed_by: string | null }[]
    return rows.filter((r) => r.claimed_by === null || !live.has(r.claimed_by))
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
