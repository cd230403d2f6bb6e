import type { StoredUpdate } from './store.js'

/** Rows of the PostgreSQL updates table (pg-schema.ts), and their conversion (bindings: binding-rows.ts). */

export interface PgUpdateRow {
  id: number
  plan: string | null
  task: number
  unit: string
  user_id: string
  user_name: string | null
  text: string
  original: string | null
  figures: StoredUpdate['figures']
  attainment: number | null
  done: boolean
  source_id: string | null
  at: string
  withdrawn_at: string | null
  parts: StoredUpdate['parts']
}

export function pgUpdate(r: PgUpdateRow): StoredUpdate {
  return {
    id: r.id,
    plan: r.plan,
    task: r.task,
    unit: r.unit,
    user: r.user_id,
    userName: r.user_name,
    text: r.text,
    original: r.original,
    figures: r.figures,
    attainment: r.attainment,
    done: r.done,
    sourceId: r.source_id,
    at: r.at,
    withdrawnAt: r.withdrawn_at,
    parts: r.parts ?? null,
  }
}

/** `WHERE plan = $n AND task = $n` for the filters given, numbered from `first`. */
export function pgPlanTaskWhere(opts: { plan?: string; task?: number }, first = 1): { sql: string; args: unknown[] } {
  const filters = [
    ['plan', opts.plan],
    ['task', opts.task],
  ].filter(([, value]) => value !== undefined) as [string, unknown][]
  const sql = filters.map(([column], k) => `${column} = $${first + k}`).join(' AND ')
  return { sql: sql ? `WHERE ${sql}` : '', args: filters.map(([, value]) => value) }
}

/** PostgreSQL text cannot hold U+0000; it is kept as U+FFFD, like a lone surrogate (store-input.ts). */
export function pgText<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? value.replace(/\u0000/g, '\uFFFD') : value) as T
}

/** JSON for a JSONB column: U+0000 inside strings is refused there too. */
export function pgJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value).replace(/\\u0000/g, '\\ufffd')
}
