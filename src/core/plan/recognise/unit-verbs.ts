import { deadlineInText, looksLikeDeadline, trimDeadline } from './deadlines.js'
import type { Role } from './unit-labels.js'
import { type ClauseUnits, looksLikeUnit, noUnits, splitUnitList } from './unit-lists.js'

/**
 * Unit clauses written without labels, as a small grammar. A clause is a run of segments separated by
 * 「，」「；」; each segment is `[由] units [manner] verb`, the verb giving the role:
 *   A牵头 / A牵头负责 / A负总责            → lead
 *   B配合 / B负责配合落实 / C参与 / D业务指导 → partner
 *   A负责 / A组织实施 / A落实 / A承办      → responsible
 *   A会同B负责                            → lead A, partners B
 *   A、B分别负责（牵头）落实                → joint leads as written (each leads its own part)
 * Then the clause's roles: after a lead, responsible segments co-operate (「A牵头，B负责落实」); the
 * first of several segments names the lead when it is one unit that is responsible (「由A负责，B组织
 * 实施，C配合」). Pure.
 */

const MANNER = '(?:按照职责分工|按职责分工|按照职责|按职责|依职责|根据职责|分别|共同|具体|各自|切实)?'
const VERBS: [Role, string][] = [
  ['lead', '(?:总牵头|牵头负责|牵头落实|牵头抓总|牵头组织|牵头实施|牵头推进|牵头|负总责|主抓|抓总)'],
  ['partner', '(?:(?:负责)?(?:配合落实|配合实施|配合推进|配合|参与落实|参与|协助|协同推进|协同|协办|参加)|业务指导|指导)'],
  ['responsible', '(?:负责落实|负责实施|负责推进|负责|组织实施|具体实施|具体落实|抓好落实|推进落实|落实|实施|承办)'],
]
const SEGMENT_RES: [Role, RegExp][] = VERBS.map(([role, verb]) => [role, new RegExp(`^由?(.+?)(${MANNER})${verb}(?:工作)?$`)])
/** 「A会同B负责」「A联合有关部门负责」 */
const TOGETHER_RE = new RegExp(`^由?(.+?)(?:会同|联合|协同)(.+?)${MANNER}(?:${VERBS[0]?.[1]}|${VERBS[2]?.[1]})$`)

interface Segment {
  role: Role
  units: ReturnType<typeof splitUnitList>
  partners?: ReturnType<typeof splitUnitList>
  /** 「分别」: each unit leads its own part. */
  severally: boolean
}

function segment(text: string): Segment | null {
  const t = text.trim()
  if (!t || t.length > 120) return null
  const together = t.match(TOGETHER_RE)
  if (together) {
    const units = splitUnitList(together[1] ?? '')
    const partners = splitUnitList(together[2] ?? '')
    if ([...units, ...partners].every(looksLikeUnit) && units.length) return { role: 'lead', units, partners, severally: false }
  }
  for (const [role, re] of SEGMENT_RES) {
    const m = t.match(re)
    if (!m) continue
    const units = splitUnitList(m[1] ?? '')
    if (units.length && units.every(looksLikeUnit)) return { role, units, severally: m[2] === '分别' }
  }
  return null
}

/** The roles of a run of segments, as the clause's grammar gives them (see the file comment). */
function clauseOf(segments: Segment[]): ClauseUnits {
  const units = noUnits()
  const hasLead = segments.some((s) => s.role === 'lead' || (s.severally && s.role === 'responsible'))
  const first = segments[0]
  const firstLeads = !hasLead && segments.length > 1 && first?.role === 'responsible' && first.units.length === 1
  segments.forEach((s, k) => {
    const leads = s.role === 'lead' || (s.severally && s.role === 'responsible') || (firstLeads && k === 0)
    if (leads) units.lead.push(...s.units)
    else if (s.role === 'partner' || hasLead || firstLeads) units.partners.push(...s.units)
    else units.responsible.push(...s.units)
    units.partners.push(...(s.partners ?? []))
  })
  return units
}

/**
 * A whole text as unlabelled segments, or null when any part is not one. A comma may separate names
 * of one list (「民政部、人力资源社会保障部，各地区按职责分工负责」): a part that is only names joins the
 * part after it and shares its verb.
 */
export function unlabelledClause(text: string): ClauseUnits | null {
  if (/[。]/.test(text)) return null
  const parts = text.split(/[，,；;]/).filter((p) => p.trim())
  const segments: Segment[] = []
  let carried = ''
  for (const [k, part] of parts.entries()) {
    const found = segment(`${carried}${part.trim()}`)
    if (found) {
      segments.push(found)
      carried = ''
    } else if (k < parts.length - 1 && isNameList(part)) carried += `${part.trim()}、`
    else return null
  }
  return segments.length ? clauseOf(segments) : null
}

function isNameList(text: string): boolean {
  const names = splitUnitList(text.trim())
  return names.length > 0 && names.every(looksLikeUnit)
}

/**
 * An unlabelled clause, possibly followed by when: 「市委宣传部负责，持续推进」「A牵头，B配合，2024年
 * 12月底前完成」. The longest run of comma-separated parts from the start that reads as a clause, when
 * what follows reads as a deadline (or nothing follows).
 */
export function unlabelledWithTail(text: string): { units: ClauseUnits; deadline?: string } | null {
  const parts = text.split(/[，,；;]/)
  for (let cut = parts.length; cut >= 1; cut--) {
    const units = unlabelledClause(parts.slice(0, cut).join('，'))
    if (!units) continue
    const tail = parts.slice(cut).join('，').trim()
    if (!tail) return { units }
    const deadline = deadlineInText(tail) ?? (looksLikeDeadline(tail) ? trimDeadline(tail.replace(/完成$/, '')) : null)
    return deadline ? { units, deadline } : null
  }
  return null
}
