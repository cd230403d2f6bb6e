import type { AuditEntry } from './store.js'

/**
 * 佐证材料: files and pictures sent with a report (or right after it), kept in the progress
 * database. Content-addressed: the bytes are stored once per SHA-256 (table evidence_blobs), and each
 * sending is a row of table evidence naming the task, the update it supports, who sent it, the name
 * it was sent under and its checked type. What may be stored (size, type) is decided before a call
 * here (core/evidence/accept.ts); the store keeps what it is given and computes the hash itself, so a
 * row can never point at other bytes than it was given.
 *
 * Implementations: SqliteEvidenceLog (migration 7). A PostgreSQL one keeps the bytes in a bytea
 * column of the same two tables, with UNIQUE (source_id, sha256).
 */

export interface NewEvidence {
  /** Key of the plan the task belongs to; the plan view of the store fills it in. */
  plan?: string | null
  task: number
  /** The update the file supports, or null when it came with none (not stored by the bot today). */
  update: number | null
  /** The file name as sent (a picture without one gets a made-up name such as 图片.jpg). */
  name: string
  /** The type read from the file's own bytes (image/jpeg, application/pdf …), never the sender's claim. */
  mime: string
  unit: string | null
  user: string
  userName: string | null
  /** Source message id: the same file in the same message is stored once. */
  sourceId: string | null
  at: string
}

export interface StoredEvidence extends NewEvidence {
  id: number
  /** Hex SHA-256 of the bytes. */
  sha256: string
  /** Bytes. */
  size: number
}

export type AddEvidenceResult = { stored: true; evidence: StoredEvidence } | { stored: false; duplicateOf: StoredEvidence }

export interface EvidenceLog {
  /**
   * Stores the bytes (once per hash) and the row, with `audit` in the same transaction (its detail
   * gains the row's `id` and hash); a second sending of the same bytes under the same sourceId is
   * not stored again.
   */
  add(evidence: NewEvidence, bytes: Uint8Array, audit: AuditEntry): Promise<AddEvidenceResult>
  /** Rows oldest first, of one plan and/or task when given; bytes are not read. */
  list(opts?: { plan?: string; task?: number }): Promise<StoredEvidence[]>
  /** One row with its bytes, or null; limited to one plan when `plan` is given. */
  read(id: number, opts?: { plan?: string }): Promise<{ evidence: StoredEvidence; bytes: Uint8Array } | null>
}

/** A row of the evidence table, as both stores select it (PostgreSQL names its column user_id AS "user"). */
export interface EvidenceRow {
  id: number
  plan: string | null
  task: number
  update_id: number | null
  sha256: string
  name: string
  mime: string
  size: number
  unit: string | null
  user: string
  user_name: string | null
  source_id: string | null
  at: string
}

export const toEvidence = (r: EvidenceRow): StoredEvidence => ({
  id: r.id,
  plan: r.plan,
  task: r.task,
  update: r.update_id,
  sha256: r.sha256,
  name: r.name,
  mime: r.mime,
  size: r.size,
  unit: r.unit,
  user: r.user,
  userName: r.user_name,
  sourceId: r.source_id,
  at: r.at,
})
