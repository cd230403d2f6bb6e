import { dayText, dueDay, hasOwnDeadline } from '../deadlines.js'
import { extractEvents, extractTargets } from '../targets.js'
import type { Plan, Section, Task } from '../types.js'
import { unusedUnitPhrases } from './clause-text.js'
import type { ProblemDraft, SectionDraft, TaskDraft } from './draft.js'
import { assignRoles } from './unit-clauses.js'
import { count, resolveOffices } from './unit-lists.js'

/**
 * Drafts → tasks: numbers (as written when the plan numbers its tasks in order, gaps allowed, else by
 * position), sections, lead and partners by the roles written and the document's lead rule, offices,
 * persons, targets, dated events, and the deadline as a day where the plan year gives one. Pure.
 */
export function finishTasks(
  drafts: TaskDraft[],
  sectionDrafts: SectionDraft[],
  rule: Plan['leadRule'],
  year: number | null,
  problems: ProblemDraft[],
): { tasks: Task[]; planSections: Section[]; ruledLeads: number[] } {
  const values = drafts.map((d) => d.value)
  const inOrder = values.every((v, k) => v !== null && (k === 0 || v > (values[k - 1] ?? 0)))
  const needDefault = drafts.some((d) => d.section < 0)
  const planSections: Section[] = [...(needDefault ? [{ value: null, title: '' }] : []), ...sectionDrafts].map((s, k) => ({
    number: k + 1,
    title: s.title,
    tasks: [],
  }))
  const ruledLeads: number[] = []
  const tasks: Task[] = drafts.map((d, k) => {
    const number = inOrder ? (d.value as number) : k + 1
    const section = d.section + (needDefault ? 2 : 1)
    planSections[section - 1]?.tasks.push(number)
    const units = d.units ? resolveOffices(d.units) : null
    const { lead, partners } = units ? assignRoles(units, rule) : { lead: null, partners: [] }
    if (units && rule === 'first' && units.lead.length === 0 && units.responsible.length > 1) ruledLeads.push(number)
    if (!units || count(units) === 0) problems.push({ kind: 'no-units', where: d.where, message: `第${number}条没有写明责任单位` })
    for (const phrase of unusedUnitPhrases(d.text))
      problems.push({ kind: 'unused-units', where: d.where, message: `第${number}条中「${phrase}」像是责任单位，但未能读出，未使用` })
    const people = [...(d.people ?? []), ...(units?.people ?? [])].filter(
      (p, i, all) => all.findIndex((q) => q.role === p.role && q.name === p.name) === i,
    )
    const due = year && hasDate(d.deadline) ? dayText(dueDay(d.deadline, year)) : undefined
    return {
      number,
      label: d.label || String(number),
      section,
      text: d.text,
      lead,
      partners,
      ...(units?.offices.length ? { offices: units.offices } : {}),
      ...(people.length ? { people } : {}),
      ...(d.unitSource ? { unitSource: d.unitSource } : {}),
      targets: extractTargets(d.text),
      events: extractEvents(d.text),
      deadline: d.deadline,
      ...(due ? { due } : {}),
      ...(d.group ? { group: d.group } : {}),
      source: { file: d.where.file, line: d.where.line },
    }
  })
  return { tasks, planSections: planSections.filter((s) => s.tasks.length > 0 || s.title), ruledLeads }
}

/** A deadline that names a day, month, season, quarter or the year's end (not 「长期坚持」「适时」「每月」). */
function hasDate(deadline: string | null): boolean {
  return hasOwnDeadline(deadline) || /^(?:全年|年内|年底前?)$/.test(deadline ?? '')
}
