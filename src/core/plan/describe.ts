import type { Plan, Task } from './types.js'
import { unitLabel } from './units.js'

/**
 * How a plan was read, for people (`npm run plan`): title, lead rule, sections with their tasks
 * (label, lead, partners, deadline, targets) and every problem with file and line. Pure.
 */
export function describePlan(plan: Plan): string {
  const lines = [
    `标题：${plan.title}`,
    `任务：${plan.tasks.length} 项，${plan.sections.length} 个部分；${plan.leadRule === 'first' ? '文件规定排第一的为牵头单位' : '文件未规定排序即牵头，多个责任单位时不指定牵头单位'}`,
  ]
  const byNumber = new Map(plan.tasks.map((t) => [t.number, t]))
  for (const section of plan.sections) {
    lines.push('', `【${section.number}】${section.title || '（无标题）'}`)
    for (const n of section.tasks) {
      const task = byNumber.get(n)
      if (task) lines.push(...describeTask(task))
    }
  }
  if (plan.closing.length) lines.push('', `结尾段落：${plan.closing.length} 段`)
  lines.push('', plan.problems.length ? `问题（${plan.problems.length}）：` : '问题：无')
  for (const p of plan.problems) lines.push(`  ${p.file}:${p.line}${p.ref ? ` (${p.ref})` : ''} ${p.message}`)
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
  if (task.deadline) out.push(`      时限：${task.deadline}`)
  if (task.targets.length) out.push(`      目标：${task.targets.map((t) => `${t.metric} ${t.qualifier}${t.value}${t.unit}`).join('；')}`)
  return out
}
