import type { Person } from '../types.js'
import type { FoundClause } from './unit-clauses.js'
import { isUnitLabel, labelsIn, PERSON_LABEL_RE } from './unit-labels.js'
import { personsIn } from './unit-lists.js'

/**
 * Where clauses sit in a text and what is left around them: bracket groups, persons labelled in
 * the text, the words a reading report quotes (where a clause was read, phrases that look like a
 * clause but were not used). Pure.
 */

const OPEN = '（(【[〔'
const CLOSE = '）)】]〕'

/** Top-level bracket groups of a text, with their inner text. */
export function bracketGroups(text: string): { start: number; end: number; inner: string }[] {
  const groups: { start: number; end: number; inner: string }[] = []
  let depth = 0
  let start = -1
  for (let k = 0; k < text.length; k++) {
    const ch = text[k] ?? ''
    if (OPEN.includes(ch)) {
      if (depth === 0) start = k
      depth++
    } else if (CLOSE.includes(ch) && depth > 0) {
      depth--
      if (depth === 0 && start >= 0) groups.push({ start, end: k + 1, inner: text.slice(start + 1, k) })
    }
  }
  return groups
}

/** Persons labelled in a text (「责任领导：王局长」) and the text without them. */
export function takePeople(text: string): { people: Person[]; text: string } {
  const found: Person[] = []
  const rest = text.replace(PERSON_LABEL_RE, (_, role: string, names: string) => {
    found.push(...personsIn(names, role))
    return ''
  })
  return { people: found, text: rest }
}

const FORM_WORDS: Record<FoundClause['form'], string> = { bracket: '括注', label: '标注', line: '单独一行', sentence: '句末' }

/** Where a clause was read, for the reading report: 括注「（责任单位：甲局、乙局）」. */
export function clauseSource(text: string, clause: FoundClause): string {
  const quoted = text.slice(clause.start, clause.end).trim().replace(/\s+/g, ' ')
  return `${FORM_WORDS[clause.form]}「${quoted.length > 40 ? `${quoted.slice(0, 40)}…` : quoted}」`
}

/** Words that make a phrase look like a unit clause: a unit label, or 牵头/负责/配合/协办. */
const UNIT_HINT_RE = /(?:单位|部门|科室|处室)\s*[:：]|牵头|负责(?!人)|配合|协办/

/**
 * Phrases left in a task's text (its clauses already taken out) that look like a unit clause but
 * were not read as one: bracketed ones (「（请市发改委牵头研究）」) and labelled lists (「责任单位：…」).
 * For the reading report, so a clerk sees what the bot did not use.
 */
export function unusedUnitPhrases(text: string): string[] {
  const bracketed = bracketGroups(text)
    .map((g) => text.slice(g.start, g.end))
    .filter((q) => UNIT_HINT_RE.test(q))
  const labelled = labelsIn(text)
    .filter((m) => isUnitLabel(m[1] ?? '') && !bracketed.some((q) => q.includes(m[0])))
    .map((m) => text.slice(m.index ?? 0).split(/[。；;\n]/)[0] ?? '')
  return [...bracketed, ...labelled].map((q) => (q.length > 40 ? `${q.slice(0, 40)}…` : q))
}
