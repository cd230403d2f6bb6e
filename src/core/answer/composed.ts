import { gist, sectionLabel, targetText, unitsLine, whoLeads } from '../format/plan-wording.js'
import type { BotReply } from '../message.js'
import type { Task } from '../plan/types.js'
import type { Frame } from '../query/frame.js'
import type { Scope } from '../query/scope.js'
import type { AnswerContext } from './context.js'
import { bestSentence, quote, sentencesOf, taskRef } from './format.js'

/**
 * Answers to questions composed of parts (a unit and its relation, a section, a kind of figure, a
 * literal word, a topic …), rendered from the tasks the frame selected (query/scope.ts): the list,
 * the count, the targets, the units, which number or section, a section's range. Lists are complete.
 */

function what(scope: Scope): string {
  return scope.labels.length ? `${scope.labels.join('、')}任务` : '任务'
}

function line(ctx: AnswerContext, task: Task, frame: Frame): string {
  const head = `第${task.number}条 ${gist(task, 30)}（${whoLeads(task)}）`
  // A literal word or a kind of figure: show where the plan says it.
  if (frame.literal) {
    const sentence = sentencesOf(task.text).find((s) => s.includes(frame.literal as string))
    return sentence ? `${head}\n  原文：${quote(sentence)}` : head
  }
  if (frame.figure) {
    const targets = task.targets.map(targetText)
    return targets.length ? `${head}\n  目标：${targets.join('；')}` : head
  }
  if (ctx.plan.sections.length > 1 && frame.section === undefined && frame.groupBy === 'section')
    return `${head} — ${sectionLabel(ctx.plan, task.section)}`
  return head
}

export function answerScopedList(ctx: AnswerContext, frame: Frame, scope: Scope): BotReply {
  if (scope.tasks.length === 0) return noneSelected(scope)
  const lines = scope.tasks.map((t) => line(ctx, t, frame))
  return {
    intent: 'search',
    reply: [`${what(scope)}共 ${scope.tasks.length} 条：`, ...lines].join('\n'),
    tasks: scope.tasks.map(taskRef),
  }
}

export function answerScopedCount(ctx: AnswerContext, frame: Frame, scope: Scope): BotReply {
  if (scope.tasks.length === 0) return { intent: 'section', reply: scope.empty ?? `${what(scope)}共 0 条。`, tasks: [] }
  const lines = scope.tasks.map((t) => line(ctx, t, frame))
  return {
    intent: 'section',
    reply: [`${what(scope)}共 ${scope.tasks.length} 条（第${scope.tasks.map((t) => t.number).join('、')}条）：`, ...lines].join('\n'),
    tasks: scope.tasks.map(taskRef),
  }
}

/** The numeric targets of the selected tasks, only those of the asked kind of figure. */
export function answerScopedTargets(frame: Frame, scope: Scope): BotReply {
  const measure = frame.figure ?? 'any'
  const fits = (unit: string) =>
    measure === 'any' || (measure === '元' ? /元$/.test(unit) : unit === measure || unit.replace(/^[万亿]/, '') === measure)
  const rows = scope.tasks.flatMap((t) => t.targets.filter((g) => fits(g.unit)).map((g) => ({ task: t, target: g })))
  if (rows.length === 0) return noneSelected(scope, '数字目标')
  const tasks = [...new Set(rows.map((r) => r.task))]
  const lines = tasks.map((t) => {
    const targets = rows.filter((r) => r.task === t).map((r) => targetText(r.target))
    return `第${t.number}条（${whoLeads(t)}）：${targets.join('；')}`
  })
  const kind = measure === 'any' ? '数字目标' : measure === '%' ? '百分比目标' : measure === '元' ? '金额目标' : `以「${measure}」计的目标`
  const within = scope.labels.filter((l) => !/目标的$/.test(l))
  return {
    intent: 'target',
    reply: [
      `${within.length ? `${within.join('、')}任务中` : '工作要点中'}${kind}共 ${rows.length} 个，在 ${tasks.length} 条任务里：`,
      ...lines,
    ].join('\n'),
    tasks: tasks.map(taskRef),
  }
}

/** Who leads, or who co-operates on, each selected task. */
export function answerScopedUnits(scope: Scope, which: 'lead' | 'co'): BotReply {
  if (scope.tasks.length === 0) return noneSelected(scope)
  const lines = scope.tasks.map((t) => `第${t.number}条 ${gist(t, 24)}：${unitsLine(t)}`)
  const head = which === 'lead' ? `${what(scope)}的牵头单位：` : `${what(scope)}的配合单位：`
  return { intent: which === 'lead' ? 'lead' : 'co_units', reply: [head, ...lines].join('\n'), tasks: scope.tasks.map(taskRef) }
}

/** 「讲电梯的是第几条」: the numbers, each with its first words. */
export function answerNumber(ctx: AnswerContext, frame: Frame, scope: Scope): BotReply {
  if (scope.tasks.length === 0) return noneSelected(scope)
  const first = scope.tasks[0] as Task
  const where = frame.section !== undefined ? sectionLabel(ctx.plan, frame.section) : '工作要点'
  const subject = scope.topic
    ? `「${scope.topic}」`
    : frame.ordinal
      ? `${where}的${frame.ordinal === 'first' ? '第一条' : '最后一条'}`
      : what(scope)
  const head =
    scope.tasks.length === 1
      ? `${subject}是第${first.number}条${frame.ordinal && frame.section !== undefined ? '' : `（${sectionLabel(ctx.plan, first.section)}）`}：`
      : `${subject}见 ${scope.tasks.length} 条：`
  const lines = scope.tasks.map((t) => `第${t.number}条 ${gist(t, 40)}（${whoLeads(t)}）`)
  const quoteLine = scope.tasks.length === 1 && scope.topic ? [`原文：${quote(bestSentence(first, frame.topic))}`] : []
  return { intent: 'show_task', reply: [head, ...lines, ...quoteLine].join('\n'), tasks: scope.tasks.map(taskRef) }
}

/** 「第30条属于第几部分」「食品安全在哪个部分」: the sections, most of the tasks first. */
export function answerWhichSection(ctx: AnswerContext, scope: Scope): BotReply {
  if (scope.tasks.length === 0) return noneSelected(scope)
  const bySection = new Map<number, Task[]>()
  for (const t of scope.tasks) bySection.set(t.section, [...(bySection.get(t.section) ?? []), t])
  const ranked = [...bySection].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])
  const subject = scope.topic ? `「${scope.topic}」` : ''
  const lines = ranked.map(([n, tasks], k) => {
    const numbers = `第${tasks.map((t) => t.number).join('、')}条`
    return k === 0
      ? `${subject}${subject ? '主要' : numbers}在${sectionLabel(ctx.plan, n)}${subject ? `（${numbers}）` : ''}。`
      : `另见${sectionLabel(ctx.plan, n)}（${numbers}）。`
  })
  return { intent: 'section', reply: lines.join('\n'), tasks: ranked.flatMap(([, tasks]) => tasks).map(taskRef) }
}

/** 「第五部分从第几条开始」: a section's first and last task. */
export function answerRange(ctx: AnswerContext, frame: Frame): BotReply {
  const numbers = frame.section !== undefined ? [frame.section] : ctx.plan.sections.map((s) => s.number)
  const lines = numbers.map((n) => {
    const section = ctx.plan.sections.find((s) => s.number === n)
    if (!section || section.tasks.length === 0) return `工作要点共 ${ctx.plan.sections.length} 个部分，没有第${n}部分。`
    return `${sectionLabel(ctx.plan, n)}从第${section.tasks[0]}条到第${section.tasks.at(-1)}条，共 ${section.tasks.length} 条。`
  })
  return { intent: 'section', reply: lines.join('\n'), tasks: [] }
}

function noneSelected(scope: Scope, thing = '任务'): BotReply {
  // 「有数字目标的」 is said by `thing` already.
  const labels = thing === '任务' ? scope.labels : scope.labels.filter((l) => !/目标的$/.test(l))
  // 「工作要点里没有提到「冷链」的任务」, not 「提到「冷链」的任务中没有任务」.
  if (thing === '任务' && labels.length)
    return { intent: 'not_found', reply: scope.empty ?? `工作要点里没有${labels.join('、')}任务。`, tasks: [] }
  const within = labels.length ? `${labels.join('、')}任务中` : '工作要点里'
  return { intent: 'not_found', reply: scope.empty ?? `${within}没有${thing}。`, tasks: [] }
}
