import { gist, leadName, sectionLabel, whoLeads } from '../format/plan-wording.js'
import type { BotReply, ReplySection } from '../message.js'
import type { Task } from '../plan/types.js'
import { buildOverview, type Overview, updatesAsOf } from '../summary/overview.js'
import { type PlanClock, planClock, yearNotice } from '../summary/plan-clock.js'
import { PERIOD_NAME, periodSince, unreportedByLead } from '../summary/reminder.js'
import { countBy, LIGHT_ICON, type StatusOptions, type TaskState, taskStates } from '../summary/status.js'
import { unitsBehind } from '../summary/unit-reports.js'
import { countsLine, legendLine } from '../summary/wording.js'
import { formatTime } from '../time.js'
import { askedAsOf } from './as-of.js'
import type { AnswerContext, Answerer } from './context.js'
import { taskRef } from './format.js'
import { bindingHint } from './identity.js'
import { dashboardLink } from './leader-access.js'
import { notFound } from './lookup.js'
import { reportableTasks } from './reportable.js'
import { sectionForTopic } from './structure.js'

/**
 * Leader summaries computed from the plan and the live updates: a short headline first, then
 * details grouped in sections (adapters render them as blocks or paragraphs and split long ones).
 */

/** The clock and settings every status computation needs, read once per answer; `at` is the as-of instant. */
export function statusOptions(ctx: AnswerContext, at: Date = ctx.now()): StatusOptions {
  return { now: at, timezone: ctx.settings.timezone, staleDays: ctx.settings.staleDays }
}

async function states(ctx: AnswerContext, at: Date): Promise<TaskState[]> {
  return taskStates(ctx.plan, await ctx.store.liveUpdates(), statusOptions(ctx, at))
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
/** 「汇总」 fits a phone screen: this many red tasks, this many units behind, then a pointer. */
export const SUMMARY_RED_LINES = 10
export const SUMMARY_UNIT_LINES = 5

async function overviewOf(ctx: AnswerContext, at: Date): Promise<Overview> {
  return buildOverview(ctx.plan, await ctx.store.liveUpdates(), { ...statusOptions(ctx, at), period: ctx.settings.reportPeriod })
}

function redLine(s: TaskState): string {
  return `${LIGHT_ICON.red} 第${s.task.number}条 ${gist(s.task, 24)}（${whoLeads(s.task)}）— ${s.reason}`
}

/**
 * 「汇总」 on one screen: a headline (plan, as-of date, 序时进度, counts per light), the red tasks
 * (at most SUMMARY_RED_LINES, then how to see the rest), the units behind, the dashboard link for
 * leaders and admins, and the one-line legend. Everything comes from the shared Overview.
 */
export const answerSummary: Answerer = async (ctx, routed, q) => {
  const asked = askedAsOf(ctx, routed)
  if (asked.refusal) return asked.refusal
  const o = await overviewOf(ctx, asked.at)
  const when = o.yearNotice ? o.yearNotice.replace(/。$/, '') : `截至 ${o.asOf}，序时进度 ${o.elapsed}%`
  const headline = `《${ctx.plan.title}》${when}，共 ${o.states.length} 项：${countsLine(o.counts)}`
  const reported = o.states.filter((s) => s.updates > 0).length
  const done = o.states.filter((s) => s.status === '已完成').length
  const thisPeriod = o.units.reduce((n, u) => n + u.reportedThisPeriod, 0)
  const sections: ReplySection[] = [
    {
      title: '概况',
      lines: [
        `已报送 ${reported} 项，已完成 ${done} 项，未报送 ${o.states.length - reported} 项；${o.period.name}（${o.period.since} 起）已报送 ${thisPeriod} 项。`,
      ],
    },
  ]
  const red = o.states.filter((s) => s.light === 'red')
  if (red.length) {
    const lines = red.slice(0, SUMMARY_RED_LINES).map(redLine)
    if (red.length > SUMMARY_RED_LINES) lines.push(`另有 ${red.length - SUMMARY_RED_LINES} 项，发送『红灯任务』查看`)
    sections.push({ title: `红灯任务 ${red.length} 项`, lines })
  }
  // After the plan year nobody owes a report for a period any more: units are behind only for red tasks.
  const behind = unitsBehind(o.clock.phase === 'after' ? o.units.map((u) => ({ ...u, overdue: [] })) : o.units)
  if (behind.length) {
    const lines = behind.slice(0, SUMMARY_UNIT_LINES).map((u) => {
      const parts = [u.overdue.length ? `${o.period.name}未报送 ${u.overdue.length} 项` : '', u.red.length ? `红灯 ${u.red.length} 项` : '']
      return `${u.unit}：${parts.filter(Boolean).join('，')}`
    })
    if (behind.length > SUMMARY_UNIT_LINES) lines.push(`另有 ${behind.length - SUMMARY_UNIT_LINES} 个单位，发送『哪些单位还没报送』查看`)
    sections.push({ title: `落后单位 ${behind.length} 个`, lines })
  }
  const url = dashboardLink(ctx, q.user)
  if (url) sections.push({ title: '看板', lines: [url] })
  sections.push({ title: '图例', lines: [legendLine(ctx.settings.staleDays)] })
  const reply = build(
    'summary',
    headline,
    sections,
    red.slice(0, SUMMARY_RED_LINES).map((s) => s.task),
  )
  return url ? { ...reply, link: { url, label: '打开看板' } } : reply
}

/** 「我的任务进展」: the sender's own unit, taken from the approved binding. */
const OWN_SCOPE = /^(?:我的|我们的|我们科的?|我们单位的?|本单位的?|咱们科的?)$/

export const answerScopedSummary: Answerer = async (ctx, routed, question) => {
  const asked = askedAsOf(ctx, routed)
  if (asked.refusal) return asked.refusal
  let scope = (routed.slots.scope ?? '').trim()
  if (OWN_SCOPE.test(scope)) {
    const binding = await ctx.store.getBinding(question.user)
    if (binding?.status !== 'approved') return { intent: 'scoped_summary', reply: `要看本单位的进展，${bindingHint(binding)}`, tasks: [] }
    scope = binding.unit
  }
  const all = await states(ctx, asked.at)
  const notice = yearNotice(planClock(ctx.plan, asked.at, ctx.settings.timezone), ctx.settings.timezone)
  const sectionNumber = Number(scope.match(/^第\s*(\d+)\s*部分$/)?.[1] ?? Number.NaN)
  const unit = Number.isNaN(sectionNumber) ? ctx.units.resolve(scope) : null
  if (unit?.kind === 'unit') {
    const led = all.filter((s) => unit.unit.led.includes(s.task.number))
    const partnered = all.filter((s) => unit.unit.partnered.includes(s.task.number))
    const headline = `${notice}${unit.unit.name}汇总：牵头 ${led.length} 项、配合 ${partnered.length} 项。${tally([...led, ...partnered])}。`
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
  // A body bound through a group word (津市局 through 各县级局): the tasks it may report on.
  if (unit?.kind === 'member') {
    const mine = new Set(reportableTasks(ctx, unit.name).map((t) => t.number))
    const list = all.filter((s) => mine.has(s.task.number))
    const headline = `${notice}${unit.name}汇总：可报送 ${list.length} 项。${tally(list)}。`
    const sections = list.length ? [{ title: '可报送', lines: list.map((s) => stateLine(ctx, s)) }] : []
    return build(
      'scoped_summary',
      headline,
      sections,
      list.map((s) => s.task),
    )
  }
  const section = Number.isNaN(sectionNumber) ? sectionForTopic(ctx, scope) : ctx.plan.sections.find((s) => s.number === sectionNumber)
  if (!section) return notFound(`${scope}（单位或部分）`)
  const list = all.filter((s) => s.task.section === section.number)
  const headline = `${notice}${sectionLabel(ctx.plan, section.number)}汇总：${tally(list)}。`
  return build(
    'scoped_summary',
    headline,
    [{ title: '逐项状态', lines: list.map((s) => stateLine(ctx, s)) }],
    list.map((s) => s.task),
  )
}

/**
 * 「哪些单位还没报送」: lead units with open tasks and no update this period (as of the asked date).
 * After the plan year nobody is chased any more: the answer says the year is over and lists the
 * tasks that were never reported at all.
 */
export const answerUnreported: Answerer = async (ctx, routed) => {
  const asked = askedAsOf(ctx, routed)
  if (asked.refusal) return asked.refusal
  const clock = planClock(ctx.plan, asked.at, ctx.settings.timezone)
  if (clock.phase === 'after') return neverReported(ctx, clock)
  const opts = { now: asked.at, period: ctx.settings.reportPeriod, timezone: ctx.settings.timezone }
  const leads = unreportedByLead(ctx.plan, updatesAsOf(await ctx.store.liveUpdates(), asked.at), opts, ctx.units)
  const period = `${yearNotice(clock, opts.timezone)}${PERIOD_NAME[opts.period]}（${periodSince(opts)} 起）`
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

async function neverReported(ctx: AnswerContext, clock: PlanClock): Promise<BotReply> {
  const silent = taskStates(ctx.plan, await ctx.store.liveUpdates(), statusOptions(ctx, clock.asOf)).filter((s) => s.updates === 0)
  const notice = `${yearNotice(clock, ctx.settings.timezone)}不再催报。`
  if (silent.length === 0) return build('unreported', `${notice}每项任务都有报送。`, [], [])
  const byLead = new Map<string, number[]>()
  for (const s of silent) byLead.set(leadName(s.task), [...(byLead.get(leadName(s.task)) ?? []), s.task.number])
  const lines = [...byLead].map(([unit, tasks]) => `${unit}：第${tasks.join('、')}条`)
  return build(
    'unreported',
    `${notice}全年未报送的任务 ${silent.length} 项：`,
    [{ title: '全年未报送', lines }],
    silent.map((s) => s.task),
  )
}

export const answerRedTasks: Answerer = async (ctx, routed) => {
  const asked = askedAsOf(ctx, routed)
  if (asked.refusal) return asked.refusal
  const notice = yearNotice(planClock(ctx.plan, asked.at, ctx.settings.timezone), ctx.settings.timezone)
  const red = (await states(ctx, asked.at)).filter((s) => s.light === 'red')
  if (red.length === 0) return build('red_tasks', `${notice}${notice ? '没有' : '目前没有'}红灯任务。`, [], [])
  const lines = red
    .slice(0, SUMMARY_TASK_LINES)
    .map((s) => `${LIGHT_ICON.red} 第${s.task.number}条 ${gist(s.task, 24)}（${whoLeads(s.task)}）— ${s.reason}`)
  if (red.length > SUMMARY_TASK_LINES) lines.push(`（只列前 ${SUMMARY_TASK_LINES} 项；全部请发送「导出台账」）`)
  return build(
    'red_tasks',
    `${notice}红灯任务 ${red.length} 项：`,
    [{ title: '红灯', lines }],
    red.map((s) => s.task),
  )
}
