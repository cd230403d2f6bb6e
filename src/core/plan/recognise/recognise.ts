import type { Block, ParagraphBlock, RowBlock, Where } from '../read/blocks.js'
import { extractEvents, extractTargets } from '../targets.js'
import type { ParseProblem, Plan, Section, Task } from '../types.js'
import type { ProblemDraft, SectionDraft, TaskDraft } from './draft.js'
import { readOutline } from './outline.js'
import { findSharedUnits } from './shared-units.js'
import { readTable } from './table.js'
import { textRowsAsTables } from './text-tables.js'
import { planTitle } from './title.js'
import { assignRoles } from './unit-clauses.js'

/**
 * The one recogniser: blocks from any reader → Plan. Runs of paragraphs are read as an outline, tables
 * (real ones, or text rows separated by tabs or ` | `) as task-breakdown tables; both give task drafts.
 * Then the document-level facts apply: the lead rule stated once (「排第一的为牵头单位」), numbering,
 * targets, dated events, what text lies before, between and after the tasks. Pure; never throws:
 * anything it cannot place is a problem with file and line.
 */

/** 「排第一的为牵头单位」「列第一位者为牵头单位，下同」「第一个单位为牵头单位」 */
const LEAD_RULE_RE =
  /(?:排|列|位列|排在|列在|排名|名列)?(?:第一|首位|首个|第一个)(?:位|个)?(?:的|者)?(?:责任)?(?:单位|部门|科室|处室)?(?:的|者)?(?:为|是|作为)(?:主要|主)?牵头/

export function recognise(file: string, input: Block[]): Plan {
  const blocks = textRowsAsTables(input)
  const order = new Map<Where, number>(blocks.map((b, k) => [b.where, k]))
  const sections: SectionDraft[] = []
  const drafts: TaskDraft[] = []
  const loose: { text: string; where: Where }[] = []
  const problems: ProblemDraft[] = []
  for (const run of runs(blocks)) {
    const read = run[0]?.kind === 'row' ? readTable(run as RowBlock[], sections) : readOutline(run as ParagraphBlock[], sections)
    drafts.push(...read.tasks)
    loose.push(...read.loose)
    problems.push(...read.problems)
  }
  const at = (w: Where) => order.get(w) ?? 0
  const first = drafts.length ? at((drafts[0] as TaskDraft).where) : Number.POSITIVE_INFINITY
  const last = drafts.length ? at((drafts.at(-1) as TaskDraft).where) : Number.POSITIVE_INFINITY
  const before = loose.filter((l) => at(l.where) < first)
  const closing = drafts.length ? loose.filter((l) => at(l.where) > last) : []
  for (const l of loose) {
    const k = at(l.where)
    if (k > first && k < last) problems.push({ where: l.where, message: `这段文字不属于任何任务：${l.text.slice(0, 20)}…` })
  }
  const allText = blocks.map((b) => (b.kind === 'paragraph' ? b.text : b.cells.join(' '))).join('\n')
  const leadRule = LEAD_RULE_RE.test(allText) ? 'first' : 'none'
  const { title, preamble } = planTitle(
    before.map((l) => l.text),
    file,
  )
  const { tasks, planSections } = finishTasks(drafts, sections, leadRule, problems)
  if (tasks.length === 0)
    problems.push({
      where: { file, line: 1 },
      message: '没有找到任务：既没有编号条目（如「一、」「1.」「（1）」），也没有带「工作任务/牵头单位」等列名的表格',
    })
  return {
    title,
    preamble: preamble.join('\n'),
    sections: planSections,
    tasks,
    closing: closing.map((l) => l.text),
    sharedUnits: findSharedUnits(closing.map((l) => l.text)),
    leadRule,
    problems: problems.map(toProblem),
  }
}

/** Tasks numbered as written when the plan numbers them in order (gaps allowed), else by position. */
function finishTasks(drafts: TaskDraft[], sectionDrafts: SectionDraft[], rule: Plan['leadRule'], problems: ProblemDraft[]) {
  const values = drafts.map((d) => d.value)
  const inOrder = values.every((v, k) => v !== null && (k === 0 || v > (values[k - 1] ?? 0)))
  const needDefault = drafts.some((d) => d.section < 0)
  const planSections: Section[] = [...(needDefault ? [{ value: null, title: '' }] : []), ...sectionDrafts].map((s, k) => ({
    number: k + 1,
    title: s.title,
    tasks: [],
  }))
  const tasks: Task[] = drafts.map((d, k) => {
    const number = inOrder ? (d.value as number) : k + 1
    const section = d.section + (needDefault ? 2 : 1)
    planSections[section - 1]?.tasks.push(number)
    const { lead, partners } = d.units ? assignRoles(d.units, rule) : { lead: null, partners: [] }
    if (!d.units) problems.push({ where: d.where, message: `第${number}条没有写明责任单位` })
    return {
      number,
      label: d.label || String(number),
      section,
      text: d.text,
      lead,
      partners,
      targets: extractTargets(d.text),
      events: extractEvents(d.text),
      deadline: d.deadline,
      ...(d.group ? { group: d.group } : {}),
      source: { file: d.where.file, line: d.where.line },
    }
  })
  return { tasks, planSections: planSections.filter((s) => s.tasks.length > 0 || s.title) }
}

/** Consecutive paragraphs, or consecutive rows of one table. */
function runs(blocks: Block[]): Block[][] {
  const out: Block[][] = []
  for (const b of blocks) {
    const run = out.at(-1)
    const head = run?.[0]
    const same = head && head.kind === b.kind && (b.kind === 'paragraph' || (head as RowBlock).table === b.table)
    if (run && same) run.push(b)
    else out.push([b])
  }
  return out.filter((r) => !(r[0]?.kind === 'row' && r.every((b) => b.kind === 'row' && b.cells.filter(Boolean).length === 0)))
}

function toProblem(p: ProblemDraft): ParseProblem {
  return { file: p.where.file, line: p.where.line, ...(p.where.ref ? { ref: p.where.ref } : {}), message: p.message }
}
