import type { Options, SearchOptions } from 'minisearch'
import type { Plan, Task } from '../plan/types.js'
import { unitsOf } from '../plan/types.js'
import { dateToken, tokenize } from './tokenize.js'

/**
 * The one source of truth for MiniSearch options, shared by build and load (MiniSearch.loadJSON
 * requires the same options the index was built with). Fuzzy and prefix matching are off: edit
 * distance means nothing for CJK bigrams, and it would let unrelated tasks in.
 */

export interface TaskDocument {
  id: number
  text: string
  units: string
  section: string
  events: string
}

export const INDEX_FIELDS = ['text', 'units', 'section', 'events'] as const

export const indexOptions: Options<TaskDocument> = {
  fields: [...INDEX_FIELDS],
  storeFields: [],
  tokenize,
  processTerm: (term) => term,
}

export const searchOptions: SearchOptions = {
  boost: { text: 2, units: 1.5, events: 1.5, section: 0.5 },
  fuzzy: false,
  prefix: false,
  combineWith: 'OR',
}

export function toDocument(plan: Plan, task: Task): TaskDocument {
  const section = plan.sections.find((s) => s.number === task.section)
  return {
    id: task.number,
    text: task.text,
    units: unitsOf(task)
      .flatMap((u) => [u.name, u.alias ?? ''])
      .join(' '),
    section: section?.title ?? '',
    events: task.events.map((e) => `${e.name} ${dateToken(e.month, e.day)}`).join(' '),
  }
}
