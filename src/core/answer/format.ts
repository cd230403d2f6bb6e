import type { TaskRef } from '../message.js'
import type { Plan, Target, Task } from '../plan/types.js'
import { unitsOf } from '../plan/types.js'
import { unitLabel } from '../plan/units.js'
import { tokenize, tokenSet } from '../search/tokenize.js'
import { chineseNumeral } from '../text/chinese-numerals.js'

/** Shared wording for answers: citations (第N条), unit lines (牵头/配合), quotes and targets. */

export const NOT_IN_PLAN = '工作要点未提及'

export function taskRef(task: Task): TaskRef {
  return { number: task.number, lead: task.lead?.name ?? null, units: unitsOf(task).map((u) => u.name) }
}

/** 「牵头：A；配合：B、C」, saying so when the plan names no unit or only a group word. */
export function unitsLine(task: Task): string {
  if (!task.lead && task.partners.length === 0) return '责任单位：工作要点未写明'
  // Several 责任单位 and no rule saying the first leads: name them all, invent no lead.
  if (!task.lead) return `责任单位：${task.partners.map(unitLabel).join('、')}（未写明牵头单位）`
  const lead = task.lead ? `牵头：${unitLabel(task.lead)}${task.lead.placeholder ? '（泛指，未写明具体科室）' : ''}` : '牵头：未写明'
  const partners = task.partners.length ? `；配合：${task.partners.map(unitLabel).join('、')}` : ''
  return `${lead}${partners}`
}

export function sectionLabel(plan: Plan, number: number): string {
  const section = plan.sections.find((s) => s.number === number)
  if (!section) return ''
  return `第${chineseNumeral(number)}部分${section.title ? `「${section.title}」` : ''}`
}

/** Sentences of a task, split at 。 and ；, without empty pieces. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[。；;])/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** The sentence of the task that shares most tokens with the query (the first one when none do). */
export function bestSentence(task: Task, query: string): string {
  const wanted = new Set(tokenize(query))
  let best = { sentence: sentencesOf(task.text)[0] ?? task.text, score: 0 }
  for (const sentence of sentencesOf(task.text)) {
    const score = [...tokenSet(sentence)].filter((t) => wanted.has(t)).length
    if (score > best.score) best = { sentence, score }
  }
  return best.sentence
}

/** The first clause, cut to `max` characters, for lists. */
export function gist(task: Task, max = 36): string {
  const first = task.text.split(/[，。；,;]/)[0] ?? task.text
  return first.length > max ? `${first.slice(0, max)}…` : first
}

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
