import type { UnitMention } from '../types.js'
import { bracketGroups } from './clause-text.js'
import { trimDeadline } from './deadlines.js'
import { stripRuleWords } from './doc-rules.js'
import { isUnitLabel, LABEL_KIND, labelsIn, STOP_BEFORE_LABEL_RE, UNIT_LINE_RE } from './unit-labels.js'
import {
  addUnits,
  allEndLikeUnits,
  type ClauseUnits,
  count,
  listUnits,
  looksLikeUnit,
  mentions,
  noUnits,
  personsIn,
  type Role,
  UNIT_END,
} from './unit-lists.js'
import { unlabelledClause, unlabelledWithTail } from './unit-verbs.js'

export type { ClauseUnits, Role } from './unit-lists.js'

/**
 * Unit clauses as a small grammar of forms, labelled or not, in brackets or on a line of their own:
 *   （责任单位：A、B）  牵头单位：A；配合单位：B  [责任科室:A]  牵头：A 协办：B  主办单位/参加单位/责任处室 …
 *   （A、B负责）  （A牵头，B、C配合）  （A牵头落实）  （A会同有关部门负责）  由A负责，B组织实施，C配合
 * several per paragraph. Pure functions. They report roles as written; who leads a bare list of
 * 责任单位 is decided by the document's rule (see `assignRoles`), never guessed here.
 */

export interface FoundClause {
  /** Where the clause starts and ends in the text (brackets included). */
  start: number
  end: number
  units: ClauseUnits
  /** A deadline written in the clause (「完成时限：6月底前」), if any. */
  deadline?: string
  /**
   * In brackets, after a label, on a line of its own after the text (「（A、B按职责分工负责）」
   * 「市发改委牵头落实」), or a last sentence without any of these (the weakest evidence).
   */
  form: 'bracket' | 'label' | 'line' | 'sentence'
}

/** Unit clauses in a task's text, in order; brackets at any place, labelled lists not in brackets. */
export function findUnitClauses(text: string): FoundClause[] {
  const found: FoundClause[] = []
  const end = text.replace(/[。.；;\s]+$/, '').length
  for (const group of bracketGroups(text)) {
    const closesTask = group.end === end && text.slice(0, group.start).trim().length > 0
    const parsed = parseClauseBody(group.inner) ?? (closesTask ? bareList(group.inner) : null)
    if (parsed) found.push({ start: group.start, end: group.end, form: 'bracket', ...parsed })
  }
  // 「…。责任单位：A、B」 with no brackets: from the first label to the end of the text.
  const outside = labelsIn(text).find(
    (m) => isUnitLabel(m[1] ?? '') && !found.some((f) => (m.index ?? 0) >= f.start && (m.index ?? 0) < f.end),
  )
  if (outside?.index !== undefined) {
    const tail = text.slice(outside.index)
    const body = tail.replace(/[。.]\s*$/, '')
    const parsed = parseClauseBody(body)
    // Only labelled lists to the end: a full stop may end one list before the next label, never prose.
    if (parsed && !/[。]/.test(body.replace(STOP_BEFORE_LABEL_RE, '')))
      found.push({ start: outside.index, end: text.length, form: 'label', ...parsed })
  }
  if (found.length === 0) {
    const last = finalSentenceClause(text)
    if (last) found.push(last)
  }
  return found.sort((a, b) => a.start - b.start)
}

/** 「（市发展改革委、市工商联）」 closing a task: a bare list of units, every name ending like a unit's. */
function bareList(inner: string): { units: ClauseUnits } | null {
  if (/^(?:含|包括|如|即|指|不含|以|其中|简称|以下简称)/.test(inner.trim())) return null
  const units = listUnits(inner, 'responsible')
  return units.responsible.length > 0 && allEndLikeUnits(units) && units.responsible.every(looksLikeUnit) ? { units } : null
}

/**
 * 「…。由市场监管局负责。」「…；区教育局牵头，各街道配合。」「…。A牵头负责；B负责配合落实。」: the last
 * sentences of a task, without brackets, when they are only a unit clause and every name ends like a
 * unit's. Sentences ending in 「；」 before it join the clause when they are unit segments too.
 */
function finalSentenceClause(text: string): FoundClause | null {
  const body = text.replace(/[。.；;]\s*$/, '')
  const cuts = [...body.matchAll(/[。；;\n]/g)].map((m) => m.index ?? 0).reverse()
  let best: FoundClause | null = null
  for (const cut of cuts) {
    const found = sentenceAt(body, cut)
    if (found) best = { start: cut + 1, end: text.length, form: body[cut] === '\n' ? 'line' : 'sentence', ...found }
    // A clause runs back over 「；」 only: a full stop or a line ends the sentence before it.
    if ((found && body[cut] !== '；' && body[cut] !== ';') || (!found && best)) break
    if (!found && body[cut] !== '；' && body[cut] !== ';') break
  }
  if (best) return best
  // 「…工作，由市场监管局负责」: 由 after a comma starts the clause inside the last sentence.
  const byCut = body.search(/[，,]由[^，,。；;]+(?:牵头|负责|落实)/)
  const found = byCut >= 0 ? sentenceAt(body, byCut) : null
  return found ? { start: byCut + 1, end: text.length, form: 'sentence', ...found } : null
}

function sentenceAt(body: string, cut: number): { units: ClauseUnits; deadline?: string } | null {
  const found = unlabelledWithTail(
    body
      .slice(cut + 1)
      .trim()
      .replace(/^由/, ''),
  )
  return found && allEndLikeUnits(found.units) ? found : null
}

/**
 * A paragraph that is only a unit clause, to be read with the text before it: a labelled line
 * (「牵头单位：A」), a bracketed clause (「（A、B、C按职责分工负责）」), or a short unlabelled one whose
 * names all end like units' (「市发改委牵头落实」「A、B分别牵头落实」).
 */
export function isClauseLine(text: string): boolean {
  const t = text.trim()
  if (UNIT_LINE_RE.test(t)) return true
  const whole = bracketGroups(t)
  if (whole.length === 1 && whole[0]?.start === 0 && whole[0].end === t.length) return parseClauseBody(whole[0].inner) !== null
  if (t.length > 80) return false
  const found = unlabelledWithTail(t.replace(/[。.；;]$/, '').replace(/^由/, ''))
  // Group words too must end like units here (各科室, 各县区), not 「各地要抓好落实」.
  return !!found && mentions(found.units).every((u) => UNIT_END.test(u.name))
}

/** A table cell or a whole paragraph holding units; `role` is the column's role when it has one. */
export function parseUnitCell(cell: string, role: Role | 'office' = 'responsible'): ClauseUnits | null {
  const trimmed = cell.trim().replace(/[。.]$/, '')
  // 「（甲局、乙局）」 in brackets as a whole; 「甲局、乙局（牵头）」 keeps its mark.
  const text = /^[（(【[].*[）)】\]]$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed
  if (!text) return null
  const labelled = parseClauseBody(text)
  if (labelled) return labelled.units
  const units = listUnits(text, role)
  const all = [...units.lead, ...units.partners, ...units.responsible, ...units.offices]
  return all.length > 0 && all.every(looksLikeUnit) ? units : null
}

/**
 * The inside of a clause: labelled lists (several labels run together, with or without separators),
 * or one of the unlabelled verb forms. Words of a document rule inside it (「列第一位者为牵头单位，
 * 下同」) are no units; the recogniser reads the rule from the whole text.
 */
export function parseClauseBody(body: string): { units: ClauseUnits; deadline?: string } | null {
  const inner = stripRuleWords(body.trim()).replace(/[。.；;，,\s]+$/, '')
  const labelled = labelledLists(inner)
  if (labelled) return count(labelled.units) > 0 ? labelled : null
  return unlabelledWithTail(inner)
}

/**
 * A table cell that labels what it holds (「牵头单位：X 参加单位：A」「分管领导：张副局长」「时间节点：
 * 9月底前」): its units, persons and deadline, even when it names no unit; null when it has no label.
 */
export function parseLabelledCell(cell: string): { units: ClauseUnits; deadline?: string } | null {
  return labelledLists(stripRuleWords(cell.trim()).replace(/[。.；;，,\s]+$/, ''))
}

/** Lists after labels run together, with or without separators; null unless the text opens with a label. */
function labelledLists(inner: string): { units: ClauseUnits; deadline?: string } | null {
  const marks = labelsIn(inner)
  if (marks.length === 0 || (marks[0]?.index ?? 0) > 1) return null
  const units = noUnits()
  let deadline: string | undefined
  marks.forEach((m, k) => {
    const from = (m.index ?? 0) + m[0].length
    const to = marks[k + 1]?.index ?? inner.length
    const list = inner.slice(from, to).replace(/[，,；;。\s]+$/, '')
    const kind = LABEL_KIND.get(m[1] ?? '')
    if (kind === 'lead' || kind === 'partner' || kind === 'responsible' || kind === 'office') addUnits(units, listUnits(list, kind))
    else if (kind === 'person') units.people.push(...personsIn(list, m[1] ?? ''))
    else if (kind === 'deadline') deadline = trimDeadline(list) || undefined
    else if (kind === 'intro') addUnits(units, unlabelledClause(list.replace(/^由/, '')) ?? noUnits())
  })
  return { units, deadline }
}

/**
 * Lead and partners from the roles written. Labelled leads lead; a list of 责任单位 beside a labelled
 * lead co-operates; a bare list of several 责任单位 has a lead where the document's rule says the first
 * leads, or where one named unit stands beside group words only (「市政府办公室、市政府各部门负责」);
 * else none. Extra leads (joint leads as written) follow as partners, in order.
 */
export function assignRoles(units: ClauseUnits, rule: 'first' | 'none'): { lead: UnitMention | null; partners: UnitMention[] } {
  if (units.lead.length > 0) {
    const [lead, ...joint] = units.lead
    return { lead: lead ?? null, partners: [...joint, ...units.responsible, ...units.partners] }
  }
  const named = units.responsible.filter((u) => !u.placeholder)
  const soleNamed = named.length === 1 && units.responsible[0] === named[0] ? named[0] : undefined
  if (units.responsible.length > 0 && (rule === 'first' || units.responsible.length === 1 || soleNamed)) {
    const [lead, ...rest] = units.responsible
    return { lead: lead ?? null, partners: [...rest, ...units.partners] }
  }
  return { lead: null, partners: [...units.responsible, ...units.partners] }
}
