import type { UnitEntry } from '../plan/unit-directory.js'
import { placeholderCovers } from '../plan/units.js'
import type { AnswerContext, Answerer } from './context.js'
import { gist, quote, taskRef } from './format.js'
import { bindingHint } from './identity.js'

/**
 * 「价监科负责哪些任务」: the tasks a unit leads and those it co-operates on, listed apart.
 * Tasks that name only a group word (相关科室, 机关各科室) are mentioned, not claimed: the plan does
 * not say which units those are. A county bureau is told what the closing paragraph says.
 */

export const answerUnitTasks: Answerer = (ctx, routed, question) => {
  if (routed.slots.self !== undefined) return ownUnitAnswer(ctx, question.user, routed.slots.role === '牵头')
  const match = routed.unit
  if (!match) {
    const typed = routed.slots.unit ?? ''
    const closest = ctx.units.suggest(typed)
    const hint = closest.length ? `你是不是想问：${closest.join('、')}？` : '发送「帮助」查看可以问的问题。'
    return { intent: 'not_found', reply: `工作要点未提及「${typed}」这个单位。${hint}`, tasks: [] }
  }
  if (match.kind === 'shared') return sharedAnswer(ctx, match.name)
  if (match.kind === 'placeholder') {
    const tasks = match.tasks.map((n) => ctx.search.task(n)).filter((t) => t !== undefined)
    const lines = tasks.map((t) => `第${t.number}条 ${gist(t)}（牵头：${t.lead?.name ?? '未写明'}）`)
    return {
      intent: 'unit_tasks',
      reply: [`工作要点中写明「${match.name}」的任务有 ${tasks.length} 项：`, ...lines].join('\n'),
      tasks: tasks.map(taskRef),
    }
  }
  return unitAnswer(ctx, match.unit, routed.slots.role === '牵头')
}

/** 「我们科有哪些任务」: the unit of the sender's approved binding; how to bind when there is none. */
function ownUnitAnswer(ctx: AnswerContext, user: string, leadOnly: boolean) {
  const binding = ctx.store.getBinding(user)
  if (binding?.status !== 'approved')
    return { intent: 'unit_tasks', reply: `要查「我们科」的任务，得先知道你是哪个单位的。${bindingHint(binding)}`, tasks: [] }
  const match = ctx.units.resolve(binding.unit)
  if (match?.kind === 'unit') return unitAnswer(ctx, match.unit, leadOnly)
  if (match?.kind === 'shared') return sharedAnswer(ctx, match.name)
  return { intent: 'unit_tasks', reply: `你绑定的「${binding.unit}」在工作要点里没有点名的任务。`, tasks: [] }
}

function unitAnswer(ctx: AnswerContext, unit: UnitEntry, leadOnly: boolean) {
  const task = (n: number) => ctx.search.task(n)
  const led = unit.led.map(task).filter((t) => t !== undefined)
  const partnered = leadOnly ? [] : unit.partnered.map(task).filter((t) => t !== undefined)
  const name = unit.aliases.length ? `${unit.name}（${unit.aliases.join('、')}）` : unit.name
  const head = leadOnly
    ? `${name}牵头 ${led.length} 项任务：`
    : `${name}共涉及 ${led.length + partnered.length} 项任务：牵头 ${led.length} 项，配合 ${partnered.length} 项。`
  const lines = [head]
  if (led.length) lines.push(...(leadOnly ? [] : ['【牵头】']), ...led.map((t) => `第${t.number}条 ${gist(t)}`))
  if (partnered.length) lines.push('【配合】', ...partnered.map((t) => `第${t.number}条 ${gist(t)}（牵头：${t.lead?.name ?? '未写明'}）`))
  const groups = [...ctx.units.placeholderTasks()].filter(([word]) => /科室|单位/.test(word) && placeholderCovers(word, unit.name))
  if (groups.length && !leadOnly) {
    const refs = groups.map(([word, numbers]) => `「${word}」见第${numbers.join('、')}条`).join('；')
    lines.push(`另：${refs}，这些条目未写明具体科室，可能也涉及本单位。`)
  }
  return { intent: 'unit_tasks', reply: lines.join('\n'), tasks: [...led, ...partnered].map(taskRef) }
}

function sharedAnswer(ctx: AnswerContext, name: string) {
  const shared = ctx.plan.sharedUnits
  const county = [...ctx.units.placeholderTasks()].filter(([word]) => /县|区/.test(word))
  const tasks = county
    .flatMap(([, numbers]) => numbers)
    .map((n) => ctx.search.task(n))
    .filter((t) => t !== undefined)
  const lines = [
    `${name}：工作要点结尾写明 ${quote(shared?.sentence ?? '')}`,
    `也就是说，所有市场监管业务工作都要配合牵头科室落实，全部 ${ctx.plan.tasks.length} 项任务中的业务工作均为责任范围。`,
    ...(tasks.length
      ? [`其中点名县级局的：${tasks.map((t) => `第${t.number}条 ${gist(t)}（牵头：${t.lead?.name ?? '未写明'}）`).join('；')}`]
      : []),
  ]
  return { intent: 'unit_tasks', reply: lines.join('\n'), tasks: tasks.map(taskRef) }
}
