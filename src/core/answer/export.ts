import { basename, join } from 'node:path'
import { ledgerRows } from '../summary/ledger.js'
import { type LedgerFormat, ledgerFileName, writeLedger } from '../summary/ledger-files.js'
import type { AnswerContext, Answerer } from './context.js'
import { audit } from './identity.js'
import { statusOptions } from './summary.js'

/**
 * Writes the 台账 for the current plan and updates: to `out`, or under BOT_EXPORT_DIR with a
 * timestamped name. Shared by 「导出台账」 and `npm run export`.
 */
export async function exportLedger(
  ctx: AnswerContext,
  format: LedgerFormat,
  out?: string,
): Promise<{ path: string; name: string; rows: number }> {
  const options = statusOptions(ctx)
  const rows = ledgerRows(ctx.plan, ctx.store.liveUpdates(), options)
  const name = ledgerFileName(options.now, options.timezone, format)
  const path = await writeLedger(rows, format, out ?? join(ctx.settings.exportDir, name))
  return { path, name: out ? basename(out) : name, rows: rows.length }
}

/** 「导出台账」: writes the xlsx ledger; adapters upload or print the file. */
export const answerExport: Answerer = async (ctx, _routed, q) => {
  const { path, name, rows } = await exportLedger(ctx, 'xlsx')
  audit(ctx, q, 'export', true, 'ledger exported', { path })
  return { intent: 'export', reply: `已生成台账（${rows} 行）：${path}`, tasks: [], file: { path, name } }
}
