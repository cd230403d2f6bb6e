import { whoLeads } from '../format/plan-wording.js'
import type { Routed } from '../intents/router.js'
import type { BotReply } from '../message.js'
import { hasOwnDeadline } from '../plan/deadlines.js'
import { planClock, yearNotice } from '../summary/plan-clock.js'
import { deadlineLine, stateLabel } from '../summary/state-wording.js'
import type { TaskState } from '../summary/status.js'
import { dayOf } from '../summary/wording.js'
import type { AnswerContext } from './context.js'
import { gist, taskRef } from './format.js'
import { statesAt } from './summary-states.js'

/**
 * Deadline questions answered from each task's due day (status.ts reads it from Task.deadline; a
 * task without one is due at the plan year's end): 「本月到期的任务」 lists what falls due in this
 * month (or 下个月, 本季度), 「逾期任务」 what is past its deadline and not 办结. Tasks
 * that are only due at the year's end are counted, not listed, so December does not list the whole
 * plan.
 */

/** First and last day (YYYY-MM-DD) of the span a 「到期」 question names, relative to today. */
function dueSpan(period: string, today: string): { label: string; from: string; to: string } {
  const [year, month] = today.split('-').map(Number) as [number, number]
  const two = (n: number) => String(n).padStart(2, '0')
  const monthSpan = (y: number, m: number, label: string) => ({ label, from: `${y}-${two(m)}-01`, to: `${y}-${two(m)}-31` })
  if (/下个?月/.test(period)) return month === 12 ? monthSpan(year + 1, 1, '下个月') : monthSpan(year, month + 1, '下个月')
  if (/季度/.test(period)) {
    const first = Math.floor((month - 1) / 3) * 3 + 1
    return { label: '本季度', from: `${year}-${two(first)}-01`, to: `${year}-${two(first + 2)}-31` }
  }
  return monthSpan(year, month, '本月')
}

function dueLine(s: TaskState): string {
  const when = hasOwnDeadline(s.deadline) ? `${deadlineLine(s)}（${s.due}）` : `${s.due}（年底）`
  return `第${s.task.number}条 ${gist(s.task, 24)}（${whoLeads(s.task)}）— 完成时限 ${when}，${stateLabel(s)}`
}

function reply(intent: string, head: string, lines: string[], states: TaskState[]): BotReply {
  return { intent, reply: [head, ...lines].join('\n'), tasks: states.map((s) => taskRef(s.task)) }
}

/** 「本月到期的任务」「下个月到期的任务」「本季度到期的任务」. */
export async function answerDueTasks(ctx: AnswerContext, routed: Routed): Promise<BotReply> {
  const now = ctx.now()
  const timezone = ctx.settings.timezone
  const span = dueSpan(routed.slots.due ?? '', dayOf(now, timezone))
  const notice = yearNotice(planClock(ctx.plan, now, timezone))
  const inSpan = (await statesAt(ctx, now)).filter((s) => s.due >= span.from && s.due <= span.to)
  const dated = inSpan.filter((s) => hasOwnDeadline(s.deadline))
  const standing = inSpan.length - dated.length
  const yearEnd =
    standing > 0 ? [`另有 ${standing} 项没有单独写完成时限，按年底（${inSpan.find((s) => !dated.includes(s))?.due}）完成。`] : []
  const label = `${span.label}（${span.from.slice(0, 7)}）`
  if (dated.length === 0 && standing === 0) return reply('timeline', `${notice}${label}没有到期的任务。`, [], [])
  const open = dated.filter((s) => !s.cycle.closed).length
  const head = dated.length
    ? `${notice}${label}到期的任务 ${dated.length} 项，其中未办结 ${open} 项：`
    : `${notice}${label}没有单独写明到期的任务。`
  return reply('timeline', head, [...dated.map(dueLine), ...yearEnd], dated)
}

/** 「逾期任务」: past the deadline, not reported done, below 100%. After the year: as of its last day. */
export async function answerOverdueTasks(ctx: AnswerContext): Promise<BotReply> {
  const now = ctx.now()
  const timezone = ctx.settings.timezone
  const clock = planClock(ctx.plan, now, timezone)
  const notice = yearNotice(clock)
  const states = await statesAt(ctx, now)
  const overdue = states.filter((s) => s.overdue)
  // A task due on the year's last day cannot be overdue within the year; once it is over, say how many stayed open.
  const openAtYearEnd = clock.phase === 'after' ? states.filter((s) => !s.overdue && !s.cycle.closed).length : 0
  const tail = openAtYearEnd ? [`另有 ${openAtYearEnd} 项到年底仍未办结（完成时限为年底）。`] : []
  if (overdue.length === 0) return reply('timeline', `${notice}${notice ? '没有' : '目前没有'}逾期任务（已过完成时限仍未办结）。`, tail, [])
  return reply('timeline', `${notice}逾期任务 ${overdue.length} 项（已过完成时限仍未办结）：`, [...overdue.map(dueLine), ...tail], overdue)
}
