import type { ParagraphBlock, Where } from '../read/blocks.js'
import { DEADLINE_LINE_RE, deadlineInText, takeDeadlineLabel } from './deadlines.js'
import { headingTitle, mergeUnits, type SectionDraft, type StructureRead, type TaskDraft } from './draft.js'
import { type NumberMark, type NumberStyle, numberMark, STYLE_DEPTH } from './numbering.js'
import { type ClauseUnits, findUnitClauses, LEADER_LABEL_RE, LEADER_LINE_RE, UNIT_LINE_RE } from './unit-clauses.js'

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
  /** Paragraphs appended to the item's first line, for telling a heading from its first task. */
  appended: number
  /** A heading by the container's own mark (a Word heading style), not by its numbering. */
  styledHeading?: true
  /** The item's first line, before any paragraph was appended: a group's title. */
  head?: string
  kind?: 'task' | 'group' | 'fold' | 'text'
  units: ClauseUnits | null
  deadline: string | null
  where: Where
  children: OutlineNode[]
}

export function readOutline(paragraphs: ParagraphBlock[], sections: SectionDraft[]): StructureRead {
  const read: StructureRead = { tasks: [], loose: [], problems: [] }
  const roots = buildTree(splitInlinePoints(paragraphs), read)
  for (const node of walk(roots)) takeUnits(node)
  for (const node of walk(roots)) hoistTrailingUnits(node)
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

/** Inline points: 「一是…，由甲科牵头；二是…，由乙科负责。」 */
const INLINE_POINT_RE = /(?:^|[：:；;。，,\s])(?=[一二三四五六七八九十]{1,3}是)/g

/**
 * A paragraph holding several inline points, two or more with units of their own, becomes one
 * paragraph per point (numbered 一是, 二是 …) after its lead-in; other paragraphs pass unchanged.
 */
function splitInlinePoints(paragraphs: ParagraphBlock[]): ParagraphBlock[] {
  return paragraphs.flatMap((p) => {
    const starts = [...p.text.matchAll(INLINE_POINT_RE)].map((m) => (m.index ?? 0) + m[0].length)
    if (starts.length < 2) return [p]
    const points = starts.map((at, k) => p.text.slice(at, starts[k + 1] ?? p.text.length).trim())
    if (points.filter(hasUnitClause).length < 2) return [p]
    const leadIn = p.text.slice(0, starts[0]).trim()
    return [...(leadIn ? [{ ...p, text: leadIn }] : []), ...points.map((text) => ({ ...p, text }))]
  })
}

/** A short line without sentence punctuation: a heading in a plan that does not number them. */
function isHeadingLike(text: string): boolean {
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
  if (current && (UNIT_LINE_RE.test(p.text) || DEADLINE_LINE_RE.test(p.text) || LEADER_LINE_RE.test(p.text))) {
    current.text += `\n${p.text}`
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
  if (item.appended !== 1 || !head || head.length > 40 || /[。]/.test(head) || hasUnitClause(head)) return null
  item.text = head
  item.appended = 0
  place({
    mark: null,
    depth: item.depth + 0.5,
    text: rest.join('\n'),
    appended: 0,
    units: null,
    deadline: null,
    where: item.where,
    children: [],
  })
  return item.depth + 0.5
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
  node.head = node.text.split('\n')[0]
  const clauses = findUnitClauses(node.text)
  let text = node.text
  for (const clause of [...clauses].reverse()) {
    node.units = mergeUnits(clause.units, node.units)
    node.deadline ??= clause.deadline ?? null
    text = `${text.slice(0, clause.start)}${text.slice(clause.end)}`
  }
  text = text.replace(LEADER_LABEL_RE, '')
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

/** Sections that say how the plan is carried out, not what is to be done: items there without units are text. */
const SAFEGUARDS_RE = /保障措施|保障机制|工作要求|组织保障|实施保障|工作保障|有关要求/

function classify(node: OutlineNode, taskStyle: NumberStyle | null, insideTask: boolean, safeguards = false): void {
  const isTaskHere = node.units !== null
  const underSafeguards = safeguards || (!node.units && SAFEGUARDS_RE.test(node.head ?? node.text))
  for (const child of node.children) classify(child, taskStyle, insideTask || isTaskHere, underSafeguards)
  const holdsTasks = node.children.some((c) => c.kind === 'task' || c.kind === 'group')
  if (node.units) node.kind = 'task'
  else if (holdsTasks) node.kind = 'group'
  else if (node.mark && node.mark.style === taskStyle) node.kind = insideTask ? 'fold' : 'task'
  else if (node.mark && taskStyle && node.depth > STYLE_DEPTH[taskStyle]) node.kind = insideTask ? 'fold' : 'task'
  else node.kind = 'group'
  if (node.kind === 'task' && !node.units && (safeguards || CLOSING_RE.test(node.text))) node.kind = 'text'
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
      read.loose.push({ text: node.text, where: node.where })
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

function holdsTask(node: OutlineNode): boolean {
  return node.kind === 'task' || node.children.some(holdsTask)
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
