import type { UnitMention } from '../types.js'
import { isPlaceholder } from '../units.js'

/**
 * Unit clauses as a small grammar of forms, labelled or not, in brackets or on a line of their own:
 *   （责任单位：A、B）  牵头单位：A；配合单位：B  [责任科室:A]  主责单位/参加单位/协办单位/责任处室 …
 *   （A、B负责）  （A牵头，B、C配合）  （A牵头落实）  （A会同有关部门负责）
 * Pure functions. They report roles as written; who leads a bare list of 责任单位 is decided by the
 * document's rule (see `assignRoles`), never guessed here.
 */

export type Role = 'lead' | 'partner' | 'responsible'

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

export interface ClauseUnits {
  lead: UnitMention[]
  partners: UnitMention[]
  responsible: UnitMention[]
}

export interface FoundClause {
  /** Where the clause starts and ends in the text (brackets included). */
  start: number
  end: number
  units: ClauseUnits
  /** A deadline written in the clause (「完成时限：6月底前」), if any. */
  deadline?: string
}

const OPEN = '（(【[〔'
const CLOSE = '）)】]〕'
const VERB_LEAD = '(?:牵头负责|牵头落实|牵头抓总|牵头|负责落实|负责|落实|主抓)'
const VERB_PARTNER = '(?:配合落实|配合|参与|协助|协同|协办)'
/** 「A牵头，B、C配合」 */
const LEAD_PARTNER_RE = new RegExp(`^(.+?)${VERB_LEAD}[，,；;、\\s]*(.+?)等?${VERB_PARTNER}$`)
/** 「A会同B负责」 */
const TOGETHER_RE = new RegExp(`^(.+?)(?:会同|联合|协同)(.+?)${VERB_LEAD}$`)
/** 「A、B负责」「A牵头落实」 */
const BARE_RE = new RegExp(`^(.+?)${VERB_LEAD}$`)

/** Unit clauses in a task's text, in order; brackets at any place, labelled lists not in brackets. */
export function findUnitClauses(text: string): FoundClause[] {
  const found: FoundClause[] = []
  for (const group of bracketGroups(text)) {
    const parsed = parseClauseBody(group.inner)
    if (parsed) found.push({ start: group.start, end: group.end, ...parsed })
  }
  // 「…。责任单位：A、B」 with no brackets: from the first label to the end of the text.
  const outside = [...text.matchAll(LABEL_RE)].find((m) => !found.some((f) => (m.index ?? 0) >= f.start && (m.index ?? 0) < f.end))
  if (outside?.index !== undefined && LABEL_ROLE.has(outside[1] ?? '')) {
    const tail = text.slice(outside.index)
    const parsed = parseClauseBody(tail.replace(/[。.]\s*$/, ''))
    if (parsed && !/[。]/.test(tail.replace(/[。.]\s*$/, ''))) found.push({ start: outside.index, end: text.length, ...parsed })
  }
  if (found.length === 0) {
    const last = finalSentenceClause(text)
    if (last) found.push(last)
  }
  return found.sort((a, b) => a.start - b.start)
}

/** How a unit's name ends: 局, 委, 办, 科, 中心, 政府 … (for clauses written without brackets). */
const UNIT_END = /(?:局|委|办|厅|部|署|科|处|室|股|中心|院|所|队|站|会|政府|街道|镇|乡|区|县|市|公司|集团|银行|支行|小组|专班|部门|单位)$/

/**
 * 「…。由市场监管局负责。」「…；区教育局牵头，各街道配合。」: the last sentence of a task, without
 * brackets, when it is only a unit clause and every name ends like a unit's.
 */
function finalSentenceClause(text: string): FoundClause | null {
  const body = text.replace(/[。.]\s*$/, '')
  const cut = Math.max(body.lastIndexOf('。'), body.lastIndexOf('；'), body.lastIndexOf(';'))
  if (cut < 0) return null
  const sentence = body.slice(cut + 1).trim()
  const units = unlabelled(sentence.replace(/^由/, ''))
  if (!units || ![...units.lead, ...units.partners, ...units.responsible].every((u) => UNIT_END.test(u.name))) return null
  return { start: cut + 1, end: text.length, units }
}

/** A table cell or a whole paragraph holding units; `role` is the column's role when it has one. */
export function parseUnitCell(cell: string, role: Role = 'responsible'): ClauseUnits | null {
  const text = cell
    .trim()
    .replace(/^[（(【[]|[）)】\]]$/g, '')
    .replace(/[。.]$/, '')
  if (!text) return null
  const labelled = parseClauseBody(text)
  if (labelled) return labelled.units
  const units = listUnits(text, role)
  const all = [...units.lead, ...units.partners, ...units.responsible]
  return all.length > 0 && all.every(looksLikeUnit) ? units : null
}

function addUnits(to: ClauseUnits, from: ClauseUnits): void {
  to.lead.push(...from.lead)
  to.partners.push(...from.partners)
  to.responsible.push(...from.responsible)
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
      else if (/时限|时间|期限/.test(m[1] ?? '')) deadline = list.trim() || undefined
    })
    return count(units) > 0 ? { units, deadline } : null
  }
  const verb = unlabelled(inner)
  return verb ? { units: verb } : null
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
    const leads = /牵头|主抓/.test(text.slice((bare[1] ?? '').length)) || units.length === 1
    return listsOrNull(units, [], leads ? 'lead' : 'responsible')
  }
  return null
}

function listsOrNull(first: UnitMention[], partners: UnitMention[], firstRole: 'lead' | 'responsible'): ClauseUnits | null {
  if (first.length === 0 || ![...first, ...partners].every(looksLikeUnit)) return null
  return firstRole === 'lead' ? { lead: first, partners, responsible: [] } : { lead: [], partners, responsible: first }
}

/**
 * Splits 「A、B<b>，各区、县级市」 into mentions. Brackets and <aliases> stay with their unit; a bare
 * administrative level after a 各-group (各区、县级市) stays in that group, never an invented unit.
 */
export function splitUnitList(list: string): UnitMention[] {
  return splitItems(list).map(toMention)
}

/** Units of a list with the role its label gives; 「A（牵头）」 leads whatever the label. */
function listUnits(list: string, role: Role): ClauseUnits {
  const units: ClauseUnits = { lead: [], partners: [], responsible: [] }
  for (const raw of splitItems(list)) units[LEAD_MARK_RE.test(raw) ? 'lead' : roleKey(role)].push(toMention(raw))
  return units
}

function splitItems(list: string): string[] {
  const items: string[] = []
  let depth = 0
  let current = ''
  for (const ch of list) {
    if ('<〈《（(['.includes(ch)) depth++
    if ('>〉》）)]'.includes(ch)) depth = Math.max(0, depth - 1)
    if (depth === 0 && /[、，,；;/]/.test(ch)) {
      items.push(current)
      current = ''
    } else current += ch
  }
  items.push(current)
  const names = items
    .map((s) =>
      s
        .trim()
        .replace(/^(?:和|及|以及)/, '')
        .replace(/[。.;；]+$/, '')
        .replace(/等$/, '')
        .trim(),
    )
    .filter(Boolean)
  const merged: string[] = []
  for (const name of names) {
    const previous = merged.at(-1)
    if (previous?.startsWith('各') && ADMIN_LEVEL.test(name)) merged[merged.length - 1] = `${previous}、${name}`
    else merged.push(name)
  }
  return merged
}

/** A level word with no name of its own: 县级市, 县（市、区）, 乡镇, 街道. */
const ADMIN_LEVEL = /^(?:县级市|县市区|县（市、区）|县\(市、区\)|[区县市镇乡旗]|乡镇|街道|开发区|园区|管委会)$/

/** 「A（牵头）」: a unit marked as the lead inside a list. */
const LEAD_MARK_RE = /\s*[（(](?:牵头|牵头单位|主责|主办)[）)]$/

function toMention(raw: string): UnitMention {
  const m = raw.replace(LEAD_MARK_RE, '').match(/^(.+?)\s*[<〈《]\s*(.+?)\s*[>〉》]\s*$/)
  const name = (m ? m[1] : raw.replace(LEAD_MARK_RE, ''))?.trim() ?? raw
  return { name, alias: m?.[2]?.trim() ?? null, placeholder: isPlaceholder(name) }
}

/** A plausible unit name: short, no sentence punctuation, not a bare verb phrase. */
function looksLikeUnit(unit: UnitMention): boolean {
  const n = unit.name
  return (
    n.length >= 2 &&
    n.length <= 30 &&
    !/[。！？:：“”"]/.test(n) &&
    !/^(?:\d|的|对|在|按|以|将|把|于|与|请)/.test(n) &&
    !/报送|完成|开展|确保|\d+[月日]/.test(n)
  )
}

function roleKey(role: Role): keyof ClauseUnits {
  return role === 'lead' ? 'lead' : role === 'partner' ? 'partners' : 'responsible'
}

function count(units: ClauseUnits): number {
  return units.lead.length + units.partners.length + units.responsible.length
}

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
