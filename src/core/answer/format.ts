import type { TaskRef } from '../message.js'
import type { Task } from '../plan/types.js'
import { unitsOf } from '../plan/types.js'
import { tokenize, tokenSet } from '../search/tokenize.js'

/**
 * Wording only answers need: task references for the machine interface and the sentence that
 * answers a query. Plan wording shared with the 台账 and the dashboard lives in
 * core/format/plan-wording.ts and is re-exported here for existing importers.
 */

export { deadlineOf, gist, NOT_IN_PLAN, quote, sectionLabel, targetText, unitsLine } from '../format/plan-wording.js'

export function taskRef(task: Task): TaskRef {
  return { number: task.number, lead: task.lead?.name ?? null, units: unitsOf(task).map((u) => u.name) }
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
