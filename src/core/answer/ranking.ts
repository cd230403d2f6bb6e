import { sectionLabel } from '../format/plan-wording.js'
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
  tasks: number[]
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

function bySection(ctx: AnswerContext, scope: Scope): Group[] {
  return ctx.plan.sections
    .map((s) => ({ name: sectionLabel(ctx.plan, s.number), tasks: scope.tasks.filter((t) => t.section === s.number).map((t) => t.number) }))
    .filter((g) => g.tasks.length > 0 || scope.labels.length === 0)
}

export function answerRanking(ctx: AnswerContext, frame: Frame, scope: Scope): BotReply {
  const relation = frame.askRelation ?? 'lead'
  const groups = frame.groupBy === 'section' ? bySection(ctx, scope) : byUnit(ctx, scope, relation)
  if (groups.length === 0) return { intent: 'not_found', reply: `${scope.empty ?? '工作要点里没有符合条件的任务。'}`, tasks: [] }
  const most = frame.aggregate !== 'least'
  groups.sort((a, b) => (most ? b.tasks.length - a.tasks.length : a.tasks.length - b.tasks.length) || a.name.localeCompare(b.name, 'zh'))
  const best = (groups[0] as Group).tasks.length
  const winners = groups.filter((g) => g.tasks.length === best)
  const counted = frame.groupBy === 'section' ? '任务' : `${RELATION_WORD[relation]}的任务`
  const within = scope.labels.length ? `在${scope.labels.join('、')}任务中，` : ''
  const head = `${within}${counted}${most ? '最多' : '最少'}的是${winners.map((g) => g.name).join('、')}，${winners.length > 1 ? '各' : '共'} ${best} 条（${winners.map((g) => `第${g.tasks.join('、')}条`).join('；')}）。`
  const lines = groups.slice(0, RANKING_LINES).map((g, k) => `${k + 1}. ${g.name}：${g.tasks.length} 条`)
  const rest = groups.length > RANKING_LINES ? [`（共 ${groups.length} 个，其余略）`] : []
  const numbers = new Set(winners.flatMap((g) => g.tasks))
  return {
    intent: frame.groupBy === 'section' ? 'section' : 'unit_tasks',
    reply: [head, '排序：', ...lines, ...rest].join('\n'),
    tasks: ctx.plan.tasks.filter((t) => numbers.has(t.number)).map(taskRef),
  }
}
