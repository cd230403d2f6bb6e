import { join } from 'node:path'
import { ledgerRows } from '../summary/ledger.js'
import { ledgerFileName, writeLedger } from '../summary/ledger-files.js'
import type { Answerer } from './context.js'
import { audit } from './identity.js'

/** 「导出台账」: writes the xlsx ledger under BOT_EXPORT_DIR; adapters upload or print the file. */
export const answerExport: Answerer = async (ctx, _routed, q) => {
  const now = ctx.now()
  const rows = ledgerRows(ctx.plan, ctx.store.liveUpdates(), { now, timezone: ctx.settings.timezone, staleDays: ctx.settings.staleDays })
  const name = ledgerFileName(now, ctx.settings.timezone, 'xlsx')
  const path = await writeLedger(rows, 'xlsx', join(ctx.settings.exportDir, name))
  audit(ctx, q, 'export', true, 'ledger exported', { path })
  return { intent: 'export', reply: `已生成台账（${rows.length} 行）：${path}`, tasks: [], file: { path, name } }
}
