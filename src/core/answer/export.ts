import { basename, join } from 'node:path'
import { buildLedger } from '../summary/ledger.js'
import { type LedgerFormat, ledgerFileName, writeLedger } from '../summary/ledger-files.js'
import { buildOverview } from '../summary/overview.js'
import { askedAsOf } from './as-of.js'
import type { AnswerContext, Answerer } from './context.js'
import { audit } from './identity.js'
import { LEADERS_ONLY, mayLead } from './leader-access.js'
import { statusOptions } from './summary.js'

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
  const overview = buildOverview(ctx.plan, ctx.store.liveUpdates(), { ...options, period: ctx.settings.reportPeriod })
  const ledger = buildLedger(overview, options.timezone)
  const name = ledgerFileName(options.now, options.timezone, format)
  const path = await writeLedger(ledger, format, out ?? join(ctx.settings.exportDir, name))
  return { path, name: out ? basename(out) : name, rows: ledger.rows.length }
}

/**
 * 「导出台账」, for leaders and admins only: writes the xlsx; adapters upload or send the file. The
 * reply names the file, never where it lies on the server.
 */
export const answerExport: Answerer = async (ctx, routed, q) => {
  if (!mayLead(ctx, q.user)) {
    audit(ctx, q, 'export', false, 'not a leader or admin')
    return { intent: 'export', reply: LEADERS_ONLY, tasks: [] }
  }
  const asked = askedAsOf(ctx, routed)
  if (asked.refusal) return asked.refusal
  const { path, name, rows } = await exportLedger(ctx, 'xlsx', undefined, asked.at)
  audit(ctx, q, 'export', true, 'ledger exported', { path })
  return { intent: 'export', reply: `已生成台账（${rows} 项任务，另附报送记录和单位报送两页）：${name}`, tasks: [], file: { path, name } }
}
