import type { ParagraphBlock, Where } from '../read/blocks.js'
import type { Person } from '../types.js'
import { DEADLINE_LINE_RE, looksLikeDeadline } from './deadlines.js'
import type { StructureRead } from './draft.js'
import { type NumberMark, type NumberStyle, numberMark, STYLE_DEPTH } from './numbering.js'
import type { Piece } from './outline-pieces.js'
import { type ClauseUnits, findUnitClauses, isClauseLine } from './unit-clauses.js'
import { PERSON_LINE_RE } from './unit-labels.js'

/**
 * The outline as a tree: numbered paragraphs nested by the depth of their numbering style, Word
 * headings by their level, unnumbered paragraphs placed by what they hold (see placePlain). The
 * outline reader (outline.ts) then decides which items are tasks.
 */

/** One item of the outline: a numbered paragraph, a heading, or a paragraph with units of its own. */
export interface OutlineNode {
  mark: NumberMark | null
  depth: number
  text: string
  /** Paragraphs appended to the item's first line, for telling a heading from its first task. */
  appended: number
  /** A heading by the container's own mark (a Word heading style), not by its numbering. */
  styledHeading?: true
  /** The item's first line, before any paragraph was appended: a group's title. */
  head?: string
  kind?: 'task' | 'group' | 'fold' | 'text'
  units: ClauseUnits | null
  /** How the units were written, for the reading report. */
  unitSource?: string
  deadline: string | null
  /**
   * Tasks of their own inside the item's text: sentences each closed by a clause of its own
   * (「…。（A负责）…。（B、C负责）」). Absent when the item is one task.
   */
  pieces?: Piece[]
  /** Persons labelled in the item (责任领导：…). */
  people?: Person[]
  where: Where
  children: OutlineNode[]
}

/** Nests numbered paragraphs by style depth; unnumbered ones continue the open item. */
export function buildTree(paragraphs: ParagraphBlock[], read: StructureRead): OutlineNode[] {
  const roots: OutlineNode[] = []
  const stack: OutlineNode[] = []
  const lastValue = new Map<NumberStyle, number>()
  let current: OutlineNode | null = null
  const pending: { text: string; where: Where }[] = []
  const place = (node: OutlineNode): OutlineNode => {
    while (stack.length && (stack.at(-1) as OutlineNode).depth >= node.depth) stack.pop()
    const parent = stack.at(-1)
    if (parent) parent.children.push(node)
    else roots.push(node)
    stack.push(node)
    return node
  }
  for (const [k, p] of paragraphs.entries()) {
    if (roots.length > 0 && ATTACHMENTS_RE.test(p.text)) {
      for (const rest of paragraphs.slice(k)) pending.push({ text: rest.text, where: rest.where })
      break
    }
    const found = numberMark(p.text)
    const expected = found ? (lastValue.get(found.style) ?? 0) + 1 : 0
    const mark = found && (!found.glued || found.value === expected) ? found : null
    if (mark || p.heading !== undefined) {
      if (mark) {
        if (mark.value > expected && expected > 1)
          read.problems.push({
            kind: 'numbering',
            where: p.where,
            message: `编号从 ${expected - 1} 跳到 ${mark.value}（缺少 ${expected}${mark.value - expected > 1 ? `–${mark.value - 1}` : ''}）`,
          })
        lastValue.set(mark.style, mark.value)
      }
      const depth = mark ? STYLE_DEPTH[mark.style] : (p.heading ?? 1)
      current = place({
        mark,
        depth,
        text: mark ? mark.rest : p.text,
        appended: 0,
        units: null,
        deadline: null,
        where: p.where,
        children: [],
        ...(!mark && p.heading !== undefined ? { styledHeading: true as const } : {}),
      })
      flushLoose(pending, read)
      continue
    }
    current = placePlain(p, current, pending, place, read)
  }
  flushLoose(pending, read)
  return roots
}

/** Depth of tasks and headings in a plan without numbering (deeper than every numbering style). */
const UNNUMBERED_DEPTH = 6

/** A Word heading, or 「一、就业」: a short numbered title that a paragraph with units follows. */
function isHeading(node: OutlineNode): boolean {
  if (node.styledHeading) return true
  return !!node.mark && (node.mark.style === 'cn' || node.mark.style === 'part') && node.appended === 0 && isHeadingLike(node.text)
}

/** 「附件：1.…」: the attachments listed after the tasks are no tasks. */
const ATTACHMENTS_RE = /^(?:附件|附表)\s*[:：\d一二三四五六七八九十]/

/** A short line without sentence punctuation: a heading in a plan that does not number them. */
export function isHeadingLike(text: string): boolean {
  return text.length <= 30 && !/[。，,；;：:！？!?]/.test(text) && !/^\d{4}年\d{1,2}月\d{1,2}日$/.test(text)
}

/**
 * Where an unnumbered paragraph goes. A unit, deadline or leader line joins the open item. A paragraph
 * with its own unit clause is a task of its own after another task, under a Word heading, or before
 * any item (a plan without numbering, such as a PDF that lost its styles; the short line before it is
 * its heading). In such a plan a short title-like line after a task is the next heading. Other text
 * continues an item that has no units yet, and else lies outside the tasks.
 */
function placePlain(
  p: ParagraphBlock,
  current: OutlineNode | null,
  pending: { text: string; where: Where }[],
  place: (node: OutlineNode) => OutlineNode,
  read: StructureRead,
): OutlineNode | null {
  const item = (text: string, where: Where, depth: number, heading = false): OutlineNode =>
    place({
      mark: null,
      depth,
      text,
      appended: 0,
      units: null,
      deadline: null,
      where,
      children: [],
      ...(heading ? { styledHeading: true as const } : {}),
    })
  if (current && (isClauseLine(p.text) || DEADLINE_LINE_RE.test(p.text) || PERSON_LINE_RE.test(p.text))) {
    current.text += `\n${p.text}`
    return current
  }
  // 「6月底前」「长期坚持」 alone after a task with units: its 时限 cell, as a table flattened one cell per line gives it.
  if (current && pending.length === 0 && isDeadlineLine(p.text) && hasUnitClause(current.text)) {
    current.deadline ??= p.text.trim().replace(/[。；;]$/, '')
    return current
  }
  // A paragraph stands as a task of its own only on a bracketed or labelled clause: a last sentence
  // 「各项任务由区文旅局牵头」 in a preamble names no task.
  const ownClause = findUnitClauses(p.text).some((c) => c.form !== 'sentence')
  const currentHasUnits = !!current && hasUnitClause(current.text)
  let next: OutlineNode | null = null
  if (ownClause && current && isHeading(current) && !currentHasUnits) next = item(p.text, p.where, current.depth + 0.5)
  else if (ownClause && current && currentHasUnits) next = item(p.text, p.where, splitHeading(current, place) ?? current.depth)
  else if (ownClause && !current) {
    const last = pending.at(-1)
    let depth = UNNUMBERED_DEPTH
    if (last && pending.length >= 2 && isHeadingLike(last.text)) {
      pending.pop()
      item(last.text, last.where, UNNUMBERED_DEPTH, true)
      depth += 0.5
    }
    flushLoose(pending, read)
    return item(p.text, p.where, depth)
  } else if (current && currentHasUnits && !current.mark && isHeadingLike(p.text)) {
    next = item(p.text, p.where, UNNUMBERED_DEPTH, true)
  }
  if (next) {
    flushLoose(pending, read)
    return next
  }
  if (current && !currentHasUnits) {
    current.text += current.text ? `\n${p.text}` : p.text
    current.appended++
  } else pending.push({ text: p.text, where: p.where })
  return current
}

/**
 * 「（一）加强制度建设」 followed by one paragraph with units, then another: the first paragraph is a
 * task under the heading, not the heading's text. Splits it off and returns the depth for tasks
 * under the heading; null when the item was no such heading.
 */
function splitHeading(item: OutlineNode, place: (node: OutlineNode) => OutlineNode): number | null {
  const [head, ...rest] = item.text.split('\n')
  // A heading may end with a full stop (「（六）推进河湖治理。」), never hold one inside.
  if (item.appended !== 1 || !head || head.length > 40 || /[。]./.test(head) || hasUnitClause(head)) return null
  item.text = head
  item.appended = 0
  place({
    mark: null,
    depth: item.depth + 0.5,
    text: rest.join('\n'),
    appended: 0,
    units: null,
    // A deadline line read after the paragraph belongs to it, not to the heading.
    deadline: item.deadline,
    where: item.where,
    children: [],
  })
  item.deadline = null
  return item.depth + 0.5
}

function isDeadlineLine(text: string): boolean {
  const t = text.trim().replace(/[。；;]$/, '')
  return t.length <= 20 && !/[，,。；;]/.test(t) && looksLikeDeadline(t)
}

export function flushLoose(pending: { text: string; where: Where }[], read: StructureRead): void {
  read.loose.push(...pending)
  pending.length = 0
}

export function hasUnitClause(text: string): boolean {
  return findUnitClauses(text).length > 0
}

export function* walk(nodes: OutlineNode[]): Generator<OutlineNode> {
  for (const node of nodes) {
    yield node
    yield* walk(node.children)
  }
}
