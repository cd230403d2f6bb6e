import { createHash } from 'node:crypto'
import { withDetail } from './audit-detail.js'
import {
  type AddEvidenceResult,
  type EvidenceLog,
  type NewEvidence,
  type EvidenceRow as Row,
  type StoredEvidence,
  toEvidence,
} from './evidence-log.js'
import type { PgPool, Query } from './pg-client.js'
import { pgPlanTaskWhere, pgText } from './pg-rows.js'
import type { AuditEntry } from './store.js'
import { wellFormed } from './store-input.js'

/** The columns of evidence in the shape both stores share. */
const COLUMNS = 'id, plan, task, update_id, sha256, name, mime, size, unit, user_id AS "user", user_name, source_id, at'

/**
 * 佐证材料 on PostgreSQL (tables evidence and evidence_blobs, migration 2): the bytes in a bytea
 * column once per SHA-256, each sending a row, with its audit row in the same transaction. Two
 * instances storing the same file of the same message store it once (the unique source id and hash).
 */
export class PgEvidenceLog implements EvidenceLog {
  constructor(
    private readonly db: PgPool,
    private readonly insertAudit: (query: Query, entry: AuditEntry) => Promise<void>,
  ) {}

  async add(evidence: NewEvidence, bytes: Uint8Array, audit: AuditEntry): Promise<AddEvidenceResult> {
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const e = evidence
    return this.db.tx(async (query): Promise<AddEvidenceResult> => {
      await query('INSERT INTO evidence_blobs (sha256, size, bytes) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [
        sha256,
        bytes.byteLength,
        Buffer.from(bytes),
      ])
      const [row] = await query<Row>(
        `INSERT INTO evidence (plan, task, update_id, sha256, name, mime, size, unit, user_id, user_name, source_id, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (source_id, sha256) DO NOTHING RETURNING ${COLUMNS}`,
        [
          e.plan ?? null,
          e.task,
          e.update,
          sha256,
          pgText(wellFormed(e.name)),
          e.mime,
          bytes.byteLength,
          pgText(e.unit === null ? null : wellFormed(e.unit)),
          pgText(wellFormed(e.user)),
          pgText(e.userName === null ? null : wellFormed(e.userName)),
          pgText(e.sourceId),
          e.at,
        ],
      )
      if (!row) {
        const [seen] = await query<Row>(`SELECT ${COLUMNS} FROM evidence WHERE source_id = $1 AND sha256 = $2`, [
          pgText(e.sourceId),
          sha256,
        ])
        return { stored: false, duplicateOf: toEvidence(seen as Row) }
      }
      await this.insertAudit(query, withDetail(audit, { evidence: row.id, sha256 }))
      return { stored: true, evidence: toEvidence(row) }
    })
  }

  async list(opts: { plan?: string; task?: number } = {}): Promise<StoredEvidence[]> {
    const where = pgPlanTaskWhere(opts)
    return (await this.db.query<Row>(`SELECT ${COLUMNS} FROM evidence ${where.sql} ORDER BY at, id`, where.args)).map(toEvidence)
  }

  async read(id: number, opts: { plan?: string } = {}): Promise<{ evidence: StoredEvidence; bytes: Uint8Array } | null> {
    const [row] = await this.db.query<Row & { bytes: Buffer }>(
      `SELECT ${COLUMNS}, (SELECT bytes FROM evidence_blobs b WHERE b.sha256 = evidence.sha256) AS bytes FROM evidence WHERE id = $1`,
      [id],
    )
    if (!row || (opts.plan !== undefined && row.plan !== opts.plan)) return null
    return { evidence: toEvidence(row), bytes: new Uint8Array(row.bytes) }
  }
}
