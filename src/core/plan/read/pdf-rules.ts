/**
 * The ruling lines drawn on a PDF page (table borders), read from pdf.js's operator list: every
 * painted path's straight horizontal and vertical pieces, and thin filled rectangles (Word's PDF
 * export draws borders as filled bars, LibreOffice strokes lines). Curves, diagonals, clip paths and
 * large filled areas (cell shading, the page background) are not rules. Coordinates are page space
 * (the current transform applied), y growing upwards, like the text items' positions.
 */

/** A horizontal rule at `at` (y) from `from` to `to` (x), or a vertical one at x from y to y. */
export interface Rule {
  at: number
  from: number
  to: number
}

export interface PageRules {
  horizontal: Rule[]
  vertical: Rule[]
}

/** The operator list as pdf.js gives it, and its OPS table (passed in: this module does not load pdf.js). */
export interface OperatorList {
  fnArray: ArrayLike<number>
  argsArray: unknown[]
}
export type OpCodes = Record<string, number>

type Matrix = [number, number, number, number, number, number]
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0]
/** A filled rectangle this thin (PDF units, ~1 mm) is a border bar. */
const BAR = 3
/** Pieces within this distance are collinear, and joined when they touch or overlap. */
const SNAP = 1.5
const MIN_LENGTH = 3

// pdf.js ≥ 5 path data: DrawOPS moveTo 0, lineTo 1, curveTo 2, quadraticCurveTo 3, closePath 4.
const ARITY: Record<number, number> = { 0: 2, 1: 2, 2: 6, 3: 4, 4: 0 }

export function readRules(ops: OperatorList, OPS: OpCodes): PageRules {
  const strokes = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke])
  const fills = new Set([OPS.fill, OPS.eoFill])
  const horizontal: Rule[] = []
  const vertical: Rule[] = []
  const stack: Matrix[] = []
  let ctm: Matrix = IDENTITY
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i]
    const args = ops.argsArray[i] as unknown[] | null
    if (fn === OPS.save) stack.push(ctm)
    else if (fn === OPS.restore) ctm = stack.pop() ?? IDENTITY
    else if (fn === OPS.transform && args) ctm = multiply(args as Matrix, ctm)
    else if (fn === OPS.paintFormXObjectBegin && args) {
      stack.push(ctm)
      if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0])) ctm = multiply(Array.from(args[0] as ArrayLike<number>) as Matrix, ctm)
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? IDENTITY
    else if (fn === OPS.constructPath && args) {
      const paint = args[0] as number
      if (!strokes.has(paint) && !fills.has(paint)) continue
      for (const subpath of subpaths(args[1], ctm)) {
        if (strokes.has(paint)) addPieces(subpath, horizontal, vertical)
        else addBar(subpath, horizontal, vertical)
      }
    }
  }
  return { horizontal: joined(horizontal), vertical: joined(vertical) }
}

type Point = [number, number]

/** The path's subpaths as point lists in page space; a closed subpath repeats its first point. */
function subpaths(data: unknown, ctm: Matrix): Point[][] {
  const out: Point[][] = []
  const arrays = Array.isArray(data) ? data : [data]
  for (const array of arrays) {
    if (!array || typeof (array as ArrayLike<number>).length !== 'number') continue
    const d = array as ArrayLike<number>
    let current: Point[] = []
    for (let k = 0; k < d.length; ) {
      const op = d[k] as number
      const arity = ARITY[op]
      if (arity === undefined) break
      if (op === 0) {
        if (current.length > 1) out.push(current)
        current = [apply(ctm, d[k + 1] as number, d[k + 2] as number)]
      } else if (op === 4) {
        const first = current[0]
        if (first) current.push(first)
      } else {
        // a curve is no rule: a NaN point before its end breaks the piece (NaN compares false)
        if (op !== 1) current.push([Number.NaN, Number.NaN])
        current.push(apply(ctm, d[k + arity - 1] as number, d[k + arity] as number))
      }
      k += arity + 1
    }
    if (current.length > 1) out.push(current)
  }
  return out
}

function addPieces(points: Point[], horizontal: Rule[], vertical: Rule[]): void {
  for (let k = 1; k < points.length; k++) {
    const [x1, y1] = points[k - 1] as Point
    const [x2, y2] = points[k] as Point
    if (Math.abs(y1 - y2) < 0.5 && Math.abs(x1 - x2) >= MIN_LENGTH) horizontal.push(rule(y1, x1, x2))
    else if (Math.abs(x1 - x2) < 0.5 && Math.abs(y1 - y2) >= MIN_LENGTH) vertical.push(rule(x1, y1, y2))
  }
}

/** A filled subpath whose box is a thin bar: a rule along its long side, through its middle. */
function addBar(points: Point[], horizontal: Rule[], vertical: Rule[]): void {
  const xs = points.map((p) => p[0]).filter(Number.isFinite)
  const ys = points.map((p) => p[1]).filter(Number.isFinite)
  if (xs.length < 3) return
  const [left, right, bottom, top] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  if (top - bottom <= BAR && right - left >= MIN_LENGTH) horizontal.push(rule((top + bottom) / 2, left, right))
  else if (right - left <= BAR && top - bottom >= MIN_LENGTH) vertical.push(rule((left + right) / 2, bottom, top))
}

const rule = (at: number, a: number, b: number): Rule => ({ at, from: Math.min(a, b), to: Math.max(a, b) })

/** Collinear pieces that touch or overlap as one rule (a border is often drawn cell by cell). */
function joined(rules: Rule[]): Rule[] {
  const sorted = [...rules].sort((a, b) => a.at - b.at || a.from - b.from)
  const out: Rule[] = []
  for (const r of sorted) {
    const last = out.findLast((o) => Math.abs(o.at - r.at) <= SNAP && r.from <= o.to + SNAP)
    if (last) last.to = Math.max(last.to, r.to)
    else out.push({ ...r })
  }
  return out
}

function apply(m: Matrix, x: number, y: number): Point {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]]
}

/** m applied first, then n (PDF's `cm` pre-multiplies the current matrix). */
function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ]
}
