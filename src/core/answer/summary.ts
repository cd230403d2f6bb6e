import type { BotReply, ReplySection } from '../message.js'
import type { Task } from '../plan/types.js'
import { PERIOD_NAME, periodSince, unreportedByLead } from '../summary/reminder.js'
import { countBy, elapsedPercent, LIGHT_ICON, type StatusOptions, type TaskState, taskStates } from '../summary/status.js'
import { formatTime } from '../time.js'
import type { AnswerContext, Answerer } from './context.js'
import { gist, sectionLabel, taskRef } from './format.js'
import { bindingHint } from './identity.js'
import { notFound } from './lookup.js'
import { sectionForTopic } from './structure.js'

/**
 * Leader summaries computed from the plan and the live updates: a short headline first, then
 * details grouped in sections (adapters render them as blocks or paragraphs and split long ones).
 */

/** The clock and settings every status computation needs, read once per answer. */
export function statusOptions(ctx: AnswerContext): StatusOptions {
  return { now: ctx.now(), timezone: ctx.settings.timezone, staleDays: ctx.settings.staleDays }
}

function states(ctx: AnswerContext): TaskState[] {
  return taskStates(ctx.plan, ctx.store.liveUpdates(), statusOptions(ctx))
}

function stateLine(ctx: AnswerContext, s: TaskState): string {
  const figure = s.attainment !== null ? ` ${s.attainment}%` : ''
  const latest = s.latest ? `；最新（${formatTime(s.latest.at, ctx.settings.timezone)} ${s.latest.unit}）：${s.latest.text}` : ''
  return `${LIGHT_ICON[s.light]} 第${s.task.number}条 ${s.task.lead?.name ?? '未写明'} ${s.status}${figure}${latest}`
}

function build(intent: string, headline: string, sections: ReplySection[], tasks: Task[]): BotReply {
  const body = sections.map((s) => [`【${s.title}】`, ...s.lines].join('\n'))
  return { intent, headline, sections, reply: [headline, ...body].join('\n'), tasks: tasks.map(taskRef) }
}

function tally(list: TaskState[]): string {
  const lights = countBy(list, (s) => s.light)
  const reported = list.filter((s) => s.updates > 0).length
  const done = list.filter((s) => s.status === '已完成').length
  return `共 ${list.length} 项任务，已报送 ${reported} 项，已完成 ${done} 项，未报送 ${list.length - reported} 项；${LIGHT_ICON.red}${lights.get('red') ?? 0} ${LIGHT_ICON.yellow}${lights.get('yellow') ?? 0} ${LIGHT_ICON.green}${lights.get('green') ?? 0}`
}

/** Beyond this many tasks a chat summary lists only the red ones; the 台账 has every row. */
export const SUMMARY_TASK_LINES = 100

/** Per-task lines: all of them for a plan of ordinary size, else the red ones and a pointer to the 台账. */
function taskLines(ctx: AnswerContext, all: TaskState[]): string[] {
  if (all.length <= SUMMARY_TASK_LINES) return all.map((s) => stateLine(ctx, s))
  const red = all.filter((s) => s.light === 'red')
  const shown = red.slice(0, SUMMARY_TASK_LINES).map((s) => stateLine(ctx, s))
  return [...shown, `（共 ${all.length} 项，这里只列红灯任务 ${shown.length} 项；逐项明细请发送「导出台账」）`]
}

export const answerSummary: Answerer = (ctx) => {
  const all = states(ctx)
  const elapsed = elapsedPercent(ctx.plan, statusOptions(ctx))
  const headline = `《${ctx.plan.title}》汇总：${tally(all)}。序时进度 ${elapsed}%。`
  const bySection = ctx.plan.sections.map((sec) => {
    const list = all.filter((s) => s.task.section === sec.number)
    return `${sectionLabel(ctx.plan, sec.number)}：${tally(list)}`
  })
  const leads = [...new Set(all.map((s) => s.task.lead?.name ?? '未写明'))]
  const byLead = leads.map((lead) => {
    const list = all.filter((s) => (s.task.lead?.name ?? '未写明') === lead)
    const statuses = [...countBy(list, (s) => s.status)].map(([k, v]) => `${k}${v}`).join(' ')
    return `${lead}：${list.length} 项（${statuses}）`
  })
  const sections: ReplySection[] = [
    { title: '按部分', lines: bySection },
    { title: '按牵头单位', lines: byLead },
    { title: '逐项状态', lines: taskLines(ctx, all) },
  ]
  return build('summary', headline, sections, [])
}

/** 「我的任务进展」: the sender's own unit, taken from the approved binding. */
const OWN_SCOPE = /^(?:我的|我们的|我们科的?|我们单位的?|本单位的?|咱们科的?)$/

export const answerScopedSummary: Answerer = (ctx, routed, question) => {
  let scope = (routed.slots.scope ?? '').trim()
  if (OWN_SCOPE.test(scope)) {
    const binding = ctx.store.getBinding(question.user)
    if (binding?.status !== 'approved') return { intent: 'scoped_summary', reply: `要看本单位的进展，${bindingHint(binding)}`, tasks: [] }
    scope = binding.unit
  }
  const all = states(ctx)
  const sectionNumber = Number(scope.match(/^第\s*(\d+)\s*部分$/)?.[1] ?? Number.NaN)
  const unit = Number.isNaN(sectionNumber) ? ctx.units.resolve(scope) : null
  if (unit?.kind === 'unit') {
    const led = all.filter((s) => unit.unit.led.includes(s.task.number))
    const partnered = all.filter((s) => unit.unit.partnered.includes(s.task.number))
    const headline = `${unit.unit.name}汇总：牵头 ${led.length} 项、配合 ${partnered.length} 项。${tally([...led, ...partnered])}。`
    const sections = [
      { title: '牵头', lines: led.map((s) => stateLine(ctx, s)) },
      { title: '配合', lines: partnered.map((s) => stateLine(ctx, s)) },
    ].filter((s) => s.lines.length)
    return build(
      'scoped_summary',
      headline,
      sections,
      [...led, ...partnered].map((s) => s.task),
    )
  }
  const section = Number.isNaN(sectionNumber) ? sectionForTopic(ctx, scope) : ctx.plan.sections.find((s) => s.number === sectionNumber)
  if (!section) return notFound(`${scope}（单位或部分）`)
  const list = all.filter((s) => s.task.section === section.number)
  const headline = `${sectionLabel(ctx.plan, section.number)}汇总：${tally(list)}。`
  return build(
    'scoped_summary',
    headline,
    [{ title: '逐项状态', lines: list.map((s) => stateLine(ctx, s)) }],
    list.map((s) => s.task),
  )
}

export const answerUnreported: Answerer = (ctx) => {
  const opts = { now: ctx.now(), period: ctx.settings.reportPeriod, timezone: ctx.settings.timezone }
  const leads = unreportedByLead(ctx.plan, ctx.store.liveUpdates(), opts)
  const period = `${PERIOD_NAME[opts.period]}（${periodSince(opts)} 起）`
  if (leads.length === 0) return build('unreported', `${period}各牵头单位都已报送。`, [], [])
  const numbers = new Set(leads.flatMap((l) => l.tasks))
  const headline = `${period}还有 ${leads.length} 个牵头单位、${numbers.size} 项任务未报送：`
  const lines = leads.map((l) => `${l.unit}：第${l.tasks.join('、')}条`)
  return build(
    'unreported',
    headline,
    [{ title: '未报送', lines }],
    ctx.plan.tasks.filter((t) => numbers.has(t.number)),
  )
}

export const answerRedTasks: Answerer = (ctx) => {
  const red = states(ctx).filter((s) => s.light === 'red')
  if (red.length === 0) return build('red_tasks', '目前没有红灯任务。', [], [])
  const lines = red
    .slice(0, SUMMARY_TASK_LINES)
    .map((s) => `${LIGHT_ICON.red} 第${s.task.number}条 ${gist(s.task, 24)}（牵头：${s.task.lead?.name ?? '未写明'}）— ${s.reason}`)
  if (red.length > SUMMARY_TASK_LINES) lines.push(`（只列前 ${SUMMARY_TASK_LINES} 项；全部请发送「导出台账」）`)
  return build(
    'red_tasks',
    `红灯任务 ${red.length} 项：`,
    [{ title: '红灯', lines }],
    red.map((s) => s.task),
  )
}
