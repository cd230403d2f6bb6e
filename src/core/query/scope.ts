import type { AnswerContext } from '../answer/context.js'
import { reportableTasks } from '../answer/reportable.js'
import { deadlineMonth } from '../answer/timeline.js'
import { deadlineOf, sectionLabel } from '../format/plan-wording.js'
import type { Task } from '../plan/types.js'
import type { UnitMatch } from '../plan/unit-directory.js'
import { topicOf } from '../search/topic.js'
import { foldText } from '../text/normalise.js'
import type { Frame, Relation } from './frame.js'

/**
 * The tasks a frame's constraints select, in plan order (or by relevance when a free topic ranks
 * them), with a phrase per constraint for the reply: 「广告科配合的」「第四部分」「有数字目标的」.
 * Every filter is exact and complete: a list is never cut short.
 */

export interface Scope {
  tasks: Task[]
  /** What the constraints were, for the reply: 「广告科配合的」, 「第三部分」. */
  labels: string[]
  /** The topic's words, when a topic narrowed the tasks. */
  topic?: string
  /** Why nothing was selected, said to the user (the topic is not among the unit's tasks …). */
  empty?: string
}

const RELATION_WORD: Record<Relation, string> = { lead: '牵头', co: '配合', any: '参与' }
const FIGURE_LABEL: Record<string, string> = { any: '有数字目标的', '%': '有百分比目标的', 元: '有金额目标的' }

/** A unit with at most this many tasks is shown whole when the topic matches none of them. */
const UNIT_FALLBACK = 8

/** The tasks a unit match takes part in under a relation; null for bodies the unit answer explains. */
export function tasksOfUnit(ctx: AnswerContext, match: UnitMatch, relation: Relation): Task[] | null {
  const byNumber = (numbers: number[]) => ctx.plan.tasks.filter((t) => numbers.includes(t.number))
  if (match.kind === 'unit') {
    const numbers =
      relation === 'lead'
        ? match.unit.led
        : relation === 'co'
          ? match.unit.partnered
          : [...match.unit.led, ...match.unit.partnered, ...match.unit.offices]
    return byNumber(numbers)
  }
  if (match.kind === 'placeholder') {
    return ctx.plan.tasks.filter(
      (t) => match.tasks.includes(t.number) && (relation === 'any' || (relation === 'lead') === (t.lead?.name === match.name)),
    )
  }
  if (match.kind === 'member') return reportableTasks(ctx, match.name)
  return null
}

export function unitName(match: UnitMatch): string {
  return match.kind === 'unit' ? match.unit.name : match.name
}

/** Tasks with a numeric target of this measure ('any': any figure; '%'; '元'; a measure word). */
function hasFigure(task: Task, measure: string): boolean {
  if (measure === 'any') return task.targets.length > 0
  return task.targets.some((t) => (measure === '元' ? /元$/.test(t.unit) : t.unit.replace(/^[万亿]/, '') === measure || t.unit === measure))
}

/** The frame's constraints applied to the plan; `unit` is the resolved unit (the sender's own for 我们科). */
export function scopeOf(ctx: AnswerContext, frame: Frame, unit?: { match: UnitMatch; relation: Relation }): Scope {
  let tasks = ctx.plan.tasks
  const labels: string[] = []
  if (frame.range) {
    const { from, to } = frame.range
    tasks = tasks.filter((t) => t.number >= from && t.number <= to)
    labels.push(`第${from}–${to}条`)
  }
  if (frame.section !== undefined) {
    tasks = tasks.filter((t) => t.section === frame.section)
    labels.push(sectionLabel(ctx.plan, frame.section) || `第${frame.section}部分`)
  }
  if (unit) {
    const own = tasksOfUnit(ctx, unit.match, unit.relation)
    const label = `${unitName(unit.match)}${RELATION_WORD[unit.relation]}的`
    // 「广告科配合的…」 when 广告科 only leads: say so, with the tasks it does have.
    if (own && own.length === 0) return { tasks: [], labels: [label], empty: noTasksAs(ctx, unit.match, unit.relation) }
    if (own) {
      const numbers = new Set(own.map((t) => t.number))
      tasks = tasks.filter((t) => numbers.has(t.number))
    }
    labels.push(label)
  }
  // 「价监科和网监科一起负责的」: tasks that name every one of them.
  if (frame.moreUnits?.mode === 'all') {
    for (const more of frame.moreUnits.units) {
      const theirs = new Set((tasksOfUnit(ctx, more.match, more.relation) ?? []).map((t) => t.number))
      tasks = tasks.filter((t) => theirs.has(t.number))
      labels.push(`${unitName(more.match)}也${RELATION_WORD[more.relation]}的`)
    }
  }
  if (frame.solo) {
    tasks = tasks.filter((t) => t.partners.length === 0)
    labels.push('没有配合单位的')
  }
  if (frame.literal) {
    const wanted = foldText(frame.literal).toLowerCase()
    tasks = tasks.filter((t) => ctx.search.foldedText(t).includes(wanted))
    labels.push(`提到「${frame.literal}」的`)
  }
  if (frame.figure) {
    const measure = frame.figure
    tasks = tasks.filter((t) => hasFigure(t, measure))
    labels.push(FIGURE_LABEL[measure] ?? `有以「${measure}」计的目标的`)
  }
  if (frame.period && !frame.period.relative) {
    const { from, to, label } = frame.period
    tasks = tasks.filter((t) => {
      const due = deadlineOf(t)
      const month = due ? deadlineMonth(due) : null
      return t.events.some((e) => e.month >= from && e.month <= to) || (month !== null && month >= from && month <= to)
    })
    labels.push(`${label}有安排的`)
  }
  if (frame.tasks) {
    const named = new Set(frame.tasks)
    tasks = tasks.filter((t) => named.has(t.number))
    labels.push(`第${frame.tasks.join('、')}条`)
  } else if (frame.task !== undefined) {
    // 「第六部分第一条」: a number the section does not hold is a position within it.
    const inSection = frame.section !== undefined && !tasks.some((t) => t.number === frame.task)
    tasks = inSection ? tasks.slice(frame.task - 1, frame.task) : tasks.filter((t) => t.number === frame.task)
    labels.push(inSection ? `其中第${frame.task}条` : `第${frame.task}条`)
  }
  const topic = [frame.sectionWords, frame.topic].filter(Boolean).join(' ')
  const pick = (among: Task[]) => {
    if (!frame.ordinal || among.length === 0) return among
    const sorted = [...among].sort((a, b) => a.number - b.number)
    const one = frame.ordinal === 'first' ? sorted[0] : sorted.at(-1)
    return one ? [one] : []
  }
  if (topicOf(topic).words.length === 0) return { tasks: pick(tasks), labels }
  const hits = ctx.search.find(topic, Math.max(50, ctx.plan.tasks.length))
  const allowed = new Set(tasks.map((t) => t.number))
  const ranked = hits.map((h) => h.task).filter((t) => allowed.has(t.number))
  const echo = topicOf(topic).text
  // 「化妆品科负责哪几条抽检」: a unit's few tasks, none using the word: its tasks, saying so.
  if (ranked.length === 0 && unit && tasks.length > 0 && tasks.length <= UNIT_FALLBACK)
    return { tasks: pick(tasks), labels: [`${labels.join('、')}（没有直接提到「${echo}」）`], topic: echo }
  if (ranked.length === 0)
    return { tasks: [], labels, topic: echo, empty: `${labels.join('、') || '工作要点'}任务中没有涉及「${echo}」的。` }
  // 「知识产权那块最后一条」: first and last among the tasks about the words, in the plan's order.
  return { tasks: pick(ranked), labels: [...labels, `涉及「${echo}」的`], topic: echo }
}

/** 「广告科没有作为配合单位的任务（它牵头第9、42、43条）」. */
function noTasksAs(ctx: AnswerContext, match: UnitMatch, relation: Relation): string {
  const name = unitName(match)
  const other = relation === 'co' ? tasksOfUnit(ctx, match, 'lead') : relation === 'lead' ? tasksOfUnit(ctx, match, 'co') : []
  const role = relation === 'co' ? '配合' : '牵头'
  const otherRole = relation === 'co' ? '牵头' : '配合'
  const also = other?.length ? `（它${otherRole}的是第${other.map((t) => t.number).join('、')}条）` : ''
  return `工作要点里${name}没有作为${role}单位的任务${also}。`
}
