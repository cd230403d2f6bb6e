import type { BotReply, ReplySection } from '../message.js'
import type { Task } from '../plan/types.js'
import { type ProgressFacts, readFacts } from '../summary/facts.js'
import type { Overview } from '../summary/overview.js'
import { buildOverview } from '../summary/overview.js'
import { type StatusOptions, type TaskState, taskStates } from '../summary/status.js'
import type { AnswerContext } from './context.js'
import { taskRef } from './format.js'

/**
 * The states and the Overview every leaders' answer starts from: the facts the store holds
 * (summary/facts.ts) through the one state function, with the answer context's clock and settings.
 */

/** The clock and settings every status computation needs, read once per answer; `at` is the as-of instant. */
export function statusOptions(ctx: AnswerContext, at: Date = ctx.now()): StatusOptions {
  return { now: at, timezone: ctx.settings.timezone, period: ctx.settings.reportPeriod, alertPeriods: ctx.settings.silentPeriods }
}

/** Every task's state at `at`, from the facts the store holds now. */
export async function statesAt(ctx: AnswerContext, at: Date, facts?: ProgressFacts): Promise<TaskState[]> {
  const f = facts ?? (await readFacts(ctx.store))
  return taskStates(ctx.plan, f.updates, statusOptions(ctx, at), f.events)
}

/** The shared Overview at `at`: the numbers behind 「汇总」, the dashboard and the 台账. */
export async function overviewAt(ctx: AnswerContext, at: Date): Promise<Overview> {
  return buildOverview(ctx.plan, await readFacts(ctx.store), statusOptions(ctx, at))
}

/** A reply with a headline and titled sections (adapters render them as blocks or paragraphs). */
export function sectionedReply(intent: string, headline: string, sections: ReplySection[], tasks: Task[]): BotReply {
  const body = sections.map((s) => [`【${s.title}】`, ...s.lines].join('\n'))
  return { intent, headline, sections, reply: [headline, ...body].join('\n'), tasks: tasks.map(taskRef) }
}
