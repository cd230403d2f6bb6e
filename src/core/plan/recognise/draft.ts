import type { Where } from '../read/blocks.js'
import type { Person, ProblemKind } from '../types.js'
import type { ClauseUnits } from './unit-clauses.js'

/**
 * A task as the recogniser first reads it, before the document's lead rule, numbering and targets are
 * applied. Both readers of structure (outline and table) produce these.
 */
export interface TaskDraft {
  /** The number as written ('一', '12'), or '' when the task has none. */
  label: string
  /** Its value (一 → 1), or null. */
  value: number | null
  text: string
  units: ClauseUnits | null
  /** Where the units were read (a clause quoted, a column named), for the reading report. */
  unitSource?: string
  /** Persons named for the task (牵头领导, 责任人 …). */
  people?: Person[]
  deadline: string | null
  /** Index into the recogniser's section list. */
  section: number
  group?: string
  where: Where
}

/** A heading that groups tasks: 一、… or a table's first category column. */
export interface SectionDraft {
  /** The value of its mark (三、 → 3), or null when unnumbered. */
  value: number | null
  title: string
}

export interface ProblemDraft {
  kind?: ProblemKind
  where: Where
  message: string
}

/** What reading one run of blocks (paragraphs or a table) gives. */
export interface StructureRead {
  tasks: TaskDraft[]
  /** Paragraphs that belong to no task, in order: preamble, closing text, or strays between tasks. */
  loose: { text: string; where: Where }[]
  problems: ProblemDraft[]
}

/** The first sentence of a heading, for a section title: 「（一）质量提升行动。围绕…」 → 质量提升行动. */
export function headingTitle(text: string): string {
  const first = text.split(/[。：:；;]/)[0] ?? text
  return (first.length <= 60 ? first : `${first.slice(0, 60)}…`).trim()
}

export function mergeUnits(a: ClauseUnits | null, b: ClauseUnits | null): ClauseUnits | null {
  if (!a) return b
  if (!b) return a
  return {
    lead: [...a.lead, ...b.lead],
    partners: [...a.partners, ...b.partners],
    responsible: [...a.responsible, ...b.responsible],
    offices: [...a.offices, ...b.offices],
    people: [...a.people, ...b.people],
  }
}
