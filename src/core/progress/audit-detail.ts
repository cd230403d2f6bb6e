import type { AuditEntry } from './store.js'

/**
 * The audit entry with `extra` merged into its detail (the stored update's id, the plan it was
 * about). A detail that is not an object is kept under `value`, never dropped.
 */
export function withDetail(entry: AuditEntry, extra: Record<string, unknown>): AuditEntry {
  const { detail } = entry
  const base = detail && typeof detail === 'object' && !Array.isArray(detail) ? detail : detail === undefined ? {} : { value: detail }
  return { ...entry, detail: { ...base, ...extra } }
}
