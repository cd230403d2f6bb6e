import { targetText } from '../format/plan-wording.js'
import type { Task } from '../plan/types.js'
import type { StoredTaskEvent } from '../progress/cycle-log.js'
import type { StoredEvidence } from '../progress/evidence-log.js'
import type { ReportParts } from '../progress/report-parts.js'
import type { StoredUpdate } from '../progress/store.js'
import { formatTime } from '../time.js'
import { isLateReport } from './plan-clock.js'
import type { TaskState } from './status.js'
import type { TargetState } from './target-states.js'
import { percentText, personName } from './wording.js'

/**
 * How a task's progress reads, in the same words in the chat, on the dashboard and in the 台账:
 * a target with its own figure and state, the target that drives the task, the parts of a report,
 * the 补报 mark, the 佐证材料, the 办结 and 延期 steps. Pure string work over the states.
 */

/** 「发明专利申请量 1300件 / 目标 2000件以上 = 65%（正常）」, or 「发明专利拥有量：未报送」. */
export function targetLine(t: TargetState): string {
  const name = t.target.metric || targetText(t.target)
  if (!t.latest) return `${name}：未报送`
  return `${name} ${t.latest.value}${t.latest.unit} / 目标 ${targetText(t.target)} = ${percentText(t.attainment)}（${t.state}）`
}

/** 「52%（发明专利授权量；4 项目标 2 项已报）」: the task's 完成度 and the target that sets it. */
export function driverText(s: Pick<TaskState, 'driver' | 'targets'>): string {
  const d = s.driver
  if (!d) return s.targets.length ? '未报数字' : ''
  const reported = s.targets.filter((t) => t.attainment !== null).length
  const of = s.targets.length > 1 ? `；${s.targets.length} 项目标 ${reported} 项已报` : ''
  return `${percentText(d.attainment)}（${d.target.metric || targetText(d.target)}${of}）`
}

/** A part of a report: its 本月进展 (the whole text on rows without parts), 存在问题 or 下步计划. */
export function partOf(u: StoredUpdate, part: keyof ReportParts): string {
  const parts = u.parts
  if (!parts) return part === 'progress' ? u.text : ''
  return parts[part] ?? ''
}

/** The progress a report gives: its 本月进展, or the whole text. */
export function reportText(u: StoredUpdate): string {
  return partOf(u, 'progress') || u.text
}

/** 「［补报 2024-01-05］」 for a report dated after its plan year, else ''. */
export function lateMark(u: Pick<StoredUpdate, 'at'>, year: number, timezone: string): string {
  return isLateReport(u.at, year, timezone) ? `［补报 ${formatTime(u.at, timezone).slice(0, 10)}］` : ''
}

/** 1.2 MB, 340 KB. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/** 「现场照片.jpg（1.2 MB）、验收报告.pdf（340 KB）」. */
export function evidenceNames(list: StoredEvidence[]): string {
  return list.map((e) => `${e.name}（${sizeText(e.size)}）`).join('、')
}

/** Who reported, as leaders read it: the display name, or '' (ids stay in the audit trail). */
export function whoReported(u: Pick<StoredUpdate, 'userName'>): string {
  return personName(u.userName)
}

function actor(e: StoredTaskEvent, timezone: string): string {
  const who = [e.unit, personName(e.userName)].filter(Boolean).join(' ')
  return `${formatTime(e.at, timezone).slice(0, 10)}${who ? ` ${who}` : ''}`
}

/**
 * The 办结 and 延期 state in one line: 「已办结（2023-06-28 知识产权促进科 张三：…）」, 「配合单位申请办结，
 * 待牵头单位确认」, 「申请延期至9月底前，待管理员审批」; '' when there is nothing to say.
 */
export function cycleLine(s: Pick<TaskState, 'cycle' | 'doneReported'>, timezone: string): string {
  const c = s.cycle
  const lines: string[] = []
  if (c.closed) {
    const note = c.closed.request?.note || c.closed.event.note
    lines.push(`已办结（${actor(c.closed.event, timezone)}${note ? `：${note}` : ''}）`)
  } else if (c.events.some((e) => e.kind === 'reopen')) {
    const reopened = [...c.events].reverse().find((e) => e.kind === 'reopen') as StoredTaskEvent
    lines.push(`曾办结，已重新打开（${actor(reopened, timezone)}${reopened.note ? `：${reopened.note}` : ''}）`)
  }
  if (c.pendingClose) {
    const p = c.pendingClose
    lines.push(`${p.unit ?? ''}申请办结，待牵头单位确认（${actor(p, timezone)}${p.note ? `：${p.note}` : ''}）`)
  } else if (!c.closed && s.doneReported) lines.push('已报完成，待牵头单位办结销号')
  if (c.pendingExtension) {
    const p = c.pendingExtension
    lines.push(`申请延期至${p.deadline}，待管理员审批（${actor(p, timezone)}${p.note ? `：${p.note}` : ''}）`)
  }
  if (c.extension) lines.push(`已延期至${c.extension.deadline}（${actor(c.extension.approval, timezone)} 批准）`)
  return lines.join('；')
}

/** 「发明专利申请量 1300件（65%）」 for each credited figure; 「未计入：63家」 for the others. */
export function figuresText(task: Task, u: StoredUpdate): string {
  const credited = u.figures
    .filter((f) => f.target !== null && f.percent !== null)
    .map((f) => `${task.targets[f.target as number]?.metric ?? ''} ${f.value}${f.unit}（${percentText(f.percent)}）`)
  const others = u.figures.filter((f) => f.target === null).map((f) => `${f.value}${f.unit}`)
  return [...credited, ...(others.length ? [`未计入：${others.join('、')}`] : [])].join('；')
}
