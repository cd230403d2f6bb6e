import { basename, join } from 'node:path'
import { buildLedger } from '../summary/ledger.js'
import { type LedgerFormat, ledgerFileName, writeLedger } from '../summary/ledger-files.js'
import { askedAsOf } from './as-of.js'
import type { AnswerContext, Answerer } from './context.js'
import { audit } from './identity.js'
import { LEADERS_ONLY, mayLead } from './leader-access.js'
import { overviewAt, statusOptions } from './summary-states.js'

/**
 * With several plans loaded, the file name says which: 台账-2023-…, or the plan file's name when two
 * plans share a year. '' with one plan, so single-plan names are unchanged.
 */
function planTag(ctx: AnswerContext): string {
  const id = ctx.identity
  if (!id || !ctx.library || ctx.library.size <= 1) return ''
  const sameYear = ctx.library.plans.filter((p) => p.identity.year === id.year).length > 1
  const tag = id.year !== null && !sameYear ? String(id.year) : id.file.replace(/\.[^.]+$/, '')
  return `${tag.replace(/[\\/:*?"<>|\s]+/g, '_')}-`
}

/**
 * Writes the 台账 for the current plan and the updates known at `asOf` (default now): to `out`, or under BOT_EXPORT_DIR with a
 * timestamped name. Shared by 「导出台账」 and `npm run export`; built from the same Overview as
 * 「汇总」 and the dashboard.
 */
export async function exportLedger(
  ctx: AnswerContext,
  format: LedgerFormat,
  out?: string,
  asOf: Date = ctx.now(),
): Promise<{ path: string; name: string; rows: number }> {
  const options = statusOptions(ctx, asOf)
  const ledger = buildLedger(await overviewAt(ctx, asOf), options.timezone)
  const name = ledgerFileName(options.now, options.timezone, format).replace(/^台账-/, `台账-${planTag(ctx)}`)
  const path = await writeLedger(ledger, format, out ?? join(ctx.settings.exportDir, name))
  return { path, name: out ? basename(out) : name, rows: ledger.rows.length }
}

/**
 * 「导出台账」, for leaders and admins only: writes the xlsx; adapters upload or send the file. The
 * reply names the file, never where it lies on the server.
 */
export const answerExport: Answerer = async (ctx, routed, q) => {
  if (!mayLead(ctx, q.user)) {
    await audit(ctx, q, 'export', false, 'not a leader or admin')
    return { intent: 'export', reply: LEADERS_ONLY, tasks: [] }
  }
  const asked = askedAsOf(ctx, routed)
  if (asked.refusal) return asked.refusal
  const { path, name, rows } = await exportLedger(ctx, 'xlsx', undefined, asked.at)
  await audit(ctx, q, 'export', true, 'ledger exported', { path })
  return { intent: 'export', reply: `已生成台账（${rows} 项任务，另附报送记录和单位报送两页）：${name}`, tasks: [], file: { path, name } }
}
