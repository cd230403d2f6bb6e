import type { Binding, StoredUpdate } from './store.js'

/** Rows of the bindings and updates tables, and their conversion to the store's types. */

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

export interface BindingRow {
  user: string
  unit: string
  status: 'pending' | 'approved'
  user_name: string | null
  requested_at: string
  approved_by: string | null
  plan: string | null
}

export function toBinding(r: BindingRow): Binding {
  return {
    user: r.user,
    unit: r.unit,
    status: r.status,
    userName: r.user_name,
    requestedAt: r.requested_at,
    approvedBy: r.approved_by,
    plan: r.plan,
  }
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
