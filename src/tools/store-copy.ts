import type Database from 'better-sqlite3'
import type { Query } from '../core/progress/pg-client.js'
import { pgJson, pgText } from '../core/progress/pg-rows.js'

/**
 * How each table of a SQLite store maps onto the PostgreSQL schema (pg-schema.ts), and the copy
 * itself, in batches inside the caller's transaction. Ids are kept (an update's number is quoted in
 * replies and the audit trail), and the id sequences continue after the largest one. Inbox entries
 * and replies lose their instance: the first PostgreSQL instance to start takes them over.
 */

type Convert = (value: unknown) => unknown
const text: Convert = (v) => pgText(v as string | null)
const bool: Convert = (v) => v === 1 || v === true
const json: Convert = (v) => (v === null || v === undefined ? null : pgJson(JSON.parse(v as string)))
const none: Convert = () => null
const same: Convert = (v) => v

interface TableCopy {
  table: string
  /** PostgreSQL column ← SQLite column, converted. */
  columns: [string, string, Convert][]
  order: string
  /** An identity column whose values are kept, and whose sequence then continues after them. */
  identity?: string
  /** Rows per INSERT when not BATCH (files: one at a time, so memory holds one file). */
  batch?: number
}

const col = (name: string, convert: Convert = text, from = name): [string, string, Convert] => [name, from, convert]

export const TABLES: TableCopy[] = [
  {
    table: 'bindings',
    columns: [
      col('user_id', text, 'user'),
      col('unit'),
      col('status'),
      col('user_name'),
      col('requested_at'),
      col('approved_by'),
      col('plan'),
    ],
    order: 'user',
  },
  {
    table: 'updates',
    identity: 'id',
    columns: [
      col('id', same),
      col('plan'),
      col('task', same),
      col('unit'),
      col('user_id', text, 'user'),
      col('user_name'),
      col('text'),
      col('original'),
      col('figures', json),
      col('attainment', same),
      col('done', bool),
      col('source_id'),
      col('at'),
      col('withdrawn_at'),
      col('parts', json),
    ],
    order: 'id',
  },
  {
    table: 'audit',
    identity: 'id',
    columns: [
      col('id', same),
      col('at'),
      col('user_id', text, 'user'),
      col('action'),
      col('allowed', bool),
      col('reason'),
      col('detail', json),
    ],
    order: 'id',
  },
  { table: 'seen_messages', columns: [col('key'), col('at'), col('owner')], order: 'key' },
  {
    table: 'inbox',
    columns: [col('key'), col('payload', json), col('received_at'), col('done_at'), col('claimed_by', none)],
    order: 'key',
  },
  {
    table: 'outbox',
    identity: 'id',
    columns: [
      col('id', same),
      col('inbox_key'),
      col('room'),
      col('payload', json),
      col('created_at'),
      col('sent_at'),
      col('error'),
      col('claimed_by', none),
      col('attempted_at'),
    ],
    order: 'id',
  },
  { table: 'chat_identities', columns: [col('user_id', text, 'user'), col('fingerprint'), col('name'), col('seen_at')], order: 'user' },
  {
    table: 'check_ins',
    columns: [
      col('plan'),
      col('period_start'),
      col('kind'),
      col('user_id', text, 'user'),
      col('text'),
      col('queued_at'),
      col('sent_at'),
      col('error'),
    ],
    order: 'rowid',
  },
  {
    table: 'task_events',
    identity: 'id',
    columns: [
      col('id', same),
      col('plan'),
      col('task', same),
      col('kind'),
      col('unit'),
      col('user_id', text, 'user'),
      col('user_name'),
      col('note'),
      col('deadline'),
      col('ref', same),
      col('source_id'),
      col('at'),
    ],
    order: 'id',
  },
  {
    table: 'notices',
    identity: 'id',
    columns: [
      col('id', same),
      col('event', same),
      col('recipient'),
      col('recipient_name'),
      col('kind'),
      col('text'),
      col('created_at'),
      col('claimed_at'),
      col('sent_at'),
      col('error'),
      // Like inbox and outbox rows, a claim loses its instance: a stranded one is taken over at a door's start.
      col('claimed_by', none),
    ],
    order: 'id',
  },
  // The bytes before the rows that name them (a foreign key).
  { table: 'evidence_blobs', columns: [col('sha256'), col('size', same), col('bytes', same)], order: 'sha256', batch: 1 },
  {
    table: 'evidence',
    identity: 'id',
    columns: [
      col('id', same),
      col('plan'),
      col('task', same),
      col('update_id', same),
      col('sha256'),
      col('name'),
      col('mime'),
      col('size', same),
      col('unit'),
      col('user_id', text, 'user'),
      col('user_name'),
      col('source_id'),
      col('at'),
    ],
    order: 'id',
  },
  {
    table: 'plans',
    columns: [
      col('key'),
      col('title'),
      col('issuer'),
      col('year', same),
      col('file'),
      col('hash'),
      col('tasks', json),
      col('change', json),
      col('first_seen'),
      col('last_seen'),
    ],
    order: 'key',
  },
]

const BATCH = 500

/** Copies every table; returns the rows copied per table. */
export async function copyTables(source: Database.Database, query: Query): Promise<Map<string, number>> {
  const copied = new Map<string, number>()
  for (const spec of TABLES) {
    const names = spec.columns.map(([to]) => to)
    const overriding = spec.identity ? 'OVERRIDING SYSTEM VALUE' : ''
    let n = 0
    let batch: unknown[][] = []
    const flush = async () => {
      if (batch.length === 0) return
      const values = batch.map((_, r) => `(${names.map((_, c) => `$${r * names.length + c + 1}`).join(', ')})`).join(', ')
      await query(`INSERT INTO ${spec.table} (${names.join(', ')}) ${overriding} VALUES ${values}`, batch.flat())
      n += batch.length
      batch = []
    }
    const quoted = (name: string) => (name === 'rowid' ? name : `"${name}"`)
    for (const row of source.prepare(`SELECT * FROM ${spec.table} ORDER BY ${quoted(spec.order)}`).iterate() as Iterable<
      Record<string, unknown>
    >) {
      batch.push(spec.columns.map(([, from, convert]) => convert(row[from] ?? null)))
      if (batch.length === (spec.batch ?? BATCH)) await flush()
    }
    await flush()
    if (spec.identity)
      await query(
        `SELECT setval(pg_get_serial_sequence('${spec.table}', '${spec.identity}'), GREATEST((SELECT MAX(${spec.identity}) FROM ${spec.table}), 1), (SELECT COUNT(*) > 0 FROM ${spec.table}))`,
      )
    copied.set(spec.table, n)
  }
  return copied
}

/** Rows per table, on either side. */
export function sqliteCounts(source: Database.Database): Map<string, number> {
  return new Map(TABLES.map((t) => [t.table, (source.prepare(`SELECT COUNT(*) AS n FROM ${t.table}`).get() as { n: number }).n]))
}

export async function pgCounts(query: Query): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const t of TABLES) counts.set(t.table, (await query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${t.table}`))[0]?.n ?? 0)
  return counts
}
