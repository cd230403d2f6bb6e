import type { StoredUpdate } from './store.js'

/** Rows of the updates table, and their conversion to the store's type (bindings: binding-rows.ts). */

export interface UpdateRow {
  id: number
  plan: string | null
  task: number
  unit: string
  user: string
  user_name: string | null
  text: string
  original: string | null
  figures: string
  attainment: number | null
  done: number
  source_id: string | null
  at: string
  withdrawn_at: string | null
  parts: string | null
}

export function toUpdate(r: UpdateRow): StoredUpdate {
  return {
    id: r.id,
    plan: r.plan,
    task: r.task,
    unit: r.unit,
    user: r.user,
    userName: r.user_name,
    text: r.text,
    original: r.original,
    figures: JSON.parse(r.figures),
    attainment: r.attainment,
    done: r.done === 1,
    sourceId: r.source_id,
    at: r.at,
    withdrawnAt: r.withdrawn_at,
    parts: r.parts === null ? null : JSON.parse(r.parts),
  }
}

/** `WHERE plan = ? AND task = ?` for the filters given ('' for none), with their arguments. */
export function planTaskWhere(opts: { plan?: string; task?: number }): { sql: string; args: (string | number)[] } {
  const where: string[] = []
  const args: (string | number)[] = []
  if (opts.plan !== undefined) {
    where.push('plan = ?')
    args.push(opts.plan)
  }
  if (opts.task !== undefined) {
    where.push('task = ?')
    args.push(opts.task)
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', args }
}
