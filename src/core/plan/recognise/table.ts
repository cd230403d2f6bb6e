import type { RowBlock } from '../read/blocks.js'
import { deadlineInText } from './deadlines.js'
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
import { alignSeparatedRows } from './table-rows.js'
import { rowUnits } from './table-units.js'

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
  const width = Math.max(...body.map((r) => r.cells.length), header?.cells.length ?? 0)
  const names = header ? alignHeader(header.cells, width) : []
  // A merge that runs on from a repeated header row repeats the column's name: an empty cell, so the
  // value above goes on.
  const unaligned = body.map((r) => pad(r.cells, width).map((c, k) => (c && c === names[k] ? '' : c)))
  const separated = body.every((r) => r.separated)
  const raw = separated ? alignSeparatedRows(unaligned, width, () => assignColumns(names, unaligned)) : unaligned
  const columns = assignColumns(names, raw)
  const grid = fillDown(raw, columns)
  for (const [k, role] of columns.entries())
    if ((role === 'other' || role === 'start') && raw.some((r) => r[k]))
      read.problems.push({
        kind: 'ignored',
        where: header?.where ?? (body[0] as RowBlock).where,
        message: `表格列「${header?.cells[k] || `第${k + 1}列`}」未能识别，已忽略其中 ${raw.filter((r) => r[k]).length} 个单元格（如：${raw.find((r) => r[k])?.[k]?.slice(0, 20)}）`,
      })
  const taskCol = columns.indexOf('task')
  if (taskCol < 0) {
    read.problems.push({
      kind: 'ignored',
      where: (header ?? rows[0] ?? body[0])?.where ?? { file: '', line: 0 },
      message: '表格中找不到任务内容列，整个表格未读',
    })
    return read
  }
  const categoryCols = columns.flatMap((c, k) => (c === 'category' ? [k] : []))
  let lastCategory: string[] = []
  let spanningGroup: string | undefined
  let k = -1
  for (const [at, row] of all.entries()) {
    const spanning = spanningText(row)
    if (spanning !== null) {
      const beforeTasks = k < 0 && spanningText(all[at + 1] ?? row) !== null
      spanningGroup = readSpanningRow(spanning, row, read, sections, spanningGroup, beforeTasks)
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
    const found = rowUnits(cells, columns, names)
    const numbered = numberedTask(cells, columns, text)
    if (found.unread.length)
      read.problems.push({
        kind: 'unused-units',
        where: row.where,
        message: `第${numbered.label || k + 1}行的责任单位未能识别：${found.unread.join(' ')}`,
      })
    const group = categories[1] ? headingTitle(numberMark(categories[1])?.rest ?? categories[1]) : spanningGroup
    const deadlineCell = columns.flatMap((c, col) => (c === 'deadline' && cells[col] ? [cells[col]] : [])).join('；')
    const task: TaskDraft = {
      ...numbered,
      units: found.units,
      unitSource: found.source,
      people: found.units?.people ?? [],
      // A 时限/工作进度 cell is kept as written (「3月底前完成方案；10月底前建成」): its last date is the due day.
      deadline: deadlineCell.replace(/\s+/g, ' ').trim() || found.deadline || deadlineInText(numbered.text),
      section: sections.length - 1,
      group,
      where: row.where,
    }
    read.tasks.push(task)
  }
  return read
}

/**
 * The task's number: the 序号 cell, else a number that opens the task text (「4.推动…」 in a table
 * without a 序号 column), taken off the text.
 */
function numberedTask(cells: string[], columns: Column[], text: string): { label: string; value: number | null; text: string } {
  const numberCell = cells[columns.indexOf('number')] ?? ''
  if (numberCell || columns.includes('number')) return { label: numberCell.replace(/[.．、]$/, ''), value: serialValue(numberCell), text }
  const mark = numberMark(text)
  if (mark && (mark.style === 'num' || mark.style === 'num-paren') && !mark.glued && mark.rest)
    return { label: mark.label, value: mark.value, text: mark.rest }
  return { label: '', value: null, text }
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

/**
 * A spanning row: a note is text outside the tasks; 一、 starts a section, （一） a sub-heading.
 * Returns the sub-heading.
 */
function readSpanningRow(
  text: string,
  row: RowBlock,
  read: StructureRead,
  sections: SectionDraft[],
  group: string | undefined,
  beforeTasks: boolean,
): string | undefined {
  const mark = numberMark(text)
  // Before the first task, unnumbered lines followed by more such lines are the notice and title.
  if (/^(?:注|备注|说明|附注)/.test(text) || (!mark && (beforeTasks || text.length > 40 || /[。；]/.test(text)))) {
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
