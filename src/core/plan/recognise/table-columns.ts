import { looksLikeDeadline } from './deadlines.js'
import { serialValue } from './numbering.js'

/**
 * The columns of a task-breakdown table: header names mapped to roles (序号, 工作任务, 牵头单位, 配合
 * 单位, 责任单位, 牵头领导, 完成时限 …), checked and completed by each column's contents, and merged
 * cells filled down. Pure functions over the grid of cells.
 */

export type Column = 'number' | 'task' | 'lead' | 'partner' | 'responsible' | 'leader' | 'deadline' | 'category' | 'title' | 'other'

const HEADER_NAMES: [RegExp, Column][] = [
  [/^(?:序号|编号|序|项次|no\.?)$/i, 'number'],
  [/领导|责任人|联系人|分管/, 'leader'],
  [/牵头|主责|主办/, 'lead'],
  [/配合|协办|参加|参与|协同|协作/, 'partner'],
  [/责任|负责|承办|落实单位|实施单位|实施主体/, 'responsible'],
  [/时限|时间|期限|节点|进度安排/, 'deadline'],
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

/** Columns where an empty cell means nothing (no partners, no number, a category-only row). */
const NO_FILL: Column[] = ['number', 'partner', 'task', 'other']

/**
 * An empty cell takes the value above (a merged cell flattened to text), except in NO_FILL columns.
 * Readers of real tables already fill merges; this makes text tables read the same.
 */
export function fillDown(grid: string[][], columns: Column[]): string[][] {
  const out: string[][] = []
  for (const row of grid) {
    const above = out.at(-1)
    out.push(row.map((cell, col) => cell || (above && !NO_FILL.includes(columns[col] ?? 'other') ? (above[col] ?? '') : '')))
  }
  return out
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
    if (values.length && values.filter((v) => serialValue(v) !== null).length / values.length >= 0.7) roles[k] = 'number'
    else if (roles[k] === 'number') roles[k] = 'other'
    else if (roles[k] === 'other' && values.length && values.filter(looksLikeDeadline).length / values.length >= 0.7) roles[k] = 'deadline'
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
