import { sectionLabel, targetText } from '../answer/format.js'
import type { Plan } from '../plan/types.js'
import { unitLabel } from '../plan/units.js'
import type { StoredUpdate } from '../progress/store.js'
import { formatTime } from '../time.js'
import { type StatusOptions, type TaskState, taskStates } from './status.js'

/** The 台账: one row per task, the columns leaders report upward. Pure; writers turn rows into files. */

export const LEDGER_COLUMNS = [
  '序号',
  '部分',
  '任务内容',
  '牵头单位',
  '配合单位',
  '目标',
  '最新进展',
  '完成度',
  '状态',
  '更新时间',
  '报送人',
] as const
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number]
export type LedgerRow = Record<LedgerColumn, string | number> & { light: TaskState['light'] }

export function ledgerRows(plan: Plan, updates: StoredUpdate[], opts: StatusOptions): LedgerRow[] {
  return taskStates(plan, updates, opts).map((s) => ({
    序号: s.task.number,
    部分: sectionLabel(plan, s.task.section),
    任务内容: s.task.text,
    牵头单位: s.task.lead ? unitLabel(s.task.lead) : '',
    配合单位: s.task.partners.map(unitLabel).join('、'),
    目标: s.task.targets.map(targetText).join('；'),
    最新进展: s.latest?.text ?? '',
    完成度: s.attainment === null ? '' : `${s.attainment}%`,
    状态: s.status,
    更新时间: s.latest ? formatTime(s.latest.at, opts.timezone) : '',
    报送人: s.latest ? (s.latest.userName ?? s.latest.user) : '',
    light: s.light,
  }))
}
