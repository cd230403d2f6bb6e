import type { Block, ParagraphBlock, RowBlock, Where } from '../read/blocks.js'
import { extractTargets } from '../targets.js'
import type { ParseProblem, Plan } from '../types.js'
import { applyRules, findRules } from './apply-rules.js'
import type { ProblemDraft, SectionDraft, TaskDraft } from './draft.js'
import { finishTasks } from './finish-tasks.js'
import { readOutline } from './outline.js'
import { findSharedUnits } from './shared-units.js'
import { readTable } from './table.js'
import { textRowsAsTables } from './text-tables.js'
import { planTitle } from './title.js'

/**
 * The one recogniser: blocks from any reader → Plan. Runs of paragraphs are read as an outline, tables
 * (real ones, or text rows separated by tabs or ` | `) as task-breakdown tables; both give task drafts.
 * Then the document-level facts apply: rules stated once (「排第一的为牵头单位」「以下均需…配合落实，
 * 不再列出」「各县（市、区）参照执行」), numbering, targets, dated events, deadlines as days in the plan
 * year, what text lies before, between and after the tasks. Pure; never throws: anything it cannot
 * place is a problem with file and line.
 */

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
    if (k > first && k < last)
      problems.push({ kind: 'unplaced', where: l.where, message: `这段文字不属于任何任务：${l.text.slice(0, 20)}…` })
  }
  const rules = findRules(blocks)
  const leadRule = rules.some((r) => r.kind === 'lead-first') ? 'first' : 'none'
  const { title, preamble } = planTitle(
    before.map((l) => l.text),
    file,
  )
  const year = planYear(title, preamble)
  const { tasks, planSections, ruledLeads } = finishTasks(drafts, sections, leadRule, year, problems)
  if (tasks.length === 0)
    problems.push({
      kind: 'no-tasks',
      where: { file, line: 1 },
      message: '没有找到任务：既没有编号条目（如「一、」「1.」「（1）」），也没有带「工作任务/牵头单位」等列名的表格',
    })
  const closingText = closing.map((l) => l.text)
  const applied = applyRules(
    rules,
    tasks,
    drafts.map((d) => at(d.where)),
    ruledLeads,
    findSharedUnits(closingText),
  )
  return {
    title,
    preamble: preamble.join('\n'),
    ...goalsIn(preamble),
    sections: planSections,
    tasks,
    closing: closingText,
    sharedUnits: applied.sharedUnits,
    leadRule,
    ...(applied.rules.length ? { rules: applied.rules } : {}),
    problems: problems.map(toProblem),
  }
}

/** 「发展目标。到2025年…」「（二）主要目标」 and the paragraph after it: a goal paragraph, with figures. */
const GOAL_HEAD_RE = /^(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]?\s*)?(?:发展目标|总体目标|主要目标|工作目标|预期目标|目标任务)/

function goalsIn(preamble: string[]): { goals?: Plan['goals'] } {
  const goals = preamble.flatMap((text, k) => {
    const under = GOAL_HEAD_RE.test(text) ? text : GOAL_HEAD_RE.test(preamble[k - 1] ?? '') ? text : null
    const targets = under ? extractTargets(text) : []
    return targets.length ? [{ text, targets }] : []
  })
  return goals.length ? { goals } : {}
}

/** The year a plan is for: the first 20xx年 in its title, else in its preamble. */
function planYear(title: string, preamble: string[]): number | null {
  const found = title.match(/(20\d{2})\s*年/) ?? preamble.join('\n').match(/(20\d{2})\s*年/)
  return found ? Number(found[1]) : null
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
  return {
    ...(p.kind ? { kind: p.kind } : {}),
    file: p.where.file,
    line: p.where.line,
    ...(p.where.ref ? { ref: p.where.ref } : {}),
    message: p.message,
  }
}
