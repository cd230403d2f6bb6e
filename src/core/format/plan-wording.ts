import type { Plan, Target, Task } from '../plan/types.js'
import { unitLabel } from '../plan/units.js'
import { chineseNumeral } from '../text/chinese-numerals.js'

/**
 * How the plan's own parts are written for people: 第N部分「…」, targets, unit lines, deadlines.
 * Shared by chat answers, the 台账 and the dashboard, so a section or a target reads the same in
 * all three. Pure string work; imports nothing above the plan.
 */

export const NOT_IN_PLAN = '工作要点未提及'

/**
 * 「牵头：A；配合：B、C」, saying so when the plan names no unit or only a group word; then the
 * bureau's own office and the persons the plan names (「；责任处室：药械处；责任领导：王副局长」).
 */
export function unitsLine(task: Task): string {
  return `${unitRoles(task)}${extrasOf(task)}`
}

function unitRoles(task: Task): string {
  if (!task.lead && task.partners.length === 0) return '责任单位：工作要点未写明'
  // Several 责任单位 and no rule saying the first leads: name them all, invent no lead.
  if (!task.lead) return `责任单位：${task.partners.map(unitLabel).join('、')}（未写明牵头单位）`
  const lead = `牵头：${unitLabel(task.lead)}${task.lead.placeholder ? '（泛指，未写明具体科室）' : ''}`
  const partners = task.partners.length ? `；配合：${task.partners.map(unitLabel).join('、')}` : ''
  return `${lead}${partners}`
}

/** 「；责任处室：药械处；责任领导：王副局长」: offices and persons, each under the plan's own label. */
function extrasOf(task: Task): string {
  const parts = task.offices?.length ? [`责任处室：${task.offices.map(unitLabel).join('、')}`] : []
  const roles = new Map<string, string[]>()
  for (const p of task.people ?? []) roles.set(p.role, [...(roles.get(p.role) ?? []), p.name])
  for (const [role, names] of roles) parts.push(`${role}：${names.join('、')}`)
  return parts.map((p) => `；${p}`).join('')
}

/** 第三部分「聚焦试点建设…」, or '' for a number the plan does not have. */
export function sectionLabel(plan: Plan, number: number): string {
  const section = plan.sections.find((s) => s.number === number)
  if (!section) return ''
  return `第${chineseNumeral(number)}部分${section.title ? `「${section.title}」` : ''}`
}

/** The first clause, cut to `max` characters, for lists. */
export function gist(task: Task, max = 36): string {
  const first = task.text.split(/[，。；,;]/)[0] ?? task.text
  return first.length > max ? `${first.slice(0, max)}…` : first
}

/** 发明专利申请量2000件以上: the target as the plan states it, qualifier where the plan puts it. */
export function targetText(target: Target): string {
  const after = ['以上', '以内', '以下', '左右'].includes(target.qualifier)
  const before = target.qualifier && !after ? target.qualifier : ''
  return `${target.metric}${before}${target.value}${target.unit}${after ? target.qualifier : ''}`
}

/**
 * The task's deadline as written (6月底前, 年底前, 持续推进), or null. Plans read before deadlines
 * were parsed have no such field, hence the defensive read.
 */
export function deadlineOf(task: Task): string | null {
  return (task as Task & { deadline?: string | null }).deadline ?? null
}

export function quote(text: string): string {
  return `「${text}」`
}

/**
 * Who answers for a task, in a list line: 「牵头：X」, or its units when the plan names several and
 * no lead (「责任单位：A、B」), or 「责任单位未写明」.
 */
export function whoLeads(task: Task): string {
  if (task.lead) return `牵头：${task.lead.name}`
  return task.partners.length ? `责任单位：${task.partners.map((p) => p.name).join('、')}` : '责任单位未写明'
}

/** The lead unit's name for lists and tables, or 未写明 when the plan names none. */
export function leadName(task: Task): string {
  return task.lead?.name ?? '未写明'
}
