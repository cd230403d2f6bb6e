import type { DeliveryLog, InboxEntry, OutboxEntry } from './delivery.js'
import { type DeliveryDoor, PREFIXED_DOORS } from './door-keys.js'
import type { PgPool } from './pg-client.js'
import { pgJson, pgText } from './pg-rows.js'

/**
 * The delivery log in PostgreSQL. Entries and replies are written as this instance's
 * (`claimed_by`); `openMessages` and `unsentReplies` take the rows whose instance no longer holds
 * its session lock (instance_alive, pg-schema.ts), with FOR UPDATE SKIP LOCKED so two instances
 * sweeping at once take disjoint rows, each exactly once.
 */
export class PgDelivery implements DeliveryLog {
  constructor(
    private readonly db: PgPool,
    private readonly instance: () => number,
  ) {}

  async accept(key: string, payload: unknown, at: string): Promise<boolean> {
    const rows = await this.db.query(
      'INSERT INTO inbox (key, payload, received_at, claimed_by) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING RETURNING key',
      [pgText(key), pgJson(payload), at, this.instance()],
    )
    return rows.length > 0
  }

  async finish(key: string, at: string): Promise<void> {
    await this.db.query('UPDATE inbox SET done_at = $1 WHERE key = $2 AND done_at IS NULL', [at, key])
  }

  async queueReplies(inboxKey: string, replies: { room: string; payload: unknown }[], at: string): Promise<number[]> {
    return this.db.tx(async (query) => {
      const ids: number[] = []
      for (const r of replies) {
        const [row] = await query<{ id: number }>(
          'INSERT INTO outbox (inbox_key, room, payload, created_at, claimed_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [pgText(inboxKey), pgText(r.room), pgJson(r.payload), at, this.instance()],
        )
        ids.push(row?.id as number)
      }
      await query('UPDATE inbox SET done_at = $1 WHERE key = $2 AND done_at IS NULL', [at, inboxKey])
      return ids
    })
  }

  async queued(inboxKey: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM outbox WHERE inbox_key = $1 LIMIT 1', [inboxKey])).length > 0
  }

  async markAttempt(id: number, at: string): Promise<void> {
    await this.db.query('UPDATE outbox SET attempted_at = $1 WHERE id = $2', [at, id])
  }

  async markSent(id: number, at: string, error?: string): Promise<void> {
    await this.db.query('UPDATE outbox SET sent_at = $1, error = $2 WHERE id = $3', [at, pgText(error ?? null), id])
  }

  async openMessages(door?: DeliveryDoor): Promise<InboxEntry[]> {
    const rows = await this.db.query<{ key: string; payload: unknown; received_at: string }>(
      `UPDATE inbox SET claimed_by = $1 WHERE key IN (
         SELECT key FROM inbox WHERE done_at IS NULL AND (claimed_by IS NULL OR NOT instance_alive(claimed_by))
           AND ${doorCondition('key', door)}
         FOR UPDATE SKIP LOCKED)
       RETURNING key, payload, received_at`,
      [this.instance()],
    )
    return rows
      .sort((a, b) => (a.received_at < b.received_at ? -1 : a.received_at > b.received_at ? 1 : a.key < b.key ? -1 : 1))
      .map((r) => ({ key: r.key, payload: r.payload, receivedAt: r.received_at }))
  }

  async unsentReplies(door?: DeliveryDoor): Promise<OutboxEntry[]> {
    const rows = await this.db.query<{
      id: number
      inbox_key: string
      room: string
      payload: unknown
      attempted_at: string | null
      created_at: string
    }>(
      `UPDATE outbox SET claimed_by = $1 WHERE id IN (
         SELECT id FROM outbox WHERE sent_at IS NULL AND (claimed_by IS NULL OR NOT instance_alive(claimed_by))
           AND ${doorCondition('inbox_key', door)}
         FOR UPDATE SKIP LOCKED)
       RETURNING id, inbox_key, room, payload, attempted_at, created_at`,
      [this.instance()],
    )
    return rows
      .sort((a, b) => a.id - b.id)
      .map((r) => ({
        id: r.id,
        inboxKey: r.inbox_key,
        room: r.room,
        payload: r.payload,
        attemptedAt: r.attempted_at,
        createdAt: r.created_at,
      }))
  }

  async claimOwner(key: string): Promise<string | null> {
    const [row] = await this.db.query<{ owner: string | null }>('SELECT owner FROM seen_messages WHERE key = $1', [key])
    return row?.owner ?? null
  }

  async prune(before: string): Promise<void> {
    await this.db.tx(async (query) => {
      await query('DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < $1', [before])
      await query('DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1', [before])
    })
  }
}

/**
 * The rows of one door as SQL over a key column (door-keys.ts: prefixed doors own `<door>-…`, Slack
 * what no prefixed door owns); TRUE without a door. Door names are constants, never user input.
 */
function doorCondition(column: string, door?: DeliveryDoor): string {
  if (!door) return 'TRUE'
  if (door === 'slack') return PREFIXED_DOORS.map((d) => `${column} NOT LIKE '${d}-%'`).join(' AND ')
  return `${column} LIKE '${door}-%'`
}
