import type { BotReply } from '../message.js'
import type { Task } from '../plan/types.js'
import type { NewTaskEvent, StoredTaskEvent } from '../progress/cycle-log.js'
import type { NewNotice } from '../progress/notices.js'
import { StoreUnavailableError } from '../progress/store.js'
import { foldCycle, type TaskCycle } from '../summary/cycle.js'
import type { AnswerContext, Question } from './context.js'
import { taskRef } from './format.js'
import { audit, bindingHint, isAdmin } from './identity.js'
import { taskAccepts } from './reportable.js'

/**
 * What every 督办 cycle command needs: who is acting (their bound unit, whether they lead the task,
 * whether they are an admin), the task's cycle as it stands, and one way to record a step (audited
 * in the same transaction, deduplicated by message id) or refuse one (audited, nothing stored).
 */

export interface Actor {
  /** The sender's approved unit, or null. */
  unit: string | null
  admin: boolean
  userName: string | null
}

export async function actorOf(ctx: AnswerContext, q: Question): Promise<Actor & { hint: string }> {
  const binding = await ctx.store.getBinding(q.user)
  const unit = binding?.status === 'approved' ? binding.unit : null
  return { unit, admin: isAdmin(ctx, q.user), userName: q.userName ?? binding?.userName ?? null, hint: bindingHint(binding) }
}

const canonical = (ctx: AnswerContext, name: string) => ctx.units.get(name)?.name ?? name

/** The task's lead units (a group-word lead: its member units), as the directory names them. */
export function leadsOf(ctx: AnswerContext, task: Task): string[] {
  return ctx.units.leadsOf(task).map((name) => canonical(ctx, name))
}

export function isLeadUnit(ctx: AnswerContext, task: Task, unit: string | null): boolean {
  return unit !== null && leadsOf(ctx, task).includes(canonical(ctx, unit))
}

export function onTask(ctx: AnswerContext, task: Task, unit: string | null): boolean {
  return unit !== null && taskAccepts(ctx, task, unit)
}

/** The task's cycle now. */
export async function cycleNow(ctx: AnswerContext, task: Task): Promise<TaskCycle> {
  return foldCycle(await ctx.store.cycle.list({ task: task.number }), ctx.now(), task.deadline)
}

export async function refuseStep(
  ctx: AnswerContext,
  q: Question,
  intent: string,
  reason: string,
  reply: string,
  task?: Task,
): Promise<BotReply> {
  await audit(ctx, q, intent, false, reason, { task: task?.number ?? null })
  return { intent, reply, tasks: task ? [taskRef(task)] : [] }
}

/**
 * Records one step of the cycle, with the notices it owes (cycle-notices.ts) in the same commit;
 * the stored event, or the reply to give instead (the message was already handled, or the
 * database is unavailable: nothing was stored). `suffix` tells apart two steps of one message.
 */
export async function recordStep(
  ctx: AnswerContext,
  q: Question,
  intent: string,
  step: Omit<NewTaskEvent, 'user' | 'userName' | 'sourceId' | 'at'> & { userName: string | null },
  reason: string,
  extra: { suffix?: string; notices?: readonly NewNotice[] } = {},
): Promise<StoredTaskEvent | BotReply> {
  const at = ctx.now().toISOString()
  const sourceId = q.messageId ? `${q.platform}:${q.messageId}${extra.suffix ?? ''}` : null
  try {
    const result = await ctx.store.cycle.add(
      { ...step, user: q.user, sourceId, at },
      { at, user: q.user, action: intent, allowed: true, reason, detail: { task: step.task, kind: step.kind, unit: step.unit } },
      extra.notices,
    )
    if (result.stored) return result.event
    return { intent, reply: `这条消息已经处理过（第${step.task}条，编号 ${result.duplicateOf.id}）。`, tasks: [] }
  } catch (error) {
    if (error instanceof StoreUnavailableError) return { intent, reply: error.reply, tasks: [] }
    throw error
  }
}

export function isReply(x: StoredTaskEvent | BotReply): x is BotReply {
  return 'reply' in x
}

/**
 * The task a command names, or the reply to give instead: it does not exist, or this very message
 * (same platform message id) was already handled, so a redelivery is answered as such rather than
 * checked again against the state it changed.
 */
export async function stepTask(ctx: AnswerContext, q: Question, intent: string, number: number): Promise<Task | BotReply> {
  const task = ctx.search.task(number)
  if (!task) return { intent, reply: `工作要点没有第${number}条（共 ${ctx.plan.tasks.length} 条），未处理。`, tasks: [] }
  const sourceId = q.messageId ? `${q.platform}:${q.messageId}` : null
  const seen = sourceId ? (await ctx.store.cycle.list({ task: number })).find((e) => e.sourceId === sourceId) : undefined
  if (seen) return { intent, reply: `这条消息已经处理过（第${number}条，编号 ${seen.id}）。`, tasks: [taskRef(task)] }
  return task
}

export function isTask(x: Task | BotReply): x is Task {
  return !('reply' in x)
}

/**
 * The task a command names and who sends it, when the sender may take this step: a lead unit of the
 * task or an admin. Otherwise the reply to give (no such task, already handled, or the refusal
 * `refusal` words, audited as 'not the lead unit').
 */
export async function leadStep(
  ctx: AnswerContext,
  q: Question,
  intent: string,
  number: number,
  refusal: (task: Task, actor: Actor & { hint: string }) => string,
): Promise<{ task: Task; actor: Actor & { hint: string } } | BotReply> {
  const task = await stepTask(ctx, q, intent, number)
  if (!isTask(task)) return task
  const actor = await actorOf(ctx, q)
  if (!actor.admin && !isLeadUnit(ctx, task, actor.unit)) return refuseStep(ctx, q, intent, 'not the lead unit', refusal(task, actor), task)
  return { task, actor }
}
