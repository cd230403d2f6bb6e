import { whoLeads } from '../format/plan-wording.js'
import type { BodyMatch } from '../plan/group-members.js'
import type { Task } from '../plan/types.js'
import type { UnitEntry } from '../plan/unit-directory.js'
import type { AnswerContext, Answerer } from './context.js'
import { gist, quote, sectionLabel, taskRef } from './format.js'
import { bindingHint, groupWords } from './identity.js'
import { reportableTasks } from './reportable.js'

/**
 * 「价监科负责哪些任务」: the tasks a unit leads and those it co-operates on, listed apart.
 * Tasks that name only a group word (相关科室, 机关各科室) are mentioned, not claimed: the plan does
 * not say which units those are. A county bureau is told what the closing paragraph says; one bound
 * by name (津市局) gets the tasks its group words are on and the work the closing paragraph shares.
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
  if (match.kind === 'member') return memberAnswer(ctx, match, routed.slots.role === '牵头')
  if (match.kind === 'placeholder') {
    const tasks = match.tasks.map((n) => ctx.search.task(n)).filter((t) => t !== undefined)
    const lines = tasks.map((t) => `第${t.number}条 ${gist(t)}（${whoLeads(t)}）`)
    return {
      intent: 'unit_tasks',
      reply: [`工作要点中写明「${match.name}」的任务有 ${tasks.length} 项：`, ...lines].join('\n'),
      tasks: tasks.map(taskRef),
    }
  }
  return unitAnswer(ctx, match.unit, routed.slots.role === '牵头')
}

/** 「我们科有哪些任务」: the unit of the sender's approved binding; how to bind when there is none. */
async function ownUnitAnswer(ctx: AnswerContext, user: string, leadOnly: boolean) {
  const binding = await ctx.store.getBinding(user)
  if (binding?.status !== 'approved')
    return { intent: 'unit_tasks', reply: `要查「我们科」的任务，得先知道你是哪个单位的。${bindingHint(binding)}`, tasks: [] }
  const match = ctx.units.resolve(binding.unit)
  if (match?.kind === 'unit') return unitAnswer(ctx, match.unit, leadOnly)
  if (match?.kind === 'shared') return sharedAnswer(ctx, match.name)
  if (match?.kind === 'member') return memberAnswer(ctx, match, leadOnly)
  return { intent: 'unit_tasks', reply: `你绑定的「${binding.unit}」在工作要点里没有点名的任务。`, tasks: [] }
}

function unitAnswer(ctx: AnswerContext, unit: UnitEntry, leadOnly: boolean) {
  const task = (n: number) => ctx.search.task(n)
  const led = unit.led.map(task).filter((t) => t !== undefined)
  const partnered = leadOnly ? [] : unit.partnered.map(task).filter((t) => t !== undefined)
  // A bureau's own office (责任处室) answers for its tasks beside the units that lead them.
  const offices = leadOnly
    ? []
    : unit.offices
        .map(task)
        .filter((t) => t !== undefined)
        .filter((t) => !led.includes(t) && !partnered.includes(t))
  const name = unit.aliases.length ? `${unit.name}（${unit.aliases.join('、')}）` : unit.name
  const joins = unit.partnered.length ? `（它配合的是第${unit.partnered.join('、')}条）` : ''
  const head = leadOnly
    ? led.length
      ? `${name}牵头 ${led.length} 项任务：`
      : `${name}没有牵头的任务${joins}。`
    : `${name}共涉及 ${led.length + partnered.length + offices.length} 项任务：牵头 ${led.length} 项，配合 ${partnered.length} 项${offices.length ? `，作为责任处室 ${offices.length} 项` : ''}。`
  const lines = [head]
  if (led.length) lines.push(...(leadOnly ? [] : ['【牵头】']), ...led.map((t) => `第${t.number}条 ${gist(t)}`))
  if (partnered.length) lines.push('【配合】', ...partnered.map((t) => `第${t.number}条 ${gist(t)}（${whoLeads(t)}）`))
  if (offices.length) lines.push('【责任处室】', ...offices.map((t) => `第${t.number}条 ${gist(t)}（${whoLeads(t)}）`))
  const groups = [...ctx.units.placeholderTasks()].filter(([word]) => /科室|单位/.test(word) && ctx.units.covers(word, unit.name))
  if (groups.length && !leadOnly) {
    const refs = groups.map(([word, numbers]) => `「${word}」见第${numbers.join('、')}条`).join('；')
    lines.push(`另：${refs}，这些条目未写明具体科室，可能也涉及本单位。`)
  }
  return { intent: 'unit_tasks', reply: lines.join('\n'), tasks: [...led, ...partnered, ...offices].map(taskRef) }
}

/**
 * A body bound through group words (津市市场监督管理局 through 各县级局): the tasks it may report on,
 * then, when the closing paragraph names it, that paragraph and the work it shares, part by part.
 */
function memberAnswer(ctx: AnswerContext, member: BodyMatch, leadOnly = false) {
  const own = reportableTasks(ctx, member.name)
  const words = groupWords(member.groups)
  const led = own.filter((t) => t.lead?.placeholder && member.groups.includes(t.lead.name))
  if (leadOnly) {
    const head = led.length
      ? `${member.name}牵头的是写明${words}牵头的 ${led.length} 项任务：`
      : `${member.name}没有牵头的任务${own.length ? `；写明${words}的任务可以报送进度：第${own.map((t) => t.number).join('、')}条` : ''}。`
    return { intent: 'unit_tasks', reply: [head, ...led.map((t) => `第${t.number}条 ${gist(t)}`)].join('\n'), tasks: led.map(taskRef) }
  }
  const lines = [`${member.name}${member.groups.length ? `（工作要点中写作${words}）` : ''}：`]
  if (own.length)
    lines.push(`【写明${words}的任务，可以报送进度】${own.length} 项：`, ...own.map((t) => `第${t.number}条 ${gist(t)}（${whoLeads(t)}）`))
  else lines.push('工作要点没有单列由本单位报送的任务。')
  const shared = member.shared && ctx.plan.sharedUnits ? ctx.plan.tasks.filter((t) => !own.includes(t)) : []
  if (member.shared && ctx.plan.sharedUnits)
    lines.push(
      `【工作要点结尾写明共同负责】${quote(ctx.plan.sharedUnits.sentence)}`,
      `也就是说，${sharedWork(ctx.plan.sharedUnits.sentence)}都要配合牵头科室落实（进度由牵头科室报送），其余 ${shared.length} 项任务按部分：`,
      ...bySection(ctx, shared),
    )
  return { intent: 'unit_tasks', reply: lines.join('\n'), tasks: [...own, ...shared].map(taskRef) }
}

/** 「所有市场监管业务性工作，…均为责任单位」 → 所有市场监管业务工作: what the closing paragraph shares. */
function sharedWork(sentence: string): string {
  const m = sentence.match(/所有([^，,。；;]+?)性?工作/)
  return m ? `所有${m[1]}工作` : '这些工作'
}

/** 「第一部分「…」：第1—9条」: tasks listed by section, runs of numbers shortened. */
function bySection(ctx: AnswerContext, tasks: Task[]): string[] {
  return ctx.plan.sections
    .map((s) => ({ s, numbers: tasks.filter((t) => t.section === s.number).map((t) => t.number) }))
    .filter(({ numbers }) => numbers.length > 0)
    .map(({ s, numbers }) => `${sectionLabel(ctx.plan, s.number) || `第${s.number}部分`}：第${runs(numbers)}条`)
}

/** [1,2,3,5] → 1—3、5 */
function runs(numbers: number[]): string {
  const out: string[] = []
  for (let i = 0; i < numbers.length; ) {
    let j = i
    while (j + 1 < numbers.length && (numbers[j + 1] as number) === (numbers[j] as number) + 1) j++
    out.push(j - i >= 2 ? `${numbers[i]}—${numbers[j]}` : numbers.slice(i, j + 1).join('、'))
    i = j + 1
  }
  return out.join('、')
}

function sharedAnswer(ctx: AnswerContext, name: string) {
  const shared = ctx.plan.sharedUnits
  const county = [...ctx.units.placeholderTasks()].filter(([word]) => /县|区/.test(word))
  const tasks = county
    .flatMap(([, numbers]) => numbers)
    .map((n) => ctx.search.task(n))
    .filter((t) => t !== undefined)
  const lines = [
    ...(shared
      ? [
          `${name}：工作要点结尾写明 ${quote(shared.sentence)}`,
          `也就是说，${sharedWork(shared.sentence)}都要配合牵头科室落实，全部 ${ctx.plan.tasks.length} 项任务中的业务工作均为责任范围。`,
        ]
      : [`${name}：工作要点没有单列哪一个县（市、区）局的任务。`]),
    ...(tasks.length ? [`其中点名县级局的：${tasks.map((t) => `第${t.number}条 ${gist(t)}（${whoLeads(t)}）`).join('；')}`] : []),
  ]
  return { intent: 'unit_tasks', reply: lines.join('\n'), tasks: tasks.map(taskRef) }
}
