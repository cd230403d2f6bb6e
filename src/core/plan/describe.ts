import type { Plan, ProblemKind, Task } from './types.js'
import { unitLabel } from './units.js'

/**
 * How a plan was read, for people (`npm run plan`): title, the rules the document states once and
 * the tasks they were applied to, sections with their tasks (label, lead, partners, the bureau's own
 * offices, persons, where the units were read, deadline, targets), then every problem with file and
 * line, grouped by kind with counts. Pure.
 */
export function describePlan(plan: Plan): string {
  const lines = [
    `标题：${plan.title}`,
    `任务：${plan.tasks.length} 项，${plan.sections.length} 个部分；${plan.leadRule === 'first' ? '文件规定排第一的为牵头单位' : '文件未规定排序即牵头，多个责任单位时不指定牵头单位'}`,
  ]
  for (const rule of plan.rules ?? [])
    lines.push(`规则：「${rule.sentence}」→ ${rule.effect}${rule.tasks.length ? `（用于${taskList(rule.tasks)}）` : '（没有任务用到）'}`)
  for (const goal of plan.goals ?? [])
    lines.push(`目标（不是任务）：${goal.targets.map((t) => `${t.metric} ${t.qualifier}${t.value}${t.unit}`).join('；')}`)
  const byNumber = new Map(plan.tasks.map((t) => [t.number, t]))
  for (const section of plan.sections) {
    lines.push('', `【${section.number}】${section.title || '（无标题）'}`)
    for (const n of section.tasks) {
      const task = byNumber.get(n)
      if (task) lines.push(...describeTask(task))
    }
  }
  if (plan.closing.length) lines.push('', `结尾段落：${plan.closing.length} 段`)
  lines.push('', ...describeProblems(plan))
  return lines.join('\n')
}

function describeTask(task: Task): string[] {
  const lead = task.lead ? unitLabel(task.lead) : task.partners.length > 1 ? '（未指定，见责任单位）' : '（无）'
  const out = [
    `  第${task.number}条（${task.label}）${task.group ? `［${task.group}］` : ''}${task.text.slice(0, 60)}${task.text.length > 60 ? '…' : ''}`,
  ]
  out.push(
    `      牵头：${lead}${task.partners.length ? `；${task.lead ? '配合' : '责任单位'}：${task.partners.map(unitLabel).join('、')}` : ''}`,
  )
  if (task.offices?.length) out.push(`      责任处室（本单位）：${task.offices.map(unitLabel).join('、')}`)
  for (const [role, names] of peopleByRole(task)) out.push(`      ${role}（人员）：${names.join('、')}`)
  if (task.unitSource) out.push(`      单位读自：${task.unitSource}`)
  if (task.deadline) out.push(`      时限：${task.deadline}${task.due ? `（${task.due}）` : ''}`)
  if (task.targets.length) out.push(`      目标：${task.targets.map((t) => `${t.metric} ${t.qualifier}${t.value}${t.unit}`).join('；')}`)
  return out
}

function peopleByRole(task: Task): Map<string, string[]> {
  const roles = new Map<string, string[]>()
  for (const p of task.people ?? []) roles.set(p.role, [...(roles.get(p.role) ?? []), p.name])
  return roles
}

const KIND_NAMES: Record<ProblemKind, string> = {
  'no-tasks': '没有任务',
  'no-units': '没有写明责任单位的任务',
  unplaced: '未能归入任务的段落',
  ignored: '忽略的表格列或单元格',
  'unused-units': '像是单位但未使用的文字',
  numbering: '编号问题',
  reader: '文件读取说明',
}

/** Problems grouped by kind, each group with its count; problems without a kind last. */
function describeProblems(plan: Plan): string[] {
  if (plan.problems.length === 0) return ['问题：无']
  const lines = [`问题（${plan.problems.length}）：`]
  const kinds = [...new Set(plan.problems.map((p) => p.kind))]
  for (const kind of kinds) {
    const group = plan.problems.filter((p) => p.kind === kind)
    lines.push(`  ${kind ? KIND_NAMES[kind] : '其他'}（${group.length}）：`)
    for (const p of group) lines.push(`    ${p.file}:${p.line}${p.ref ? ` (${p.ref})` : ''} ${p.message}`)
  }
  return lines
}

/** 「第1、3、5–9条」: task numbers, runs shortened. */
function taskList(numbers: number[]): string {
  const parts: string[] = []
  let k = 0
  while (k < numbers.length) {
    let j = k
    while (j + 1 < numbers.length && (numbers[j + 1] as number) === (numbers[j] as number) + 1) j++
    parts.push(j - k >= 2 ? `${numbers[k]}–${numbers[j]}` : numbers.slice(k, j + 1).join('、'))
    k = j + 1
  }
  return `第${parts.join('、')}条`
}
