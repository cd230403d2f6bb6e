import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { withDetail } from './audit-detail.js'
import {
  type AddEvidenceResult,
  type EvidenceLog,
  type NewEvidence,
  type EvidenceRow as Row,
  type StoredEvidence,
  toEvidence,
} from './evidence-log.js'
import { planTaskWhere } from './sqlite-rows.js'
import type { AuditEntry } from './store.js'
import { wellFormed } from './store-input.js'

/** 佐证材料 in the progress database (tables evidence and evidence_blobs, migration 7). */
export class SqliteEvidenceLog implements EvidenceLog {
  constructor(
    private readonly statement: (sql: string) => Database.Statement,
    private readonly write: <T>(work: () => T) => T,
    private readonly insertAudit: (entry: AuditEntry) => void,
  ) {}

  async add(evidence: NewEvidence, bytes: Uint8Array, audit: AuditEntry): Promise<AddEvidenceResult> {
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const e = {
      ...evidence,
      name: wellFormed(evidence.name),
      unit: evidence.unit === null ? null : wellFormed(evidence.unit),
      user: wellFormed(evidence.user),
      userName: evidence.userName === null ? null : wellFormed(evidence.userName),
    }
    return this.write((): AddEvidenceResult => {
      if (e.sourceId) {
        const seen = this.statement('SELECT * FROM evidence WHERE source_id = ? AND sha256 = ?').get(e.sourceId, sha256) as Row | undefined
        if (seen) return { stored: false, duplicateOf: toEvidence(seen) }
      }
      this.statement('INSERT OR IGNORE INTO evidence_blobs (sha256, size, bytes) VALUES (?, ?, ?)').run(sha256, bytes.byteLength, bytes)
      const info = this.statement(
        `INSERT INTO evidence (plan, task, update_id, sha256, name, mime, size, unit, user, user_name, source_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(e.plan ?? null, e.task, e.update, sha256, e.name, e.mime, bytes.byteLength, e.unit, e.user, e.userName, e.sourceId, e.at)
      const id = Number(info.lastInsertRowid)
      this.insertAudit(withDetail(audit, { evidence: id, sha256 }))
      return { stored: true, evidence: { ...e, plan: e.plan ?? null, id, sha256, size: bytes.byteLength } }
    })
  }

  async list(opts: { plan?: string; task?: number } = {}): Promise<StoredEvidence[]> {
    const where = planTaskWhere(opts)
    const sql = `SELECT * FROM evidence ${where.sql} ORDER BY at, id`
    return (this.statement(sql).all(...where.args) as Row[]).map(toEvidence)
  }

  async read(id: number, opts: { plan?: string } = {}): Promise<{ evidence: StoredEvidence; bytes: Uint8Array } | null> {
    const row = this.statement('SELECT * FROM evidence WHERE id = ?').get(id) as Row | undefined
    if (!row || (opts.plan !== undefined && row.plan !== opts.plan)) return null
    const blob = this.statement('SELECT bytes FROM evidence_blobs WHERE sha256 = ?').get(row.sha256) as { bytes: Buffer } | undefined
    return blob ? { evidence: toEvidence(row), bytes: new Uint8Array(blob.bytes) } : null
  }
}
