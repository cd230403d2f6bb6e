import { looksLikeDeadline } from './deadlines.js'
import { serialValue } from './numbering.js'
import { parseUnitCell } from './unit-clauses.js'
import { ANY_LABEL_AT_START_RE } from './unit-labels.js'
import { allEndLikeUnits } from './unit-lists.js'

/**
 * The columns of a task-breakdown table: header names mapped to roles (序号, 工作任务, 牵头单位, 配合
 * 单位, 责任单位, 牵头领导, 完成时限 …), checked and completed by each column's contents, and merged
 * cells filled down. Pure functions over the grid of cells.
 */

/**
 * What a column holds. 'office': the issuing bureau's own offices (责任处室), beside 牵头/配合 columns;
 * 'leader': persons (牵头领导, 责任人); 'clauses': cells that label their own contents (「牵头单位：X
 * 参加单位：A、B」「责任处室：Y」), whatever the header says.
 */
export type Column =
  | 'number'
  | 'task'
  | 'lead'
  | 'partner'
  | 'responsible'
  | 'office'
  | 'leader'
  | 'clauses'
  | 'deadline'
  | 'category'
  | 'title'
  /** When work starts (开始时间): no deadline, not read. */
  | 'start'
  | 'other'

const HEADER_NAMES: [RegExp, Column][] = [
  [/^(?:序号|编号|序|项次|no\.?)$/i, 'number'],
  [/领导|责任人|联系人|分管|经办人/, 'leader'],
  [/牵头|主责|主办/, 'lead'],
  [/配合|协办|参加|参与|协同|协作|协助/, 'partner'],
  [/^(?:责任|承办|负责|对口|落实)?(?:处室|科室|股室)$/, 'office'],
  [/责任|负责|承办|落实单位|实施单位|实施主体/, 'responsible'],
  // When work starts is no deadline (开始时间 beside 完成时间).
  [/^(?:开始|启动|起始|开工)(?:时间|日期)$/, 'start'],
  [/时限|时间|期限|节点|进度/, 'deadline'],
  [/任务|措施|内容|要求|事项|目标|工作|举措/, 'task'],
  [/类别|领域|项目|分类|板块|方面|一级|二级|三级/, 'category'],
]

/**
 * A header row in the middle of a table's rows: three column names or more, one of them 序号 or a
 * unit column (…单位, …部门), and no 序号 value (a task row's text can look like one column name).
 */
export function isNewHeader(cells: string[]): boolean {
  const names = cells.filter(isColumnName)
  return (
    names.length >= 3 &&
    names.some((n) => isNumberColumn(n) || /(?:单位|部门|科室|处室)$/.test(n)) &&
    !cells.some((c) => serialValue(c) !== null)
  )
}

export function headerScore(cells: string[]): number {
  return cells.filter(isColumnName).length
}

/** A table header cell: a short column name (序号, 牵头单位, 完成时限 …). */
export function isColumnName(cell: string): boolean {
  const name = cell.replace(/\s/g, '')
  // Column names are short phrases without sentence punctuation (《…》 titles allowed).
  if (name.length === 0 || name.length > 40 || /[。，,、；;：:“”"！？]/.test(name)) return false
  return HEADER_NAMES.some(([re, col]) => re.test(name) && col !== 'category')
}

/** Whether a header cell names the 序号 column. */
export function isNumberColumn(cell: string): boolean {
  return HEADER_NAMES[0]?.[0].test(cell.replace(/\s/g, '')) ?? false
}

/** The header again (after a page break): most of its names in the same columns. */
export function isRepeatedHeader(cells: string[], header: string[]): boolean {
  const same = cells.filter((c, k) => c && c === header[k]).length
  return same >= 2 && same >= 0.6 * header.filter(Boolean).length
}

/** A header shorter than the rows (a 序号 column with no header cell) is aligned to the right. */
export function alignHeader(header: string[], width: number): string[] {
  return header.length >= width ? header.slice(0, width) : [...Array(width - header.length).fill(''), ...header]
}

export function pad(cells: string[], width: number): string[] {
  return [...cells, ...Array(Math.max(0, width - cells.length)).fill('')].map((c) => c.trim())
}

/**
 * Columns whose empty cell takes the value above: the headings a merged cell spans (一级/二级 任务).
 * Readers of real tables (.docx, .xlsx) fill merges themselves, so elsewhere an empty cell is empty:
 * a row never inherits units, a deadline or a person from the row above.
 */
const FILL: Column[] = ['category', 'title']

export function fillDown(grid: string[][], columns: Column[]): string[][] {
  const out: string[][] = []
  for (const row of grid) {
    const above = out.at(-1)
    out.push(row.map((cell, col) => cell || (above && FILL.includes(columns[col] ?? 'other') ? (above[col] ?? '') : '')))
  }
  return out
}

/** A cell that holds only units as the clause grammar reads them, every name ending like a unit's. */
function isUnitCell(cell: string): boolean {
  const units = cell.length <= 80 ? parseUnitCell(cell) : null
  return !!units && allEndLikeUnits(units)
}

/** A cell that labels its own contents: 「牵头单位：X 参加单位：A」「责任处室：Y」「完成时限：6月底」. */
export function isLabelledCell(cell: string): boolean {
  return ANY_LABEL_AT_START_RE.test(cell)
}

/** Roles from the header, checked and completed by the columns' contents. */
export function assignColumns(header: string[], grid: string[][]): Column[] {
  const width = grid[0]?.length ?? 0
  const column = (k: number) => grid.map((r) => r[k] ?? '').filter(Boolean)
  const roles: Column[] = Array.from({ length: width }, (_, k) => {
    const name = (header[k] ?? '').replace(/\s/g, '')
    return (name && HEADER_NAMES.find(([re]) => re.test(name))?.[1]) || 'other'
  })
  for (let k = 0; k < width; k++) {
    const values = column(k)
    if (values.length && values.filter(isLabelledCell).length / values.length >= 0.6) roles[k] = 'clauses'
    else if (values.length && values.filter((v) => serialValue(v) !== null).length / values.length >= 0.7) roles[k] = 'number'
    else if (roles[k] === 'number') roles[k] = 'other'
    else if (roles[k] === 'other' && values.length && values.filter(looksLikeDeadline).length / values.length >= 0.7) roles[k] = 'deadline'
    // A column without a name whose cells read as units (a table pasted without its header row).
    else if (roles[k] === 'other' && values.length && values.filter(isUnitCell).length / values.length >= 0.7) roles[k] = 'responsible'
  }
  // The task column: the text column with the most distinct, longest contents; text columns left of it
  // are categories when their values repeat (merged cells), titles when each row has its own.
  const textCols = roles.flatMap((r, k) => (r === 'task' || r === 'category' || r === 'other' ? [k] : []))
  const score = (k: number) => {
    const values = column(k)
    const mean = values.reduce((n, v) => n + v.length, 0) / Math.max(1, values.length)
    return new Set(values).size * mean
  }
  const taskCol = [...textCols].sort((a, b) => score(b) - score(a))[0]
  if (taskCol === undefined) return roles
  for (const k of textCols) {
    if (k === taskCol) roles[k] = 'task'
    else if (k < taskCol) roles[k] = new Set(column(k)).size < 0.7 * grid.length ? 'category' : 'title'
    else if (roles[k] === 'task' || roles[k] === 'category') roles[k] = 'other'
  }
  return roles
}
