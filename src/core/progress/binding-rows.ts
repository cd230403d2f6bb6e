import type { Binding } from './store.js'

/**
 * A row of the bindings table as both stores select it: SQLite's column is `user`, PostgreSQL's
 * `user_id` selected `AS "user"` (BINDING_COLUMNS in pg-store.ts).
 */
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
