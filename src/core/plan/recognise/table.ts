import type { RowBlock } from '../read/blocks.js'
import { deadlineInText, trimDeadline } from './deadlines.js'
import { headingTitle, type SectionDraft, type StructureRead, type TaskDraft } from './draft.js'
import { numberMark, serialValue } from './numbering.js'
import {
  alignHeader,
  assignColumns,
  type Column,
  fillDown,
  headerScore,
  isColumnName,
  isNewHeader,
  isRepeatedHeader,
  pad,
} from './table-columns.js'
import { type ClauseUnits, parseUnitCell, type Role } from './unit-clauses.js'

/**
 * Reads a task-breakdown table: the header row is found by its column names (序号, 工作任务/重点任务/
 * 具体措施, 牵头单位, 配合单位, 责任单位/责任科室, 牵头领导, 完成时限/时间节点), and each column's role is
 * checked against its contents (a column of small integers is 序号 whatever its header says). An empty
 * cell under a merged one takes the value above; repeated header rows are skipped; text columns left of
 * the task column that repeat become sections and sub-headings.
 */

export function readTable(rows: RowBlock[], sections: SectionDraft[]): StructureRead {
  const headerAt = rows.findIndex((r) => headerScore(r.cells) >= 2)
  const first = rows[headerAt]
  // Another header further down (a second table on the same sheet) starts a table of its own.
  const next = first ? rows.findIndex((r, k) => k > headerAt + 1 && isNewHeader(r.cells) && !isRepeatedHeader(r.cells, first.cells)) : -1
  if (next > 0) {
    const a = readOneTable(rows.slice(0, next), sections)
    const b = readTable(rows.slice(next), sections)
    return { tasks: [...a.tasks, ...b.tasks], loose: [...a.loose, ...b.loose], problems: [...a.problems, ...b.problems] }
  }
  return readOneTable(rows, sections)
}

function readOneTable(rows: RowBlock[], sections: SectionDraft[]): StructureRead {
  const read: StructureRead = { tasks: [], loose: [], problems: [] }
  const headerAt = rows.findIndex((r) => headerScore(r.cells) >= 2)
  const header = headerAt >= 0 ? withSecondHeaderRow(rows[headerAt] as RowBlock, rows[headerAt + 1]) : null
  // Rows above the header (a merged title row) are text, not tasks.
  for (const r of rows.slice(0, Math.max(0, headerAt))) {
    const text = r.cells.filter(Boolean).join(' ')
    if (text) read.loose.push({ text, where: r.where })
  }
  const all = rows.slice(headerAt + 1).filter((r) => !(header && isRepeatedHeader(r.cells, header.cells)) && r.cells.some(Boolean))
  const body = all.filter((r) => spanningText(r) === null)
  if (body.length === 0) return read
  const width = Math.max(...body.map((r) => r.cells.length))
  const names = header ? alignHeader(header.cells, width) : []
  // A merge that runs on from a repeated header row repeats the column's name: an empty cell, so the
  // value above goes on.
  const raw = body.map((r) => pad(r.cells, width).map((c, k) => (c && c === names[k] ? '' : c)))
  const columns = assignColumns(names, raw)
  const grid = fillDown(raw, columns)
  for (const [k, role] of columns.entries())
    if (role === 'other' && header?.cells[k])
      read.problems.push({ where: header.where, message: `表格列「${header.cells[k]}」未能识别，已忽略` })
  const taskCol = columns.indexOf('task')
  if (taskCol < 0) {
    read.problems.push({ where: (header ?? rows[0] ?? body[0])?.where ?? { file: '', line: 0 }, message: '表格中找不到任务内容列' })
    return read
  }
  const categoryCols = columns.flatMap((c, k) => (c === 'category' ? [k] : []))
  let lastCategory: string[] = []
  let spanningGroup: string | undefined
  let k = -1
  for (const row of all) {
    const spanning = spanningText(row)
    if (spanning !== null) {
      spanningGroup = readSpanningRow(spanning, row, read, sections, spanningGroup)
      continue
    }
    k++
    const cells = grid[k] as string[]
    const text = columns.flatMap((c, col) => (c === 'title' && cells[col] ? [`${cells[col]}：`] : [])).join('') + (cells[taskCol] ?? '')
    const categories = categoryCols.map((col) => cells[col] ?? '')
    if (categories[0] && categories[0] !== lastCategory[0]) {
      const mark = numberMark(categories[0])
      sections.push({ value: mark?.value ?? null, title: headingTitle(mark?.rest ?? categories[0]) })
      spanningGroup = undefined
    }
    lastCategory = categories
    if (!(cells[taskCol] ?? '').trim()) continue
    const numberCell = cells[columns.indexOf('number')] ?? ''
    const units = unitsOf(cells, columns)
    if (!units && columns.some((c) => c === 'lead' || c === 'responsible') && unitCells(cells, columns).some(Boolean))
      read.problems.push({
        where: row.where,
        message: `第${numberCell || k + 1}行的责任单位未能识别：${unitCells(cells, columns).join(' ')}`,
      })
    const group = categories[1] ? headingTitle(numberMark(categories[1])?.rest ?? categories[1]) : spanningGroup
    const task: TaskDraft = {
      label: numberCell.replace(/[.．、]$/, ''),
      value: serialValue(numberCell),
      text,
      units,
      deadline: trimDeadline(cells[columns.indexOf('deadline')] ?? '') || deadlineInText(text),
      section: sections.length - 1,
      group,
      where: row.where,
    }
    read.tasks.push(task)
  }
  return read
}

/**
 * The text of a row that spans the table (one cell written, or the same text in every written cell):
 * a section or sub-heading row (「一、深入推进污染防治攻坚」), or a note (「备注：排在第一位的为牵头单位」).
 */
function spanningText(row: RowBlock): string | null {
  const written = row.cells.filter(Boolean)
  if (row.cells.length < 3 || written.length === 0 || new Set(written).size > 1) return null
  if (written.length === 1 && row.cells.findIndex(Boolean) !== 0) return null
  const text = written[0] as string
  return serialValue(text) === null ? text : null
}

/** A spanning row: a note is text outside the tasks; 一、 starts a section, （一） a sub-heading. Returns the sub-heading. */
function readSpanningRow(
  text: string,
  row: RowBlock,
  read: StructureRead,
  sections: SectionDraft[],
  group: string | undefined,
): string | undefined {
  const mark = numberMark(text)
  if (/^(?:注|备注|说明|附注)/.test(text) || (!mark && (text.length > 40 || /[。；]/.test(text)))) {
    read.loose.push({ text, where: row.where })
    return group
  }
  if (mark && mark.style !== 'part' && mark.style !== 'cn') return headingTitle(mark.rest)
  sections.push({ value: mark?.value ?? null, title: headingTitle(mark?.rest ?? text) })
  return undefined
}

/**
 * A header over two rows (「责任分工」 above 「牵头单位｜配合单位」): the lower row's names win where it
 * has them. The lower row is then skipped as a repeated header.
 */
function withSecondHeaderRow(header: RowBlock, below: RowBlock | undefined): RowBlock {
  if (!below) return header
  const written = below.cells.filter(Boolean)
  const names = written.filter(isColumnName)
  if (names.length === 0 || names.length * 2 < written.length || written.some((c) => serialValue(c) !== null)) return header
  const cells = header.cells.map((c, k) => below.cells[k] || c)
  below.cells = cells
  return { ...header, cells }
}

const UNIT_ROLES: Partial<Record<Column, Role>> = { lead: 'lead', partner: 'partner', responsible: 'responsible' }

function unitCells(cells: string[], columns: Column[]): string[] {
  return columns.flatMap((c, k) => (UNIT_ROLES[c] ? [cells[k] ?? ''] : []))
}

function unitsOf(cells: string[], columns: Column[]): ClauseUnits | null {
  const all: ClauseUnits = { lead: [], partners: [], responsible: [] }
  columns.forEach((c, k) => {
    const role = UNIT_ROLES[c]
    const parsed = role ? parseUnitCell(cells[k] ?? '', role) : null
    if (!parsed) return
    all.lead.push(...parsed.lead)
    all.partners.push(...parsed.partners)
    all.responsible.push(...parsed.responsible)
  })
  // 牵头单位 and 责任单位 columns side by side: the 责任单位 co-operate.
  if (all.lead.length && all.responsible.length) return { lead: all.lead, partners: [...all.responsible, ...all.partners], responsible: [] }
  return all.lead.length + all.partners.length + all.responsible.length ? all : null
}
