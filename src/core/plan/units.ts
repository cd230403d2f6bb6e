import type { UnitMention } from './types.js'

/**
 * Unit lists as written after a task: `责任单位：A、B<b>、C` or `牵头单位：A；配合单位：B、C`.
 * Pure functions; the first responsible unit leads (the plan's own closing paragraph says so).
 */

/** Labels that may introduce a unit list, and which role they give. */
const LABELS = { 责任单位: 'responsible', 牵头单位: 'lead', 配合单位: 'partner', 协办单位: 'partner', 主办单位: 'lead' } as const
type Label = keyof typeof LABELS

const LABEL_RE = new RegExp(`(${Object.keys(LABELS).join('|')})\\s*[:：]`, 'g')
const labelsWith = (roles: string[]) => (Object.keys(LABELS) as Label[]).filter((l) => roles.includes(LABELS[l])).join('|')
/** Where a unit clause can start inside a task line: a lead or responsible label (配合 comes after). */
export const UNIT_CLAUSE_START_RE = new RegExp(`[（(]?\\s*(?:${labelsWith(['responsible', 'lead'])})\\s*[:：]`, 'g')
/** A line that is a unit clause of its own, after the task text. */
export const UNIT_LINE_RE = new RegExp(`^[（(]?\\s*(?:${labelsWith(['responsible', 'lead', 'partner'])})\\s*[:：]`)

const SEPARATORS = /[、，,；;]|\s+和\s+/

export interface UnitList {
  lead: UnitMention | null
  partners: UnitMention[]
}

/** Parses the inside of a unit clause (labels included). Returns null when it names no unit. */
export function parseUnitClause(clause: string): UnitList | null {
  const body = clause
    .trim()
    .replace(/^[（(]/, '')
    .replace(/[。.]?\s*$/, '')
    .replace(/[）)]$/, '')
  const labelled: { role: (typeof LABELS)[Label]; text: string }[] = []
  const marks = [...body.matchAll(LABEL_RE)]
  marks.forEach((m, k) => {
    const start = (m.index ?? 0) + m[0].length
    const end = k + 1 < marks.length ? (marks[k + 1]?.index ?? body.length) : body.length
    labelled.push({ role: LABELS[m[1] as Label], text: body.slice(start, end) })
  })
  const leads: UnitMention[] = []
  const partners: UnitMention[] = []
  for (const { role, text } of labelled) {
    const units = splitUnits(text)
    if (role === 'partner') partners.push(...units)
    else if (role === 'lead') leads.push(...units)
    else {
      const [first, ...rest] = units
      if (first) leads.push(first)
      partners.push(...rest)
    }
  }
  const [lead, ...extraLeads] = leads
  if (!lead && partners.length === 0) return null
  return { lead: lead ?? null, partners: [...extraLeads, ...partners] }
}

/** Splits `A、B<b>，C` into mentions, keeping `<alias>` with its unit. */
export function splitUnits(list: string): UnitMention[] {
  const items: string[] = []
  let depth = 0
  let current = ''
  for (const ch of list) {
    if (ch === '<' || ch === '〈' || ch === '《') depth++
    if (ch === '>' || ch === '〉' || ch === '》') depth = Math.max(0, depth - 1)
    if (depth === 0 && SEPARATORS.test(ch)) {
      items.push(current)
      current = ''
    } else current += ch
  }
  items.push(current)
  return items
    .map((s) => s.trim().replace(/[。.;；]+$/, ''))
    .filter(Boolean)
    .map(toMention)
}

function toMention(raw: string): UnitMention {
  const m = raw.match(/^(.+?)\s*[<〈《]\s*(.+?)\s*[>〉》]\s*$/)
  const name = (m ? m[1] : raw)?.trim() ?? raw
  return { name, alias: m?.[2]?.trim() ?? null, placeholder: isPlaceholder(name) }
}

/**
 * Group words that stand for several units (相关科室, 各县级局, 机关各科室, 食品相关科室 …). They are kept
 * as written: the plan does not say which units they mean.
 */
export function isPlaceholder(name: string): boolean {
  return /^各|^机关各|相关|有关|^其他|等$|^全体|^所有/.test(name)
}

/** Display form: 行政审批办（登记注册科）. */
export function unitLabel(unit: UnitMention): string {
  return unit.alias ? `${unit.name}（${unit.alias}）` : unit.name
}

/**
 * Whether a group word can stand for a unit: 相关科室 covers any unit; 机关各科室 every 科室 (a name
 * ending in 科, 室 or 办, <alias> aside); 各处室 every 处室; 食品相关科室 only units whose name has 食品
 * in it (食品生产科, 食品协调科 …).
 */
export function placeholderCovers(word: string, unitName: string): boolean {
  const scope = word.split(/相关|有关/)[0]?.replace(/^(?:机关|各|全体|所有)+/, '') ?? ''
  const kind = KIND_OF_UNIT[scope]
  if (kind) return kind.test(unitName.replace(/\s*[<〈《（(].*$/, ''))
  return scope === '' || unitName.includes(scope)
}

/** Group words that name a kind of unit, and the names of that kind. */
const KIND_OF_UNIT: Record<string, RegExp> = {
  科室: /[科室办]$/,
  处室: /[处室办]$/,
  部门: /./,
  单位: /./,
}
