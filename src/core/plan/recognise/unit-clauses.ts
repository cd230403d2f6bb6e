import type { UnitMention } from '../types.js'
import { deadlineInText, looksLikeDeadline, trimDeadline } from './deadlines.js'
import { addUnits, allEndLikeUnits, type ClauseUnits, count, listUnits, looksLikeUnit, type Role, splitUnitList } from './unit-lists.js'

export type { ClauseUnits, Role } from './unit-lists.js'

/**
 * Unit clauses as a small grammar of forms, labelled or not, in brackets or on a line of their own:
 *   （责任单位：A、B）  牵头单位：A；配合单位：B  [责任科室:A]  主责单位/参加单位/协办单位/责任处室 …
 *   （A、B负责）  （A牵头，B、C配合）  （A牵头落实）  （A会同有关部门负责）
 * Pure functions. They report roles as written; who leads a bare list of 责任单位 is decided by the
 * document's rule (see `assignRoles`), never guessed here.
 */

/** Label words and the role each gives; longest first so 牵头单位 wins over 牵头. */
const LABELS: [string, Role][] = [
  ...['牵头单位', '牵头部门', '牵头科室', '牵头处室', '主责单位', '主责部门', '主办单位', '主责科室'].map((l): [string, Role] => [
    l,
    'lead',
  ]),
  ...['配合单位', '配合部门', '配合科室', '配合处室', '协办单位', '参加单位', '参与单位', '协同单位', '协作单位'].map(
    (l): [string, Role] => [l, 'partner'],
  ),
  ...['责任单位', '责任科室', '责任处室', '责任部门', '负责单位', '承办单位', '落实单位', '实施单位', '责任主体'].map(
    (l): [string, Role] => [l, 'responsible'],
  ),
]
const LABEL_ROLE = new Map(LABELS)
/** Labels that end a unit list without naming units (a leader, a deadline). */
const STOP_LABELS = [
  '牵头领导',
  '责任领导',
  '分管领导',
  '牵头市领导',
  '责任人',
  '联系人',
  '完成时限',
  '完成时间',
  '时间节点',
  '时限要求',
  '完成期限',
  '时限',
]
const LABEL_ALT = LABELS.map(([l]) => l).join('|')
/** A label with its colon: the start of a labelled list. */
export const LABEL_RE = new RegExp(`(${LABEL_ALT}|${STOP_LABELS.join('|')})\\s*[:：]`, 'g')
/** A paragraph that is only a unit clause: 「牵头单位:区发改局」「（责任单位：A、B）」. */
export const UNIT_LINE_RE = new RegExp(`^[（(【\\[]?\\s*(?:${LABEL_ALT})\\s*[:：]`)

export interface FoundClause {
  /** Where the clause starts and ends in the text (brackets included). */
  start: number
  end: number
  units: ClauseUnits
  /** A deadline written in the clause (「完成时限：6月底前」), if any. */
  deadline?: string
  /** In brackets, after a label, or a last sentence without either (the weakest evidence). */
  form: 'bracket' | 'label' | 'sentence'
}

const OPEN = '（(【[〔'
const CLOSE = '）)】]〕'
/** How the units act, written between them and the verb: 「按职责分工负责」「分别负责」「具体落实」. */
const MANNER = '(?:按照职责分工|按职责分工|按照职责|按职责|分别|共同|具体|各自|切实)?'
const VERB_LEAD = '(?:牵头负责|牵头落实|牵头抓总|牵头组织|牵头实施|牵头|负总责|负责落实|负责|抓好落实|组织实施|主抓)'
const VERB_PARTNER = '(?:配合落实|配合实施|配合|参与|协助|协同|协办|参加|组织落实|抓好落实|落实|实施|负责落实|负责)'
/** 「A牵头，B、C配合」「A、B牵头，各区落实」 */
const LEAD_PARTNER_RE = new RegExp(`^(.+?)${VERB_LEAD}[，,；;、\\s]*(.+?)等?${MANNER}${VERB_PARTNER}$`)
/** 「A会同B负责」 */
const TOGETHER_RE = new RegExp(`^(.+?)(?:会同|联合|协同)(.+?)${MANNER}${VERB_LEAD}$`)
/** 「A、B负责」「A牵头落实」「A、B按职责分工负责」 */
const BARE_RE = new RegExp(`^(.+?)${MANNER}(?:${VERB_LEAD}|落实)$`)

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
  const outside = [...text.matchAll(LABEL_RE)].find(
    (m) => LABEL_ROLE.has(m[1] ?? '') && !found.some((f) => (m.index ?? 0) >= f.start && (m.index ?? 0) < f.end),
  )
  if (outside?.index !== undefined) {
    const tail = text.slice(outside.index)
    const parsed = parseClauseBody(tail.replace(/[。.]\s*$/, ''))
    if (parsed && !/[。]/.test(tail.replace(/[。.]\s*$/, '')))
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
 * 「…。由市场监管局负责。」「…；区教育局牵头，各街道配合。」: the last sentence of a task, without
 * brackets, when it is only a unit clause and every name ends like a unit's.
 */
function finalSentenceClause(text: string): FoundClause | null {
  const body = text.replace(/[。.；;]\s*$/, '')
  const sentenceCut = Math.max(body.lastIndexOf('。'), body.lastIndexOf('；'), body.lastIndexOf(';'))
  // 「…工作，由市场监管局负责」: 由 after a comma starts the clause inside the last sentence.
  const byCut = body.search(/[，,]由[^，,。；;]+(?:牵头|负责|落实)/)
  for (const cut of [sentenceCut, byCut > sentenceCut ? byCut : -1]) {
    if (cut < 0) continue
    const found = unlabelledWithTail(
      body
        .slice(cut + 1)
        .trim()
        .replace(/^由/, ''),
    )
    if (found && allEndLikeUnits(found.units)) return { start: cut + 1, end: text.length, form: 'sentence', ...found }
  }
  return null
}

/** A table cell or a whole paragraph holding units; `role` is the column's role when it has one. */
export function parseUnitCell(cell: string, role: Role = 'responsible'): ClauseUnits | null {
  const trimmed = cell.trim().replace(/[。.]$/, '')
  // 「（甲局、乙局）」 in brackets as a whole; 「甲局、乙局（牵头）」 keeps its mark.
  const text = /^[（(【[].*[）)】\]]$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed
  if (!text) return null
  const labelled = parseClauseBody(text)
  if (labelled) return labelled.units
  const units = listUnits(text, role)
  const all = [...units.lead, ...units.partners, ...units.responsible]
  return all.length > 0 && all.every(looksLikeUnit) ? units : null
}

/** The inside of a clause: labelled lists, or one of the unlabelled verb forms. */
function parseClauseBody(body: string): { units: ClauseUnits; deadline?: string } | null {
  const inner = body.trim().replace(/[。.；;]$/, '')
  const marks = [...inner.matchAll(LABEL_RE)]
  if (marks.length > 0 && (marks[0]?.index ?? 0) <= 1) {
    const units: ClauseUnits = { lead: [], partners: [], responsible: [] }
    let deadline: string | undefined
    marks.forEach((m, k) => {
      const from = (m.index ?? 0) + m[0].length
      const to = marks[k + 1]?.index ?? inner.length
      const list = inner.slice(from, to).replace(/[，,；;。\s]+$/, '')
      const role = LABEL_ROLE.get(m[1] ?? '')
      if (role) addUnits(units, listUnits(list, role))
      else if (/时限|时间|期限/.test(m[1] ?? '')) deadline = trimDeadline(list) || undefined
    })
    return count(units) > 0 ? { units, deadline } : null
  }
  return unlabelledWithTail(inner)
}

function unlabelled(text: string): ClauseUnits | null {
  if (text.length > 120 || /[。]/.test(text)) return null
  const pair = text.match(LEAD_PARTNER_RE)
  if (pair) return listsOrNull(splitUnitList(pair[1] ?? ''), splitUnitList(pair[2] ?? ''), 'lead')
  const together = text.match(TOGETHER_RE)
  if (together) return listsOrNull(splitUnitList(together[1] ?? ''), splitUnitList(together[2] ?? ''), 'lead')
  const bare = text.match(BARE_RE)
  if (bare) {
    const units = splitUnitList(bare[1] ?? '')
    // 「牵头」 names who leads; 「负责」 after a list of several names who is responsible.
    const leads = /牵头|主抓|负总责/.test(text.slice((bare[1] ?? '').length)) || units.length === 1
    return listsOrNull(units, [], leads ? 'lead' : 'responsible')
  }
  return null
}

/**
 * An unlabelled clause, possibly followed by when: 「市委宣传部负责，持续推进」「A牵头，B配合，2024年
 * 12月底前完成」. The longest run of comma-separated parts from the start that reads as a clause, when
 * what follows reads as a deadline (or nothing follows).
 */
function unlabelledWithTail(text: string): { units: ClauseUnits; deadline?: string } | null {
  const parts = text.split(/[，,]/)
  for (let cut = parts.length; cut >= 1; cut--) {
    const units = unlabelled(parts.slice(0, cut).join('，'))
    if (!units) continue
    const tail = parts.slice(cut).join('，').trim()
    if (!tail) return { units }
    const deadline = deadlineInText(tail) ?? (looksLikeDeadline(tail) ? trimDeadline(tail.replace(/完成$/, '')) : null)
    return deadline ? { units, deadline } : null
  }
  return null
}

function listsOrNull(first: UnitMention[], partners: UnitMention[], firstRole: 'lead' | 'responsible'): ClauseUnits | null {
  if (first.length === 0 || ![...first, ...partners].every(looksLikeUnit)) return null
  return firstRole === 'lead' ? { lead: first, partners, responsible: [] } : { lead: [], partners, responsible: first }
}

/** 「责任领导：王局长」: a person, not a unit; taken out of the task text. */
export const LEADER_LABEL_RE = /(?:责任领导|牵头领导|牵头市领导|分管领导|责任人|联系人)\s*[:：][^\n。；;）)]*[；;]?/g

/** A line that is only a person's label (「责任领导：王局长」), kept with the task before it. */
export const LEADER_LINE_RE = /^[（(]?\s*(?:责任领导|牵头领导|牵头市领导|分管领导|责任人|联系人)\s*[:：]/

/** Top-level bracket groups of a text, with their inner text. */
function bracketGroups(text: string): { start: number; end: number; inner: string }[] {
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

/**
 * Lead and partners from the roles written. Labelled leads lead; a list of 责任单位 beside a labelled
 * lead co-operates; a bare list of several 责任单位 has a lead only where the document's rule says the
 * first leads. Extra leads (joint leads as written) follow as partners, in order.
 */
export function assignRoles(units: ClauseUnits, rule: 'first' | 'none'): { lead: UnitMention | null; partners: UnitMention[] } {
  if (units.lead.length > 0) {
    const [lead, ...joint] = units.lead
    return { lead: lead ?? null, partners: [...joint, ...units.responsible, ...units.partners] }
  }
  if (units.responsible.length > 0 && (rule === 'first' || units.responsible.length === 1)) {
    const [lead, ...rest] = units.responsible
    return { lead: lead ?? null, partners: [...rest, ...units.partners] }
  }
  return { lead: null, partners: [...units.responsible, ...units.partners] }
}
