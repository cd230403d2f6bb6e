import { deadlineOf, sectionLabel, targetText } from '../format/plan-wording.js'
import type { Plan } from '../plan/types.js'
import { unitLabel } from '../plan/units.js'
import type { StoredUpdate } from '../progress/store.js'
import { formatTime } from '../time.js'
import { asOfPhrase, type Overview } from './overview.js'
import { type StatusOptions, type TaskState, taskStates } from './status.js'
import { percentText, personName } from './wording.js'

/**
 * The 台账: what leaders report upward, as rows. Pure; ledger-files.ts turns a Ledger into files.
 * Sheet 1 has one row per task, sheet 2 every update (the history), sheet 3 the lead units and how
 * they report. Built from the same Overview as 「汇总」 and the dashboard.
 */

export const LEDGER_COLUMNS = [
  '序号',
  '部分',
  '任务内容',
  '牵头单位',
  '配合单位',
  '目标',
  '完成时限',
  '最新进展',
  '完成度',
  '状态',
  '报送单位',
  '报送人',
  '更新时间',
] as const
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number]
export type LedgerRow = Record<LedgerColumn, string | number> & { light: TaskState['light'] }

export const HISTORY_COLUMNS = ['序号', '任务', '报送单位', '报送人', '报送时间', '进展内容', '完成度', '已完成'] as const
export type HistoryRow = Record<(typeof HISTORY_COLUMNS)[number], string | number>

export const UNIT_COLUMNS = ['单位', '牵头任务', '本期已报送', '本期未报送', '红灯', '未报送任务', '最近报送'] as const
export type UnitRow = Record<(typeof UNIT_COLUMNS)[number], string | number>

export interface Ledger {
  /** 《2023年全市市场监管工作要点》工作台账 */
  title: string
  /** 截至 2023-07-02 · 序时进度 50% */
  subtitle: string
  rows: LedgerRow[]
  history: HistoryRow[]
  units: UnitRow[]
}

function taskRows(plan: Plan, states: TaskState[], timezone: string): LedgerRow[] {
  return states.map((s) => ({
    序号: s.task.number,
    部分: sectionLabel(plan, s.task.section),
    任务内容: s.task.text,
    牵头单位: s.task.lead ? unitLabel(s.task.lead) : '',
    配合单位: s.task.partners.map(unitLabel).join('、'),
    目标: s.task.targets.map(targetText).join('；'),
    完成时限: deadlineOf(s.task) ?? '',
    最新进展: s.latest?.text ?? '',
    完成度: percentText(s.attainment),
    状态: s.status,
    报送单位: s.latest?.unit ?? '',
    报送人: s.latest ? personName(s.latest.userName, s.latest.user) : '',
    更新时间: s.latest ? formatTime(s.latest.at, timezone) : '',
    light: s.light,
  }))
}

/** One row per task, in plan order (the 台账's first sheet). */
export function ledgerRows(plan: Plan, updates: StoredUpdate[], opts: StatusOptions): LedgerRow[] {
  return taskRows(plan, taskStates(plan, updates, opts), opts.timezone)
}

function historyRows(overview: Overview, timezone: string): HistoryRow[] {
  const gistOf = new Map(overview.plan.tasks.map((t) => [t.number, t.text.split(/[，。；,;]/)[0] ?? t.text]))
  return [...overview.updates]
    .sort((a, b) => a.task - b.task || (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
    .map((u) => ({
      序号: u.task,
      任务: gistOf.get(u.task) ?? '',
      报送单位: u.unit,
      报送人: personName(u.userName, u.user),
      报送时间: formatTime(u.at, timezone),
      进展内容: u.text,
      完成度: percentText(u.attainment),
      已完成: u.done ? '是' : '',
    }))
}

function unitRows(overview: Overview, timezone: string): UnitRow[] {
  return overview.units.map((u) => ({
    单位: u.unit,
    牵头任务: u.led.length,
    本期已报送: u.reportedThisPeriod,
    本期未报送: u.overdue.length,
    红灯: u.red.length,
    未报送任务: u.overdue.length ? `第${u.overdue.join('、')}条` : '',
    最近报送: u.lastReport ? formatTime(u.lastReport, timezone) : '',
  }))
}

export function buildLedger(overview: Overview, timezone: string): Ledger {
  return {
    title: `《${overview.plan.title}》工作台账`,
    subtitle: `${asOfPhrase(overview)} · 序时进度 ${overview.elapsed}% · ${overview.period.name}自 ${overview.period.since} 起`,
    rows: taskRows(overview.plan, overview.states, timezone),
    history: historyRows(overview, timezone),
    units: unitRows(overview, timezone),
  }
}
