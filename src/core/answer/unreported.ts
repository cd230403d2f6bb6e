import { leadName } from '../format/plan-wording.js'
import type { BotReply } from '../message.js'
import { type ProgressFacts, readFacts } from '../summary/facts.js'
import { updatesAsOf } from '../summary/overview.js'
import { type PlanClock, planClock, yearNotice } from '../summary/plan-clock.js'
import { PERIOD_NAME, periodSince, unreportedByLead } from '../summary/reminder.js'
import { askedAsOf } from './as-of.js'
import type { AnswerContext, Answerer } from './context.js'
import { sectionedReply as build, statesAt } from './summary-states.js'

/**
 * 「哪些单位还没报送」: lead units with open tasks and no update this period (as of the asked date);
 * tasks already 办结 or reported done are nobody's to report. After the plan year nobody is chased
 * any more: the answer says the year is over and lists the tasks that were never reported at all.
 */
export const answerUnreported: Answerer = async (ctx, routed) => {
  const asked = askedAsOf(ctx, routed)
  if (asked.refusal) return asked.refusal
  const clock = planClock(ctx.plan, asked.at, ctx.settings.timezone)
  const facts = await readFacts(ctx.store)
  if (clock.phase === 'after') return neverReported(ctx, clock, facts)
  const opts = { now: asked.at, period: ctx.settings.reportPeriod, timezone: ctx.settings.timezone }
  const closed = new Set((await statesAt(ctx, asked.at, facts)).filter((s) => s.cycle.closed).map((s) => s.task.number))
  const leads = unreportedByLead(ctx.plan, updatesAsOf(facts.updates, asked.at), opts, ctx.units, closed)
  const period = `${yearNotice(clock)}${PERIOD_NAME[opts.period]}（${periodSince(opts)} 起）`
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

async function neverReported(ctx: AnswerContext, clock: PlanClock, facts: ProgressFacts): Promise<BotReply> {
  const silent = (await statesAt(ctx, clock.asOf, facts)).filter((s) => s.updates === 0 && !s.cycle.closed)
  const notice = `${yearNotice(clock)}不再催报。`
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
