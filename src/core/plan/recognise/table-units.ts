import type { Column } from './table-columns.js'
import { type ClauseUnits, parseLabelledCell, parseUnitCell, type Role } from './unit-clauses.js'
import { addUnits, count, noUnits, personsIn } from './unit-lists.js'

/**
 * The units, persons and labelled deadline of one table row, read cell by cell by each column's role:
 * a 牵头单位 column leads, a 配合单位 column co-operates, a 责任处室 column names the bureau's own
 * office, a 牵头领导 column names persons, and a cell that labels its own contents (「牵头单位：X 参加
 * 单位：A、B」) is read by its labels whatever its column. Pure.
 */

const UNIT_ROLES: Partial<Record<Column, Role | 'office'>> = {
  lead: 'lead',
  partner: 'partner',
  responsible: 'responsible',
  office: 'office',
}

export interface RowUnits {
  units: ClauseUnits | null
  /** 列「牵头单位」「配合单位」, or 单元格「牵头单位：…」: where they were read. */
  source?: string
  deadline?: string
  /** Unit cells that held text but no unit the grammar reads. */
  unread: string[]
}

export function rowUnits(cells: string[], columns: Column[], names: string[]): RowUnits {
  const units = noUnits()
  const sources: string[] = []
  const unread: string[] = []
  let deadline: string | undefined
  columns.forEach((column, k) => {
    const cell = (cells[k] ?? '').trim()
    if (!cell) return
    const role = UNIT_ROLES[column]
    if (role) {
      const parsed = parseUnitCell(cell, role)
      if (parsed) {
        addUnits(units, parsed)
        sources.push(`列「${names[k] || `第${k + 1}列`}」`)
      } else unread.push(cell)
    } else if (column === 'clauses') {
      const parsed = parseLabelledCell(cell)
      if (parsed) {
        addUnits(units, parsed.units)
        deadline ??= parsed.deadline
        if (count(parsed.units) > 0) sources.push(`单元格「${cell.length > 30 ? `${cell.slice(0, 30)}…` : cell}」`)
      } else unread.push(cell)
    } else if (column === 'leader') units.people.push(...personsIn(cell, names[k] || '牵头领导'))
  })
  // 责任处室 beside a 牵头单位 or 责任单位 column is the bureau's own office in every row, even where the lead cell is empty.
  if (columns.some((c) => c === 'lead' || c === 'responsible') && columns.includes('office')) units.ownOffices = true
  return {
    units: count(units) + units.people.length > 0 ? withColumnRoles(units) : null,
    source: sources.join('；') || undefined,
    deadline,
    unread,
  }
}

/** 牵头单位 and 责任单位 columns side by side: the 责任单位 co-operate. */
function withColumnRoles(units: ClauseUnits): ClauseUnits {
  if (units.lead.length && units.responsible.length)
    return { ...units, partners: [...units.responsible, ...units.partners], responsible: [] }
  return units
}
