import { createHash } from 'node:crypto'
import { withDetail } from './audit-detail.js'
import type { AddEvidenceResult, EvidenceLog, NewEvidence, StoredEvidence } from './evidence-log.js'
import type { PgPool, Query } from './pg-client.js'
import { pgPlanTaskWhere } from './pg-cycle-log.js'
import { pgText } from './pg-rows.js'
import type { AuditEntry } from './store.js'
import { wellFormed } from './store-input.js'

interface Row {
  id: number
  plan: string | null
  task: number
  update_id: number | null
  sha256: string
  name: string
  mime: string
  size: number
  unit: string | null
  user_id: string
  user_name: string | null
  source_id: string | null
  at: string
}

const toEvidence = (r: Row): StoredEvidence => ({
  id: r.id,
  plan: r.plan,
  task: r.task,
  update: r.update_id,
  sha256: r.sha256,
  name: r.name,
  mime: r.mime,
  size: r.size,
  unit: r.unit,
  user: r.user_id,
  userName: r.user_name,
  sourceId: r.source_id,
  at: r.at,
})

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
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (source_id, sha256) DO NOTHING RETURNING *`,
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
        const [seen] = await query<Row>('SELECT * FROM evidence WHERE source_id = $1 AND sha256 = $2', [pgText(e.sourceId), sha256])
        return { stored: false, duplicateOf: toEvidence(seen as Row) }
      }
      await this.insertAudit(query, withDetail(audit, { evidence: row.id, sha256 }))
      return { stored: true, evidence: toEvidence(row) }
    })
  }

  async list(opts: { plan?: string; task?: number } = {}): Promise<StoredEvidence[]> {
    const where = pgPlanTaskWhere(opts)
    return (await this.db.query<Row>(`SELECT * FROM evidence ${where.sql} ORDER BY at, id`, where.args)).map(toEvidence)
  }

  async read(id: number, opts: { plan?: string } = {}): Promise<{ evidence: StoredEvidence; bytes: Uint8Array } | null> {
    const [row] = await this.db.query<Row & { bytes: Buffer }>(
      'SELECT e.*, b.bytes FROM evidence e JOIN evidence_blobs b ON b.sha256 = e.sha256 WHERE e.id = $1',
      [id],
    )
    if (!row || (opts.plan !== undefined && row.plan !== opts.plan)) return null
    return { evidence: toEvidence(row), bytes: new Uint8Array(row.bytes) }
  }
}
