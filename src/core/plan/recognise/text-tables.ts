import type { Block, RowBlock } from '../read/blocks.js'
import { numberMark, serialValue } from './numbering.js'
import { isColumnName, isNumberColumn } from './table-columns.js'

/**
 * Text lines that are table rows (cells separated by tabs, or by ` | ` as in Markdown) become row
 * blocks: a plain-text file pasted from Excel or Word reads like the table it came from. A numbered
 * heading line among such rows, or right before them (「一、…」「（一）…」, a full-width row of the
 * Word table that lost its tabs), is a row spanning the table.
 */
export function textRowsAsTables(input: Block[]): Block[] {
  let table = 1000
  let inTable = false
  const blocks = cellPerLineTables(input)
  const cells = blocks.map((b) => (b.kind === 'paragraph' ? rowCells(b.text) : null))
  const rowsFollow = (k: number): boolean => {
    let j = k + 1
    while (j < blocks.length && isHeadingLine(blocks[j])) j++
    return cells[j] !== null && cells[j] !== undefined
  }
  const out = blocks.map((b, k): Block => {
    if (b.kind === 'row') {
      inTable = false
      return b
    }
    const row = cells[k] ?? (isHeadingLine(b) && rowsFollow(k) ? [b.text.trim()] : null)
    if (row) {
      if (!inTable) table++
      inTable = true
      return { kind: 'row', cells: row, table, separated: true, where: b.where }
    }
    inTable = false
    return b
  })
  return widenHeadingRows(out)
}

/** 「一、做好公开」「（二）加强解读」: a short numbered heading, not a task sentence. */
function isHeadingLine(block: Block | undefined): boolean {
  if (block?.kind !== 'paragraph') return false
  const mark = numberMark(block.text)
  return !!mark && ['part', 'cn', 'cn-paren'].includes(mark.style) && block.text.length <= 40 && !/[。；;]./.test(block.text)
}

/** Heading rows of one cell made as wide as their table, so they read as rows spanning it. */
function widenHeadingRows(blocks: Block[]): Block[] {
  const widths = new Map<number, number>()
  for (const b of blocks) if (b.kind === 'row' && b.separated) widths.set(b.table, Math.max(widths.get(b.table) ?? 0, b.cells.length))
  return blocks.map((b) => {
    if (b.kind !== 'row' || !b.separated || b.cells.length !== 1) return b
    const width = Math.max(3, widths.get(b.table) ?? 3)
    return { ...b, cells: [...b.cells, ...Array<string>(width - 1).fill('')] } satisfies RowBlock
  })
}

/**
 * A table flattened one cell per line: a run of short column names (序号 / 重点任务 / 牵头单位 / 完成时限),
 * then rows, each starting with its 序号. Becomes row blocks; a row ends where the next 序号 starts.
 */
function cellPerLineTables(blocks: Block[]): Block[] {
  const out: Block[] = []
  let k = 0
  let table = 2000
  while (k < blocks.length) {
    const header = headerRun(blocks, k)
    if (header < 3 || !isNumberColumn(text(blocks[k]))) {
      out.push(blocks[k] as Block)
      k++
      continue
    }
    table++
    const names = blocks.slice(k, k + header).map(text)
    out.push({ kind: 'row', cells: names, table, separated: true, where: (blocks[k] as Block).where })
    k += header
    let expected = serialValue(text(blocks[k]))
    while (expected !== null && k < blocks.length) {
      const start = blocks[k] as Block
      const cells = [text(start)]
      k++
      while (k < blocks.length && cells.length < names.length && serialValue(text(blocks[k])) !== expected + 1)
        cells.push(text(blocks[k++]))
      out.push({ kind: 'row', cells, table, separated: true, where: start.where })
      expected = serialValue(text(blocks[k])) === expected + 1 ? expected + 1 : null
    }
  }
  return out
}

function text(block: Block | undefined): string {
  return block?.kind === 'paragraph' ? block.text.trim() : ''
}

/** How many paragraphs from `at` on are column names, one a line. */
function headerRun(blocks: Block[], at: number): number {
  let n = 0
  while (
    at + n < blocks.length &&
    blocks[at + n]?.kind === 'paragraph' &&
    text(blocks[at + n]).length <= 10 &&
    isColumnName(text(blocks[at + n]))
  )
    n++
  return n
}

function rowCells(text: string): string[] | null {
  if (text.includes('\t')) {
    const cells = text.split('\t').map((c) => c.trim())
    return cells.filter(Boolean).length >= 2 ? cells : null
  }
  if (/\s\|\s/.test(text) || /^\|.*\|$/.test(text.trim())) {
    const cells = text
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim())
    if (cells.every((c) => /^:?-{2,}:?$/.test(c) || c === '')) return null
    return cells.filter(Boolean).length >= 2 ? cells : null
  }
  return null
}
