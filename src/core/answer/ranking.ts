import { sectionLabel, unitsLine } from '../format/plan-wording.js'
import type { BotReply } from '../message.js'
import type { Frame, Relation } from '../query/frame.js'
import type { Scope } from '../query/scope.js'
import type { AnswerContext } from './context.js'
import { taskRef } from './format.js'

/**
 * 「哪个科室配合的任务最多」「哪个部分的任务最少」: the selected tasks counted per unit (under the
 * asked relation) or per section, the top (or bottom) named with its tasks, then the ranking.
 * Group words (相关科室) are not units and are left out of a ranking of units.
 */

const RANKING_LINES = 8
const RELATION_WORD: Record<Relation, string> = { lead: '牵头', co: '配合', any: '参与' }

interface Group {
  name: string
  /** What is counted: task numbers (or, for a ranking of tasks, one entry per unit; of targets, per target). */
  tasks: number[]
  /** The task a ranking of tasks names. */
  task?: number
}

function byUnit(ctx: AnswerContext, scope: Scope, relation: Relation): Group[] {
  const allowed = new Set(scope.tasks.map((t) => t.number))
  return ctx.units.units
    .map((u) => {
      const numbers = relation === 'lead' ? u.led : relation === 'co' ? u.partnered : [...u.led, ...u.partnered]
      return { name: u.name, tasks: [...new Set(numbers)].filter((n) => allowed.has(n)).sort((a, b) => a - b) }
    })
    .filter((g) => g.tasks.length > 0)
}

/** 「哪条任务的配合单位最多」: each selected task, with its co-operating units (or all its units). */
function byTask(scope: Scope, relation: Relation): Group[] {
  return scope.tasks.map((t) => ({
    name: `第${t.number}条`,
    tasks: (relation === 'co' ? t.partners : [...(t.lead ? [t.lead] : []), ...t.partners]).map((_, k) => k),
    task: t.number,
  }))
}

function bySection(ctx: AnswerContext, scope: Scope): Group[] {
  return ctx.plan.sections
    .map((s) => ({ name: sectionLabel(ctx.plan, s.number), tasks: scope.tasks.filter((t) => t.section === s.number).map((t) => t.number) }))
    .filter((g) => g.tasks.length > 0 || scope.labels.length === 0)
}

function unitsOfTask(ctx: AnswerContext, number: number | undefined): string {
  const task = number === undefined ? undefined : ctx.search.task(number)
  return task ? unitsLine(task) : ''
}

export function answerRanking(ctx: AnswerContext, frame: Frame, scope: Scope): BotReply {
  const relation = frame.askRelation ?? 'lead'
  const groups =
    frame.groupBy === 'section' ? bySection(ctx, scope) : frame.groupBy === 'task' ? byTask(scope, relation) : byUnit(ctx, scope, relation)
  // 「哪个科室的数字目标最多」: each task counts as many times as it has targets.
  if (frame.figure && frame.groupBy !== 'task')
    for (const g of groups) g.tasks = g.tasks.flatMap((n) => Array(ctx.search.task(n)?.targets.length ?? 0).fill(n))
  if (groups.length === 0) return { intent: 'not_found', reply: `${scope.empty ?? '工作要点里没有符合条件的任务。'}`, tasks: [] }
  const most = frame.aggregate !== 'least'
  groups.sort((a, b) => (most ? b.tasks.length - a.tasks.length : a.tasks.length - b.tasks.length) || a.name.localeCompare(b.name, 'zh'))
  const best = (groups[0] as Group).tasks.length
  const winners = groups.filter((g) => g.tasks.length === best)
  const counted =
    frame.groupBy === 'task'
      ? relation === 'co'
        ? '配合单位'
        : '责任单位'
      : frame.figure
        ? '数字目标'
        : frame.groupBy === 'section'
          ? '任务'
          : `${RELATION_WORD[relation]}的任务`
  const within = scope.labels.length ? `在${scope.labels.join('、')}任务中，` : ''
  const measure = frame.groupBy === 'task' ? '个' : frame.figure ? '个' : '条'
  const where = (g: Group) => (frame.groupBy === 'task' ? unitsOfTask(ctx, g.task) : `第${[...new Set(g.tasks)].join('、')}条`)
  const head = `${within}${counted}${most ? '最多' : '最少'}的是${winners.map((g) => g.name).join('、')}，${winners.length > 1 ? '各' : '共'} ${best} ${measure}（${winners.map(where).join('；')}）。`
  const lines = groups.slice(0, RANKING_LINES).map((g, k) => `${k + 1}. ${g.name}：${g.tasks.length} ${measure}`)
  const rest = groups.length > RANKING_LINES ? [`（共 ${groups.length} 个，其余略）`] : []
  const numbers = new Set(winners.flatMap((g) => (g.task !== undefined ? [g.task] : g.tasks)))
  return {
    intent: frame.groupBy === 'section' ? 'section' : 'unit_tasks',
    reply: [head, '排序：', ...lines, ...rest].join('\n'),
    tasks: ctx.plan.tasks.filter((t) => numbers.has(t.number)).map(taskRef),
  }
}
