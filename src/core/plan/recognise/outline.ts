import type { ParagraphBlock, Where } from '../read/blocks.js'
import { deadlineInText } from './deadlines.js'
import { headingTitle, mergeUnits, type SectionDraft, type StructureRead, type TaskDraft } from './draft.js'
import { type NumberMark, type NumberStyle, numberMark, STYLE_DEPTH } from './numbering.js'
import { type ClauseUnits, findUnitClauses, UNIT_LINE_RE } from './unit-clauses.js'

/**
 * Reads a run of paragraphs as an outline: numbered items at any depth (一、 （一） 1. （1） ①, Word
 * headings), unit clauses in them or on lines of their own. Which items are tasks is read from the
 * document: an item with a unit clause is a task; an item that only holds tasks groups them; items
 * of the style that carries units elsewhere are tasks too (task 1 of a plan may lack units); deeper
 * items inside a task are part of its text.
 */

interface OutlineNode {
  mark: NumberMark | null
  depth: number
  text: string
  units: ClauseUnits | null
  deadline: string | null
  where: Where
  children: OutlineNode[]
  kind?: 'task' | 'group' | 'fold'
}

export function readOutline(paragraphs: ParagraphBlock[], sections: SectionDraft[]): StructureRead {
  const read: StructureRead = { tasks: [], loose: [], problems: [] }
  const roots = buildTree(paragraphs, read)
  for (const node of walk(roots)) takeUnits(node)
  const taskStyle = chooseTaskStyle(roots)
  for (const root of roots) classify(root, taskStyle, false)
  emit(roots, read, sections)
  return read
}

/** Nests numbered paragraphs by style depth; unnumbered ones continue the open item. */
function buildTree(paragraphs: ParagraphBlock[], read: StructureRead): OutlineNode[] {
  const roots: OutlineNode[] = []
  const stack: OutlineNode[] = []
  const lastValue = new Map<NumberStyle, number>()
  let current: OutlineNode | null = null
  const pending: { text: string; where: Where }[] = []
  for (const p of paragraphs) {
    const found = numberMark(p.text)
    const expected = found ? (lastValue.get(found.style) ?? 0) + 1 : 0
    const mark = found && (!found.glued || found.value === expected) ? found : null
    if (mark || p.heading !== undefined) {
      if (mark) {
        if (mark.value > expected && expected > 0)
          read.problems.push({
            where: p.where,
            message: `编号从 ${expected - 1} 跳到 ${mark.value}（缺少 ${expected}${mark.value - expected > 1 ? `–${mark.value - 1}` : ''}）`,
          })
        lastValue.set(mark.style, mark.value)
      }
      const depth = mark ? STYLE_DEPTH[mark.style] : (p.heading ?? 1)
      const node: OutlineNode = { mark, depth, text: mark ? mark.rest : p.text, units: null, deadline: null, where: p.where, children: [] }
      while (stack.length && (stack.at(-1) as OutlineNode).depth >= depth) stack.pop()
      const parent = stack.at(-1)
      if (parent) parent.children.push(node)
      else roots.push(node)
      stack.push(node)
      current = node
      flushLoose(pending, read)
      continue
    }
    if (current && UNIT_LINE_RE.test(p.text)) {
      current.text += `\n${p.text}`
      continue
    }
    if (current && !hasUnitClause(current.text)) current.text += current.text ? `\n${p.text}` : p.text
    else pending.push({ text: p.text, where: p.where })
  }
  flushLoose(pending, read)
  return roots
}

function flushLoose(pending: { text: string; where: Where }[], read: StructureRead): void {
  read.loose.push(...pending)
  pending.length = 0
}

function hasUnitClause(text: string): boolean {
  return findUnitClauses(text).length > 0
}

/** Moves every unit clause of an item's text into its units, and finds its deadline. */
function takeUnits(node: OutlineNode): void {
  const clauses = findUnitClauses(node.text)
  let text = node.text
  for (const clause of [...clauses].reverse()) {
    node.units = mergeUnits(clause.units, node.units)
    node.deadline ??= clause.deadline ?? null
    text = `${text.slice(0, clause.start)}${text.slice(clause.end)}`
  }
  node.text = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('')
    .replace(/[，,；;]\s*$/, '')
    .trim()
  node.deadline ??= deadlineInText(node.text)
}

/** The numbering style that carries unit clauses most often (the deeper on a tie); else the most used. */
function chooseTaskStyle(roots: OutlineNode[]): NumberStyle | null {
  const withUnits = new Map<NumberStyle, number>()
  const all = new Map<NumberStyle, number>()
  for (const node of walk(roots)) {
    if (!node.mark) continue
    all.set(node.mark.style, (all.get(node.mark.style) ?? 0) + 1)
    if (node.units) withUnits.set(node.mark.style, (withUnits.get(node.mark.style) ?? 0) + 1)
  }
  const best = (counts: Map<NumberStyle, number>) =>
    [...counts].sort((a, b) => b[1] - a[1] || STYLE_DEPTH[b[0]] - STYLE_DEPTH[a[0]])[0]?.[0] ?? null
  return best(withUnits) ?? best(all)
}

function classify(node: OutlineNode, taskStyle: NumberStyle | null, insideTask: boolean): void {
  const isTaskHere = node.units !== null
  for (const child of node.children) classify(child, taskStyle, insideTask || isTaskHere)
  const holdsTasks = node.children.some((c) => c.kind === 'task' || c.kind === 'group')
  if (node.units) node.kind = 'task'
  else if (holdsTasks) node.kind = 'group'
  else if (node.mark && node.mark.style === taskStyle) node.kind = insideTask ? 'fold' : 'task'
  else if (node.mark && taskStyle && node.depth > STYLE_DEPTH[taskStyle]) node.kind = insideTask ? 'fold' : 'task'
  else node.kind = 'group'
}

/** Emits sections, tasks (with folded sub-items as text) and sub-headings in document order. */
function emit(nodes: OutlineNode[], read: StructureRead, sections: SectionDraft[], group?: string, topLevel = true): void {
  for (const node of nodes) {
    if (node.kind === 'group') {
      const title = headingTitle(node.text)
      if (topLevel) {
        sections.push({ value: node.mark?.value ?? null, title })
        emit(node.children, read, sections, undefined, false)
      } else emit(node.children, read, sections, title, false)
      continue
    }
    if (node.kind !== 'task') continue
    const folded = node.children.filter((c) => c.kind === 'fold')
    const text = [node.text, ...folded.map(foldedText)].filter(Boolean).join('')
    const task: TaskDraft = {
      label: node.mark?.label ?? '',
      value: node.mark?.value ?? null,
      text,
      units: [node, ...folded].reduce<ClauseUnits | null>((u, n) => mergeUnits(u, n.units), null),
      deadline: node.deadline ?? folded.find((f) => f.deadline)?.deadline ?? null,
      section: sections.length - 1,
      group,
      where: node.where,
    }
    read.tasks.push(task)
    emit(
      node.children.filter((c) => c.kind !== 'fold'),
      read,
      sections,
      group,
      false,
    )
  }
}

function foldedText(node: OutlineNode): string {
  const mark = node.mark ? (node.mark.style === 'circled' ? '①②③④⑤⑥⑦⑧⑨⑩'[node.mark.value - 1] : `（${node.mark.label}）`) : ''
  return `${mark}${node.text}${node.children.map(foldedText).join('')}`
}

function* walk(nodes: OutlineNode[]): Generator<OutlineNode> {
  for (const node of nodes) {
    yield node
    yield* walk(node.children)
  }
}
