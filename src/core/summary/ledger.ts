import { sectionLabel, targetText } from '../format/plan-wording.js'
import type { Plan } from '../plan/types.js'
import { unitLabel } from '../plan/units.js'
import { formatTime } from '../time.js'
import { asOfPhrase, buildOverview, type Overview } from './overview.js'
import { deadlineLine, stateLabel } from './state-wording.js'
import type { StatusOptions, TaskState } from './status.js'
import { cycleLine, driverText, evidenceNames, figuresText, lateMark, partOf, reportText, targetLine, whoReported } from './task-wording.js'

/**
 * The 台账: what leaders report upward, as rows. Pure; ledger-files.ts turns a Ledger into files.
 * Sheet 1 has one row per task, sheet 2 every update (the history), sheet 3 the lead units and how
 * they report. Built from the same Overview as 「汇总」 and the dashboard, so every state, figure
 * and date is the one they show.
 */

export const LEDGER_COLUMNS = [
  '序号',
  '部分',
  '任务内容',
  '牵头单位',
  '配合单位',
  '目标',
  '完成时限',
  '各目标完成情况',
  '完成度',
  '状态',
  '状态说明',
  '最新进展',
  '存在问题',
  '下步计划',
  '佐证材料',
  '办结情况',
  '报送单位',
  '报送人',
  '更新时间',
] as const
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number]
export type LedgerRow = Record<LedgerColumn, string | number> & { light: TaskState['light'] }

export const HISTORY_COLUMNS = [
  '序号',
  '任务',
  '报送单位',
  '报送人',
  '报送时间',
  '本月进展',
  '存在问题',
  '下步计划',
  '计入目标的数字',
  '佐证材料',
  '备注',
] as const
export type HistoryRow = Record<(typeof HISTORY_COLUMNS)[number], string | number>

export const UNIT_COLUMNS = ['单位', '牵头任务', '本期已报送', '本期未报送', '滞后', '未报送任务', '最近报送'] as const
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

function taskRows(o: Overview, timezone: string): LedgerRow[] {
  return o.states.map((s) => {
    const latest = s.latest
    return {
      序号: s.task.number,
      部分: sectionLabel(o.plan, s.task.section),
      任务内容: s.task.text,
      牵头单位: s.task.lead ? unitLabel(s.task.lead) : '',
      配合单位: s.task.partners.map(unitLabel).join('、'),
      目标: s.task.targets.map(targetText).join('；'),
      完成时限: deadlineLine(s),
      各目标完成情况: s.targets.map(targetLine).join('\n'),
      完成度: driverText(s),
      状态: stateLabel(s),
      状态说明: s.reason,
      最新进展: latest ? `${lateMark(latest, o.clock.year, timezone)}${partOf(latest, 'progress')}` : '',
      存在问题: latest ? partOf(latest, 'problems') : '',
      下步计划: latest ? partOf(latest, 'next') : '',
      佐证材料: latest ? evidenceNames(o.evidence.get(latest.id) ?? []) : '',
      办结情况: cycleLine(s, timezone),
      报送单位: latest?.unit ?? '',
      报送人: latest ? whoReported(latest) : '',
      更新时间: latest ? formatTime(latest.at, timezone) : '',
      light: s.light,
    }
  })
}

/** One row per task, in plan order (the 台账's first sheet), from the updates alone. */
export function ledgerRows(plan: Plan, facts: Parameters<typeof buildOverview>[1], opts: StatusOptions): LedgerRow[] {
  return taskRows(buildOverview(plan, facts, opts), opts.timezone)
}

function historyRows(o: Overview, timezone: string): HistoryRow[] {
  const gistOf = new Map(o.plan.tasks.map((t) => [t.number, t.text.split(/[，。；,;]/)[0] ?? t.text]))
  const taskOf = new Map(o.plan.tasks.map((t) => [t.number, t]))
  return [...o.updates]
    .sort((a, b) => a.task - b.task || (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
    .map((u) => {
      const task = taskOf.get(u.task)
      const notes = [lateMark(u, o.clock.year, timezone).replace(/[［］]/g, ''), u.done ? '报完成' : ''].filter(Boolean)
      return {
        序号: u.task,
        任务: gistOf.get(u.task) ?? '',
        报送单位: u.unit,
        报送人: whoReported(u),
        报送时间: formatTime(u.at, timezone),
        本月进展: reportText(u),
        存在问题: partOf(u, 'problems'),
        下步计划: partOf(u, 'next'),
        计入目标的数字: task ? figuresText(task, u) : '',
        佐证材料: evidenceNames(o.evidence.get(u.id) ?? []),
        备注: notes.join('；'),
      }
    })
}

function unitRows(o: Overview, timezone: string): UnitRow[] {
  return o.units.map((u) => ({
    单位: u.unit,
    牵头任务: u.led.length,
    本期已报送: u.reportedThisPeriod,
    本期未报送: u.overdue.length,
    滞后: u.red.length,
    未报送任务: u.overdue.length ? `第${u.overdue.join('、')}条` : '',
    最近报送: u.lastReport ? formatTime(u.lastReport, timezone) : '',
  }))
}

export function buildLedger(overview: Overview, timezone: string): Ledger {
  return {
    title: `《${overview.plan.title}》工作台账`,
    subtitle: `${asOfPhrase(overview)} · 序时进度 ${overview.elapsed}% · ${overview.period.name}自 ${overview.period.since} 起`,
    rows: taskRows(overview, timezone),
    history: historyRows(overview, timezone),
    units: unitRows(overview, timezone),
  }
}
