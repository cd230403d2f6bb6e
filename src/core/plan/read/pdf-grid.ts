import { cellText, countBaselines, type PdfRow } from './pdf-cells.js'
import type { PositionedText } from './pdf-lines.js'
import type { PageRules, Rule } from './pdf-rules.js'

/**
 * Tables drawn with ruling lines: exact cell borders. Rules that cross each other form one grid;
 * a grid of at least two columns with text in it is a table. Its column edges are the vertical rules'
 * x positions and its row edges the horizontal rules' y positions; a cell whose border is missing
 * on one side is merged with its neighbour there (a vertical merge has no rule across its column, a
 * horizontal merge no rule between its columns). Each text item goes to the cell its middle lies in,
 * and from there to its merged cell's top-left grid cell: so a merged cell's text is in its first
 * row and column. As the Word and Excel readers do, the cells a vertical merge covers below it in
 * that column repeat its text (marked `covered`); the other cells it covers are ''.
 */

/** Rules this close (PDF units) meet; rule positions this close are one grid line. */
const TOUCH = 2

interface Grid {
  /** Column edges, left to right, and row edges, top to bottom (y descending). */
  xs: number[]
  ys: number[]
  horizontal: Rule[]
  vertical: Rule[]
}

/** The rows of every ruled table on a page, and the items that lie in no table. */
export function ruledTables(items: readonly PositionedText[], rules: PageRules): { rows: PdfRow[]; rest: PositionedText[] } {
  const rows: PdfRow[] = []
  let rest = [...items]
  for (const grid of grids(rules)) {
    const inside: PositionedText[][][] = grid.ys.slice(1).map(() => grid.xs.slice(1).map(() => []))
    const outside: PositionedText[] = []
    for (const item of rest) {
      const at = cellOf(grid, item)
      if (at) inside[at[0]]?.[at[1]]?.push(item)
      else outside.push(item)
    }
    if (inside.every((row) => row.every((cell) => cell.length === 0))) continue
    rest = outside
    const merged: PositionedText[][][] = inside.map((row) => row.map(() => []))
    inside.forEach((row, r) => {
      row.forEach((cell, c) => {
        const [rr, cc] = root(grid, r, c)
        merged[rr]?.[cc]?.push(...cell)
      })
    })
    const texts = merged.map((row) => row.map(cellText))
    texts.forEach((own, r) => {
      if (own.every((cell) => cell === '')) return
      const covered = own.map((_, c) => {
        const [rr, cc] = root(grid, r, c)
        return rr < r && cc === c && (texts[rr]?.[c] ?? '') !== ''
      })
      const cells = own.map((cell, c) => (covered[c] ? (texts[root(grid, r, c)[0]]?.[c] ?? '') : cell))
      const row: PdfRow = { cells, edges: grid.xs, top: grid.ys[r] ?? 0, lineCount: countBaselines(inside[r]?.flat() ?? []), ruled: true }
      rows.push(covered.some(Boolean) ? { ...row, covered } : row)
    })
  }
  return { rows, rest }
}

/** Rules joined into grids: connected sets of crossing rules with ≥ 2 rows and ≥ 2 columns of cells edges. */
function grids(rules: PageRules): Grid[] {
  const { horizontal, vertical } = rules
  const parent = [...horizontal, ...vertical].map((_, k) => k)
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k] as number] as number
    return k
  }
  horizontal.forEach((h, i) => {
    vertical.forEach((v, j) => {
      const meets = v.at >= h.from - TOUCH && v.at <= h.to + TOUCH && h.at >= v.from - TOUCH && h.at <= v.to + TOUCH
      if (meets) parent[find(i)] = find(horizontal.length + j)
    })
  })
  const groups = new Map<number, Grid>()
  for (const [i, h] of horizontal.entries()) group(groups, find(i)).horizontal.push(h)
  for (const [j, v] of vertical.entries()) group(groups, find(horizontal.length + j)).vertical.push(v)
  const out: Grid[] = []
  for (const grid of groups.values()) {
    grid.xs = positions(grid.vertical)
    grid.ys = positions(grid.horizontal).reverse()
    if (grid.xs.length >= 3 && grid.ys.length >= 2) out.push(grid)
  }
  return out
}

function group(groups: Map<number, Grid>, key: number): Grid {
  let grid = groups.get(key)
  if (!grid) {
    grid = { xs: [], ys: [], horizontal: [], vertical: [] }
    groups.set(key, grid)
  }
  return grid
}

/** The distinct positions of rules, ascending, those within TOUCH of each other taken as one. */
function positions(rules: readonly Rule[]): number[] {
  const out: number[] = []
  for (const at of rules.map((r) => r.at).sort((a, b) => a - b)) {
    if (out.length === 0 || at - (out.at(-1) as number) > TOUCH) out.push(at)
  }
  return out
}

/** [row, column] of the grid cell an item's middle lies in (its baseline raised by a third of its height). */
function cellOf(grid: Grid, item: PositionedText): [number, number] | undefined {
  const x = item.x + item.width / 2
  const y = item.y + item.size / 3
  const c = grid.xs.findIndex((edge, k) => k > 0 && x < edge) - 1
  const r = grid.ys.findIndex((edge, k) => k > 0 && y > edge) - 1
  if (c < 0 || r < 0 || x < (grid.xs[0] as number) || y > (grid.ys[0] as number)) return undefined
  return [r, c]
}

/** The top-left grid cell of the merged cell that grid cell [r, c] belongs to. */
function root(grid: Grid, r: number, c: number): [number, number] {
  for (let step = 0; step < 4; step++) {
    const [r0, c0] = [r, c]
    while (r > 0 && !crossed(grid.horizontal, grid.ys[r] as number, grid.xs[c] as number, grid.xs[c + 1] as number)) r--
    while (c > 0 && !crossed(grid.vertical, grid.xs[c] as number, grid.ys[r + 1] as number, grid.ys[r] as number)) c--
    if (r === r0 && c === c0) break
  }
  return [r, c]
}

/** Whether a rule at `at` runs across the middle of the span from a to b. */
function crossed(rules: readonly Rule[], at: number, a: number, b: number): boolean {
  const middle = (a + b) / 2
  return rules.some((rule) => Math.abs(rule.at - at) <= TOUCH && rule.from <= middle && rule.to >= middle)
}
