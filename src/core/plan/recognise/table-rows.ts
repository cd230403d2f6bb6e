import { looksLikeDeadline } from './deadlines.js'
import { numberMark, serialValue } from './numbering.js'
import type { Column } from './table-columns.js'
import { parseUnitCell } from './unit-clauses.js'
import { allEndLikeUnits } from './unit-lists.js'

/**
 * Rows of a table pasted as text, where a cell under a vertical merge is missing instead of empty
 * (「3.及时反馈… | 各科室 | |」 under 「一、… | 1.… | 财务科 |」): a short row's cells are moved right to
 * where their contents fit the columns best, as the full rows show them (a number under 序号, units
 * under the unit column, a deadline under 时限). Rows that fit where they are stay. Pure.
 */

type Kind = 'number' | 'units' | 'deadline' | 'heading' | 'text'

function kindOf(cell: string): Kind {
  if (serialValue(cell) !== null) return 'number'
  if (looksLikeDeadline(cell)) return 'deadline'
  const mark = numberMark(cell)
  if (mark && ['part', 'cn', 'cn-paren'].includes(mark.style) && cell.length <= 40) return 'heading'
  const units = cell.length <= 60 ? parseUnitCell(cell) : null
  if (units && allEndLikeUnits(units)) return 'units'
  return 'text'
}

const ROLE_KIND: Partial<Record<Column, Kind>> = {
  number: 'number',
  lead: 'units',
  partner: 'units',
  responsible: 'units',
  office: 'units',
  clauses: 'units',
  deadline: 'deadline',
  task: 'text',
}

/** What each column holds: the most common kind in the rows that fill every column, else the header's role. */
function columnKinds(rows: string[][], width: number, roles: Column[]): (Kind | null)[] {
  const full = rows.filter((r) => lastWritten(r) === width - 1 && r.filter(Boolean).length === width)
  return Array.from({ length: width }, (_, k) => {
    const counts = new Map<Kind, number>()
    for (const r of full) {
      const kind = kindOf(r[k] as string)
      counts.set(kind, (counts.get(kind) ?? 0) + 1)
    }
    const best = [...counts].sort((a, b) => b[1] - a[1])[0]
    return best ? best[0] : (ROLE_KIND[roles[k] ?? 'other'] ?? null)
  })
}

function lastWritten(cells: string[]): number {
  for (let k = cells.length - 1; k >= 0; k--) if (cells[k]) return k
  return -1
}

/** The rows of one text table, each as wide as the table, short rows moved right where they fit better. */
export function alignSeparatedRows(rows: string[][], width: number, roles: () => Column[]): string[][] {
  // Most text tables have no short row: nothing to align, and no cell to classify.
  if (rows.every((cells) => lastWritten(cells) === width - 1)) return rows.map((cells) => pad(cells, width))
  const kinds = columnKinds(rows, width, roles())
  return rows.map((cells) => {
    const written = cells.slice(0, lastWritten(cells) + 1)
    const room = width - written.length
    if (room <= 0 || written.length === 0) return pad(cells, width)
    const own = written.map((cell) => (cell ? kindOf(cell) : null))
    const fit = (shift: number) => own.reduce((n, kind, k) => n + (kind && kind === kinds[k + shift] ? 1 : 0), 0)
    let best = 0
    let bestFit = fit(0)
    for (let shift = 1; shift <= room; shift++) {
      const score = fit(shift)
      if (score > bestFit) [best, bestFit] = [shift, score]
    }
    return pad([...Array<string>(best).fill(''), ...written], width)
  })
}

function pad(cells: string[], width: number): string[] {
  return [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')].slice(0, width)
}
