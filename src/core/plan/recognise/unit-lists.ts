import type { Person, UnitMention } from '../types.js'
import { isPlaceholder } from '../units.js'
import type { Role } from './unit-labels.js'

/**
 * Lists of units as written in a clause or a cell: 「A、B<b>，各区、县级市」, 「A（牵头）、B」,
 * 「市委组织部（市委人才办）」. Splitting, naming, and the checks that a name is plausibly a unit's.
 * Pure functions; who leads is decided by the clause grammar and the document's rule.
 */

export type { Role } from './unit-labels.js'

/** Units by the role written for them, as one clause, cell or task gives them. */
export interface ClauseUnits {
  lead: UnitMention[]
  partners: UnitMention[]
  responsible: UnitMention[]
  /** The issuing bureau's own offices (责任处室 beside a 牵头单位); see resolveOffices. */
  offices: UnitMention[]
  /** Persons named for the task (牵头领导：王局长): never units. */
  people: Person[]
  /** Set when a table's columns (牵头单位 beside 责任处室) make the offices the bureau's own, whatever one row holds. */
  ownOffices?: true
}

export function noUnits(): ClauseUnits {
  return { lead: [], partners: [], responsible: [], offices: [], people: [] }
}

export function allEndLikeUnits(units: ClauseUnits): boolean {
  return mentions(units).every((u) => UNIT_END.test(u.name) || u.placeholder)
}

/** Every unit mention of a clause, in role order (lead, responsible, partners, offices). */
export function mentions(units: ClauseUnits): UnitMention[] {
  return [...units.lead, ...units.responsible, ...units.partners, ...units.offices]
}

/** How a unit's name ends: 局, 委, 办, 科, 中心, 政府 … (for clauses written without brackets). */
export const UNIT_END =
  /(?:局|委|办|厅|部|署|科|处|室|股|中心|院|所|队|站|会|联|协|社|行|馆|台|校|组|团|政府|街道|镇|乡|区|县|市|公司|集团|小组|专班|部门|单位)$/

export function addUnits(to: ClauseUnits, from: ClauseUnits): void {
  to.lead.push(...from.lead)
  to.partners.push(...from.partners)
  to.responsible.push(...from.responsible)
  to.offices.push(...from.offices)
  to.people.push(...from.people)
}

/**
 * Splits 「A、B<b>，各区、县级市」 into mentions. Brackets and <aliases> stay with their unit; a bare
 * administrative level after a 各-group (各区、县级市) stays in that group, never an invented unit.
 */
export function splitUnitList(list: string): UnitMention[] {
  return splitItems(list).map(toMention)
}

/** Units of a list with the role its label gives; 「A（牵头）」 leads whatever the label. */
export function listUnits(list: string, role: Role | 'office'): ClauseUnits {
  const units = noUnits()
  for (const raw of splitItems(list)) units[LEAD_MARK_RE.test(raw) ? 'lead' : roleKey(role)].push(toMention(raw))
  return units
}

function splitItems(list: string): string[] {
  const items: string[] = []
  let depth = 0
  let current = ''
  // 「省有关部门和各设区市人民政府」: 和 before a group word joins two entries, not one name.
  for (const ch of list.replace(/(?:以及|和|及)(?=各)/g, '、')) {
    if ('<〈《（([〔【'.includes(ch)) depth++
    if ('>〉》）)]〕】'.includes(ch)) depth = Math.max(0, depth - 1)
    if (depth === 0 && /[、，,；;/]/.test(ch)) {
      items.push(current)
      current = ''
    } else current += ch
  }
  items.push(current)
  // 「甲科 乙科」: names on lines of their own in a cell, joined by a space.
  const spaced = items.flatMap((item) => {
    const words = item.trim().split(/\s+/)
    return words.length > 1 && words.every((w) => w.length >= 2 && UNIT_END.test(w)) ? words : [item]
  })
  const names = spaced
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
    // 「各区、县级市」「各区、县级市农业农村局」: the level words of one group.
    const levels = !!previous && /^各(?:区|县|市|镇|乡|区县|县区)$/.test(previous) && ADMIN_START.test(name) && !name.includes('各')
    if (previous?.startsWith('各') && (ADMIN_LEVEL.test(name) || levels)) merged[merged.length - 1] = `${previous}、${name}`
    else merged.push(name)
  }
  return merged
}

/** A name that starts with a level word: 县级市农业农村局, 县（市、区）政府. */
const ADMIN_START = /^(?:县级市|县市区|县（市、区）|[区县市镇乡旗]|乡镇|街道)/

/** A level word with no name of its own: 县级市, 县（市、区）, 乡镇, 街道. */
const ADMIN_LEVEL = /^(?:县级市|县市区|县（市、区）|县\(市、区\)|[区县市镇乡旗]|乡镇|街道|开发区|园区|管委会)$/

/** 「A（牵头）」: a unit marked as the lead inside a list. */
const LEAD_MARK_RE = /\s*[（(〔【[](?:牵头|牵头单位|主责|主办)[）)〕】\]]$/

/** 「市委组织部（市委人才办）」: another name of the unit in brackets. */
const BRACKET_ALIAS_RE = /^(.+?)\s*[（(]\s*([^、，,（）()]{2,}?)\s*[）)]\s*$/

export function toMention(raw: string): UnitMention {
  const bare = raw.replace(LEAD_MARK_RE, '')
  const paren = bare.match(BRACKET_ALIAS_RE)
  // 「各镇（街道）」 is one group word, not a unit with another name.
  if (paren && !isPlaceholder(paren[1] ?? '') && UNIT_END.test(paren[1] ?? '') && UNIT_END.test(paren[2] ?? '')) {
    const name = (paren[1] ?? '').trim()
    return { name, alias: (paren[2] ?? '').trim(), placeholder: isPlaceholder(name) }
  }
  const m = bare.match(/^(.+?)\s*[<〈《]\s*(.+?)\s*[>〉》]\s*$/)
  const name = (m ? m[1] : bare)?.trim() ?? raw
  return { name, alias: m?.[2]?.trim() ?? null, placeholder: isPlaceholder(name) }
}

/** A plausible unit name: short, no sentence punctuation, not a bare verb phrase. */
export function looksLikeUnit(unit: UnitMention): boolean {
  const n = unit.name
  return (
    n.length >= 2 &&
    n.length <= 30 &&
    !/[。！？:：“”"]/.test(n) &&
    !/^(?:\d|的|对|在|按|以|将|把|于|与|请)/.test(n) &&
    !/(?:要|应|须|需|将|可|均|都)$/.test(n) &&
    // Modal verbs and adverbs belong to a sentence (「各地要积极落实」), never to a unit's name.
    !/要|应当|必须|积极|认真|切实|加快|加强|进一步|及时|抓紧|务必/.test(n) &&
    !/报送|完成|开展|确保|任务|由|牵头|负责|配合|\d+[月日]|的为/.test(n)
  )
}

type UnitList = 'lead' | 'partners' | 'responsible' | 'offices'

export function roleKey(role: Role | 'office'): UnitList {
  return role === 'lead' ? 'lead' : role === 'partner' ? 'partners' : role === 'office' ? 'offices' : 'responsible'
}

/** How many units a clause names (persons are not units). */
export function count(units: ClauseUnits): number {
  return units.lead.length + units.partners.length + units.responsible.length + units.offices.length
}

/**
 * 责任处室 is the issuing bureau's own office when another unit leads or is responsible (牵头单位 X,
 * 参加单位 A, 责任处室 Y); with no such unit (alone, or beside 协办单位 only) it is the task's
 * responsible unit, as any 责任单位.
 */
export function resolveOffices(units: ClauseUnits): ClauseUnits {
  if (units.ownOffices || units.offices.length === 0 || units.lead.length + units.responsible.length > 0) return units
  return { ...units, responsible: [...units.offices, ...units.responsible], offices: [] }
}

/** 「王局长、李副局长」 under a person label or in a 牵头领导 column, each with that role. */
export function personsIn(list: string, role: string): Person[] {
  return list
    .split(/[、，,；;\s]+/)
    .map((n) => n.trim())
    .filter(Boolean)
    .map((name) => ({ role, name }))
}
