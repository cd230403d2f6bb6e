import { chineseNumber } from '../text/chinese-numerals.js'
import { extractEvents, extractTargets } from './targets.js'
import type { ParseProblem, Plan, Section, Task } from './types.js'
import { parseUnitClause, UNIT_CLAUSE_START_RE, UNIT_LINE_RE } from './units.js'

/**
 * Parses one plan file (pure: text in, Plan out, no I/O). Recognises
 *   title line · preamble · sections `一、…` · tasks `1.` `1、` `（1）` · a unit clause at the end of
 *   the task (`（责任单位：A、B）`, `(牵头单位:A;配合单位:B)`) or on its own line after it ·
 *   closing paragraphs after the last task.
 * Anything it cannot place is reported in `problems` with file and line; it never throws.
 */

const SECTION_RE = /^([一二三四五六七八九十]+)\s*[、.．]\s*(.+)$/
const SUBHEADING_RE = /^[（(][一二三四五六七八九十]+[）)]\s*[^，。,；;]{1,30}$/
const TASK_RE = /^(?:(\d{1,5})\s*[.、．](?!\d)|[（(](\d{1,5})[）)])\s*(.*)$/
const TITLE_MAX = 40

interface Draft extends Task {
  unitsFound: boolean
}

export function parsePlan(text: string, file: string): Plan {
  const problems: ParseProblem[] = []
  const sections: Section[] = []
  const tasks: Draft[] = []
  const preamble: string[] = []
  const loose: { line: number; text: string }[] = []
  let title = ''
  let current: Draft | null = null

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  lines.forEach((raw, k) => {
    const line = raw.trim()
    const lineNo = k + 1
    if (!line) return
    const section = line.match(SECTION_RE)
    if (section && line.length <= TITLE_MAX + 20) {
      flushLoose(loose, problems, file)
      sections.push({ number: chineseNumber(section[1] ?? '') ?? sections.length + 1, title: (section[2] ?? '').trim(), tasks: [] })
      current = null
      return
    }
    // （一）大气污染治理: a sub-heading inside a section; tasks keep their section.
    if (SUBHEADING_RE.test(line) && (!current || current.unitsFound)) return
    const task = line.match(TASK_RE)
    const number = Number(task?.[1] ?? task?.[2])
    const expected = (tasks.at(-1)?.number ?? 0) + 1
    if (task && number === expected) {
      flushLoose(loose, problems, file)
      if (sections.length === 0) sections.push({ number: 1, title: '', tasks: [] })
      const sectionRef = sections.at(-1) as Section
      current = newTask(number, sectionRef.number, task[3] ?? '', { file, line: lineNo })
      sectionRef.tasks.push(number)
      tasks.push(current)
      return
    }
    if (task && number !== expected && tasks.length > 0)
      problems.push({ file, line: lineNo, message: `任务编号 ${number} 与上一条不连续（应为 ${expected}），按正文处理` })
    if (current && !current.unitsFound && UNIT_LINE_RE.test(line)) {
      attachUnits(current, line)
      return
    }
    if (current && !current.unitsFound) {
      current.text += line
      splitTrailingUnits(current)
      return
    }
    if (tasks.length === 0) {
      if (!title && !preamble.length && line.length <= TITLE_MAX && !/[，。,]/.test(line)) title = line
      else preamble.push(line)
      return
    }
    loose.push({ line: lineNo, text: line })
  })

  for (const t of tasks) {
    if (!t.unitsFound) problems.push({ file, line: t.source.line, message: `第${t.number}条没有写明责任单位` })
    t.targets = extractTargets(t.text)
    t.events = extractEvents(t.text)
  }
  if (tasks.length === 0) problems.push({ file, line: 1, message: '没有找到编号任务（如「1.」「1、」「（1）」）' })
  const closing = loose.map((l) => l.text)
  return {
    title: title || deriveTitle(preamble.join(''), file),
    preamble: preamble.join('\n'),
    sections: sections.filter((s) => s.tasks.length > 0 || s.title),
    tasks: tasks.map(({ unitsFound: _, ...t }) => t),
    closing,
    sharedUnits: findSharedUnits(closing),
    problems,
  }
}

function newTask(number: number, section: number, body: string, source: Task['source']): Draft {
  const draft: Draft = { number, section, text: body, lead: null, partners: [], targets: [], events: [], source, unitsFound: false }
  splitTrailingUnits(draft)
  return draft
}

/** Moves a unit clause at the end of the task text into lead/partners. */
function splitTrailingUnits(task: Draft): void {
  const starts = [...task.text.matchAll(UNIT_CLAUSE_START_RE)]
  const last = starts.at(-1)
  if (!last || last.index === undefined) return
  const clause = task.text.slice(last.index)
  if (!/[）)]\s*[。.]?\s*$/.test(clause) && /[（(]/.test(clause[0] ?? '')) return
  if (attachUnits(task, clause)) task.text = task.text.slice(0, last.index).trim()
}

function attachUnits(task: Draft, clause: string): boolean {
  const units = parseUnitClause(clause)
  if (!units) return false
  task.lead = units.lead
  task.partners = units.partners
  task.unitsFound = true
  return true
}

/** Paragraphs between tasks belong to no task; they are kept only after the last one. */
function flushLoose(loose: { line: number; text: string }[], problems: ParseProblem[], file: string): void {
  for (const l of loose) problems.push({ file, line: l.line, message: `这段文字不属于任何任务：${l.text.slice(0, 20)}…` })
  loose.length = 0
}

/** A plan without a title line: "2023年,全市市场监管部门要…" → 2023年全市市场监管工作要点. */
function deriveTitle(preamble: string, file: string): string {
  const field = preamble.match(/(20\d{2})年[,，]?\s*(全[市区县省州盟])([\u4e00-\u9fa5]{2,8}?)(?:部门|系统|工作)/)
  if (field) return `${field[1]}年${field[2]}${field[3]}工作要点`
  const year = preamble.match(/(20\d{2})年/)?.[1]
  return year ? `${year}年工作要点` : file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')
}

/**
 * "所有…业务性工作，各区县(市)及A、B市场监督管理局均为责任单位": the bodies that share every
 * business task. Names keep the common suffix (…市场监督管理局) so each reads as a full name.
 */
export function findSharedUnits(closing: string[]): Plan['sharedUnits'] {
  for (const sentence of closing) {
    const m = sentence.match(/([^，,。；;]+?)均为(?:责任|配合)单位/)
    if (!m?.[1]) continue
    const list = m[1].trim()
    const suffix = list.match(/(市场监督管理局|市场监管局|分局|局)$/)?.[1] ?? ''
    const names = list
      .slice(0, list.length - suffix.length)
      .split(/[、及]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((n) => `${n}${suffix}`)
    return { names, sentence }
  }
  return null
}
