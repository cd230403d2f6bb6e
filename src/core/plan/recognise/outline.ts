import type { ParagraphBlock } from '../read/blocks.js'
import { clauseSource, takePeople } from './clause-text.js'
import { deadlineInText, takeDeadlineLabel } from './deadlines.js'
import { headingTitle, mergeUnits, type SectionDraft, type StructureRead, type TaskDraft } from './draft.js'
import { type NumberStyle, STYLE_DEPTH } from './numbering.js'
import { joinClauseLines, splitInlinePoints } from './outline-paragraphs.js'
import { piecesOf } from './outline-pieces.js'
import { buildTree, type OutlineNode, walk } from './outline-tree.js'
import { type ClauseUnits, findUnitClauses } from './unit-clauses.js'

/**
 * Reads a run of paragraphs as an outline: numbered items at any depth (一、 （一） 1. （1） ①, Word
 * headings), unit clauses in them or on lines of their own. Which items are tasks is read from the
 * document: an item with a unit clause is a task; an item that only holds tasks groups them; items
 * of the style that carries units elsewhere are tasks too (task 1 of a plan may lack units); deeper
 * items inside a task are part of its text.
 */

export function readOutline(paragraphs: ParagraphBlock[], sections: SectionDraft[]): StructureRead {
  const read: StructureRead = { tasks: [], loose: [], problems: [] }
  const roots = buildTree(joinClauseLines(splitInlinePoints(paragraphs)), read)
  for (const node of walk(roots)) takeUnits(node)
  for (const node of walk(roots)) hoistTrailingUnits(node)
  const taskStyle = chooseTaskStyle(roots)
  for (const root of roots) classify(root, taskStyle, false)
  emit(roots, read, sections)
  return read
}

/** Moves every unit clause of an item's text into its units, and finds its deadline. */
function takeUnits(node: OutlineNode): void {
  node.head = node.text.split('\n')[0]
  const clauses = findUnitClauses(node.text)
  const pieces = piecesOf(node.text, clauses)
  if (pieces) node.pieces = pieces
  let text = node.text
  for (const clause of [...clauses].reverse()) {
    node.units = mergeUnits(clause.units, node.units)
    node.deadline ??= clause.deadline ?? null
    text = `${text.slice(0, clause.start)}${text.slice(clause.end)}`
  }
  if (clauses.length) node.unitSource = clauses.map((c) => clauseSource(node.text, c)).join('；')
  const persons = takePeople(text)
  text = persons.text
  if (persons.people.length) node.people = persons.people
  const labelled = takeDeadlineLabel(text)
  if (labelled) {
    node.deadline ??= labelled.deadline
    text = labelled.text
  }
  const joined = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('')
  // 「…工作，（责任单位：甲局）」: the comma before a removed clause goes with it.
  node.text = (clauses.length || labelled ? joined.replace(/[，,；;]\s*$/, '') : joined).trim()
  node.deadline ??= deadlineInText(node.text)
}

/**
 * 「1.制定制度，包括：」「（1）…；」「（2）…。（责任单位：甲局）」: units after the last point of an
 * enumeration belong to the item that lists the points, not to that point alone.
 */
function hoistTrailingUnits(node: OutlineNode): void {
  const kids = node.children
  const last = kids.at(-1)
  if (node.units || !node.mark || kids.length < 2 || !last?.units) return
  if (!kids.every((k) => k.children.length === 0 && k.mark && k.mark.style === last.mark?.style && k.mark.style !== node.mark?.style))
    return
  if (kids.slice(0, -1).some((k) => k.units)) return
  // Only an enumeration: the item introduces it (「包括：」) or its points end with 「；」.
  if (!/[：:]$/.test(node.text) && !kids.slice(0, -1).every((k) => /[；;]$/.test(k.text))) return
  node.units = last.units
  node.deadline ??= last.deadline
  last.units = null
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

/** 「本措施由县发展和改革局负责解释，自印发之日起施行」: an item that closes the document. */
const CLOSING_RE = /^本(?:措施|方案|要点|计划|意见|办法|通知|清单|细则)[^。]*(?:解释|施行|执行)|自(?:印发|发布)之日起/

/** An item that states the plan's goals, not a task: 「（三）发展目标。到2025年…」 (its sub-items may be tasks). */
const GOAL_RE = /^(?:发展目标|总体目标|主要目标|工作目标|目标任务)(?:[。：:，,\s]|$)/

/**
 * Items that say why and how the plan is carried out, not what is to be done: 指导思想, 基本原则,
 * 总体要求 (「（二）基本原则」 and its points), 保障措施, 工作要求. They and the items under them are text
 * unless they carry units.
 */
const PRINCIPLES_RE =
  /^(?:指导思想|基本原则|工作原则|总体要求|基本要求)(?:[。：:，,\s]|$)|保障措施|保障机制|工作要求|组织保障|实施保障|工作保障|有关要求/

function classify(node: OutlineNode, taskStyle: NumberStyle | null, insideTask: boolean, safeguards = false): void {
  const isTaskHere = node.units !== null
  const underSafeguards = safeguards || (!node.units && PRINCIPLES_RE.test(node.head ?? node.text))
  for (const child of node.children) classify(child, taskStyle, insideTask || isTaskHere, underSafeguards)
  const holdsTasks = node.children.some((c) => c.kind === 'task' || c.kind === 'group')
  if (node.units) node.kind = 'task'
  else if (holdsTasks) node.kind = 'group'
  else if (node.mark && node.mark.style === taskStyle) node.kind = insideTask ? 'fold' : 'task'
  else if (node.mark && taskStyle && node.depth > STYLE_DEPTH[taskStyle]) node.kind = insideTask ? 'fold' : 'task'
  else node.kind = 'group'
  const head = node.head ?? node.text
  if (node.kind === 'task' && !node.units && (underSafeguards || CLOSING_RE.test(node.text) || GOAL_RE.test(head))) node.kind = 'text'
  // 「（一）指导思想。坚持…」「（二）发展目标。到2025年…」 under 「一、总体要求」: a numbered paragraph with
  // nothing under it that is no task is the document's text (the preamble's goals), not an empty heading.
  if (node.kind === 'group' && node.children.length === 0 && !isTaskHere && (underSafeguards || GOAL_RE.test(head))) node.kind = 'text'
}

/** Emits sections, tasks (with folded sub-items as text) and sub-headings in document order. */
function emit(nodes: OutlineNode[], read: StructureRead, sections: SectionDraft[], group?: string, topLevel = true): void {
  const lastWithTask = topLevel ? nodes.findLastIndex(holdsTask) : nodes.length
  for (const [k, node] of nodes.entries()) {
    if (k > lastWithTask) {
      // Headings after the last task (a signature, 「附件」) are closing text, not empty sections.
      for (const n of walk([node])) for (const text of n.text.split('\n')) if (text) read.loose.push({ text, where: n.where })
      continue
    }
    if (node.kind === 'text') {
      // The item and its points (「（二）基本原则」 and its 1. 2.) are text outside the tasks.
      for (const n of walk([node])) if (n.text) read.loose.push({ text: n.text, where: n.where })
      continue
    }
    if (node.kind === 'group') {
      const title = headingTitle(node.head ?? node.text)
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
      unitSource: [node, ...folded].flatMap((n) => (n.unitSource ? [n.unitSource] : [])).join('；') || undefined,
      people: [node, ...folded].flatMap((n) => n.people ?? []),
      deadline: node.deadline ?? folded.find((f) => f.deadline)?.deadline ?? null,
      section: sections.length - 1,
      group,
      where: node.where,
    }
    if (node.pieces) read.tasks.push(...splitTask(task, node, folded.map(foldedText).join('')))
    else read.tasks.push(task)
    emit(
      node.children.filter((c) => c.kind !== 'fold'),
      read,
      sections,
      group,
      false,
    )
  }
}

/** An item holding several tasks: one draft per piece, the item's heading as their group, 十-1, 十-2 … */
function splitTask(whole: TaskDraft, node: OutlineNode, foldedText: string): TaskDraft[] {
  const pieces = node.pieces ?? []
  return pieces.map((piece, k) => ({
    ...whole,
    label: `${whole.label || whole.where.line}-${k + 1}`,
    value: null,
    text: k === pieces.length - 1 ? `${piece.text}${foldedText}` : piece.text,
    units: piece.units,
    unitSource: piece.source,
    deadline: piece.deadline,
    group: headingTitle(node.head ?? node.text),
  }))
}

function holdsTask(node: OutlineNode): boolean {
  return node.kind === 'task' || node.children.some(holdsTask)
}

function foldedText(node: OutlineNode): string {
  const mark = node.mark ? (node.mark.style === 'circled' ? '①②③④⑤⑥⑦⑧⑨⑩'[node.mark.value - 1] : `（${node.mark.label}）`) : ''
  return `${mark}${node.text}${node.children.map(foldedText).join('')}`
}
