import { gist, leadName, sectionLabel, whoLeads } from '../format/plan-wording.js'
import type { ReplySection } from '../message.js'
import { lightCounts, type Overview } from '../summary/overview.js'
import { planClock, yearNotice } from '../summary/plan-clock.js'
import { stateLabel } from '../summary/state-wording.js'
import type { TaskState } from '../summary/status.js'
import { driverText, lateMark } from '../summary/task-wording.js'
import { unitsBehind } from '../summary/unit-reports.js'
import { countsLine, dayOf, LIGHT_ICON, legendLine } from '../summary/wording.js'
import { formatTime } from '../time.js'
import { askedAsOf } from './as-of.js'
import type { AnswerContext, Answerer } from './context.js'
import { bindingHint } from './identity.js'
import { dashboardLink } from './leader-access.js'
import { notFound } from './lookup.js'
import { reportableTasks } from './reportable.js'
import { sectionForTopic } from './structure.js'
import { sectionedReply as build, overviewAt, statesAt } from './summary-states.js'

/**
 * Leader summaries computed from the plan, the live updates and the 督办 cycle (summary/facts.ts),
 * through the one state function (summary/status.ts): a short headline first, then details grouped
 * in sections (adapters render them as blocks or paragraphs and split long ones).
 */

/** One task in a list: its state, 完成度 with the target that drives it, and the latest report. */
function stateLine(ctx: AnswerContext, s: TaskState, year: number): string {
  const figure = s.driver ? ` ${driverText(s)}` : ''
  const latest = s.latest
    ? `；最新（${formatTime(s.latest.at, ctx.settings.timezone)} ${s.latest.unit}）：${lateMark(s.latest, year, ctx.settings.timezone)}${s.latest.text}`
    : ''
  return `${LIGHT_ICON[s.light]} 第${s.task.number}条 ${leadName(s.task)} ${stateLabel(s)}${figure}${latest}`
}

function tally(list: TaskState[]): string {
  const reported = list.filter((s) => s.updates > 0).length
  const closed = list.filter((s) => s.cycle.closed).length
  return `共 ${list.length} 项任务，已报送 ${reported} 项，已办结 ${closed} 项；${countsLine(lightCounts(list))}`
}

/** Beyond this many tasks a chat summary lists only the first; the 台账 has every row. */
export const SUMMARY_TASK_LINES = 100
/** 「汇总」 fits a phone screen: this many tasks needing attention, this many units behind, then a pointer. */
export const SUMMARY_RED_LINES = 10
export const SUMMARY_UNIT_LINES = 5

/** 「🔴 第20条 …（牵头：X）— 落后序时进度 25 个百分点」: a task on the leaders' list, with why. */
export function alertLine(s: TaskState): string {
  return `${LIGHT_ICON[s.light]} 第${s.task.number}条 ${gist(s.task, 24)}（${whoLeads(s.task)}）— ${s.alert ?? s.reason}`
}

/**
 * The leaders' list for a phone screen: the 滞后 tasks one by one (at most SUMMARY_RED_LINES, then
 * where to see the rest), the long-silent ones in one line of task numbers.
 */
function alertLines(o: Overview): string[] {
  const red = o.alerts.filter((s) => s.state === '滞后')
  const silent = o.alerts.filter((s) => s.state !== '滞后')
  const lines = red.slice(0, SUMMARY_RED_LINES).map(alertLine)
  if (red.length > SUMMARY_RED_LINES) lines.push(`另有滞后任务 ${red.length - SUMMARY_RED_LINES} 项，发送『红灯任务』查看`)
  if (silent.length) {
    const numbers = silent.map((s) => s.task.number)
    const shown = numbers.length > 30 ? `${numbers.slice(0, 30).join('、')}等` : numbers.join('、')
    lines.push(
      `${LIGHT_ICON.grey} 连续 ${o.alertPeriods} 个及以上周期未报送 ${silent.length} 项：第${shown}条（发送『哪些单位还没报送』查看牵头单位）`,
    )
  }
  return lines
}

/**
 * 「汇总」 on one screen: a headline (plan, the one 截至 date, 序时进度, counts per state), the tasks
 * needing attention with why (at most SUMMARY_RED_LINES, then how to see the rest), 补报 counted,
 * the units behind, the dashboard link for leaders and admins, and the legend. Everything comes from
 * the shared Overview.
 */
export const answerSummary: Answerer = async (ctx, routed, q) => {
  const asked = askedAsOf(ctx, routed)
  if (asked.refusal) return asked.refusal
  const o = await overviewAt(ctx, asked.at)
  const headline = `《${ctx.plan.title}》${o.yearNotice}截至 ${o.asOf}，序时进度 ${o.elapsed}%，共 ${o.states.length} 项：${countsLine(o.counts)}`
  const reported = o.states.filter((s) => s.updates > 0).length
  const closed = o.states.filter((s) => s.cycle.closed).length
  const doneReported = o.states.filter((s) => s.doneReported).length
  const thisPeriod = o.units.reduce((n, u) => n + u.reportedThisPeriod, 0)
  const pending = [
    o.pending.closes.length ? `待牵头单位确认办结 ${o.pending.closes.length} 项` : '',
    o.pending.extensions.length ? `待审批延期 ${o.pending.extensions.length} 项` : '',
  ].filter(Boolean)
  const sections: ReplySection[] = [
    {
      title: '概况',
      lines: [
        `已报送 ${reported} 项，已办结 ${closed} 项${doneReported ? `，报完成待办结 ${doneReported} 项` : ''}，从未报送 ${o.states.length - reported} 项；${o.period.name}（${o.period.since} 起）已报送 ${thisPeriod} 项。${pending.length ? `${pending.join('，')}。` : ''}`,
      ],
    },
  ]
  if (o.alerts.length) sections.push({ title: `需要关注 ${o.alerts.length} 项`, lines: alertLines(o) })
  if (o.late.length) {
    const lines = o.late.map((u) => `第${u.task}条 ${u.unit} ${lateMark(u, o.clock.year, ctx.settings.timezone)}`)
    sections.push({ title: `补报 ${o.late.length} 条（年度结束后报送，已计入最终状态）`, lines })
  }
  // After the plan year nobody owes a report for a period any more: units are behind only for 滞后 tasks.
  const behind = unitsBehind(o.clock.phase === 'after' ? o.units.map((u) => ({ ...u, overdue: [] })) : o.units)
  if (behind.length) {
    const lines = behind.slice(0, SUMMARY_UNIT_LINES).map((u) => {
      const parts = [u.overdue.length ? `${o.period.name}未报送 ${u.overdue.length} 项` : '', u.red.length ? `滞后 ${u.red.length} 项` : '']
      return `${u.unit}：${parts.filter(Boolean).join('，')}`
    })
    if (behind.length > SUMMARY_UNIT_LINES) lines.push(`另有 ${behind.length - SUMMARY_UNIT_LINES} 个单位，发送『哪些单位还没报送』查看`)
    sections.push({ title: `落后单位 ${behind.length} 个`, lines })
  }
  const url = dashboardLink(ctx, q.user)
  if (url) sections.push({ title: '看板', lines: [url] })
  sections.push({ title: '图例', lines: [legendLine(ctx.settings.silentPeriods)] })
  const reply = build(
    'summary',
    headline,
    sections,
    o.alerts
      .filter((s) => s.state === '滞后')
      .slice(0, SUMMARY_RED_LINES)
      .map((s) => s.task),
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
  const all = await statesAt(ctx, asked.at)
  const clock = planClock(ctx.plan, asked.at, ctx.settings.timezone)
  const notice = yearNotice(
    clock,
    all.reduce((n, s) => n + s.late.length, 0),
  )
  const line = (s: TaskState) => stateLine(ctx, s, clock.year)
  const sectionNumber = Number(scope.match(/^第\s*(\d+)\s*部分$/)?.[1] ?? Number.NaN)
  const unit = Number.isNaN(sectionNumber) ? ctx.units.resolve(scope) : null
  if (unit?.kind === 'unit') {
    const led = all.filter((s) => unit.unit.led.includes(s.task.number))
    const partnered = all.filter((s) => unit.unit.partnered.includes(s.task.number))
    const headline = `${notice}${unit.unit.name}汇总：牵头 ${led.length} 项、配合 ${partnered.length} 项。${tally([...led, ...partnered])}。`
    const sections = [
      { title: '牵头', lines: led.map(line) },
      { title: '配合', lines: partnered.map(line) },
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
    const sections = list.length ? [{ title: '可报送', lines: list.map(line) }] : []
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
    [{ title: '逐项状态', lines: list.map(line) }],
    list.map((s) => s.task),
  )
}

/** 「红灯任务」: the 滞后 tasks (behind 序时进度 by the threshold, or past the deadline), each with why. */
export const answerRedTasks: Answerer = async (ctx, routed) => {
  const asked = askedAsOf(ctx, routed)
  if (asked.refusal) return asked.refusal
  const states = await statesAt(ctx, asked.at)
  const notice = yearNotice(
    planClock(ctx.plan, asked.at, ctx.settings.timezone),
    states.reduce((n, s) => n + s.late.length, 0),
  )
  const red = states.filter((s) => s.state === '滞后')
  const asOf = `截至 ${dayOf(asked.at, ctx.settings.timezone)}`
  if (red.length === 0) return build('red_tasks', `${notice}${asOf}，没有滞后（红灯）任务。`, [], [])
  const lines = red
    .slice(0, SUMMARY_TASK_LINES)
    .map((s) => `${LIGHT_ICON.red} 第${s.task.number}条 ${gist(s.task, 24)}（${whoLeads(s.task)}）— ${s.reason}`)
  if (red.length > SUMMARY_TASK_LINES) lines.push(`（只列前 ${SUMMARY_TASK_LINES} 项；全部请发送「导出台账」）`)
  return build(
    'red_tasks',
    `${notice}${asOf}，滞后（红灯）任务 ${red.length} 项：`,
    [{ title: '滞后', lines }],
    red.map((s) => s.task),
  )
}

export { answerUnreported } from './unreported.js'
