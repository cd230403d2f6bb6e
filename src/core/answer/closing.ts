import { readFacts } from '../summary/facts.js'
import { cycleLine, targetLine } from '../summary/task-wording.js'
import { asTyped } from '../text/as-sent.js'
import type { Answerer } from './context.js'
import {
  actorOf,
  cycleNow,
  isLeadUnit,
  isReply,
  isTask,
  leadStep,
  leadsOf,
  onTask,
  recordStep,
  refuseStep,
  stepTask,
} from './cycle-common.js'
import { closeRequestNotices, outcomeNotices, personOf } from './cycle-notices.js'
import { taskRef } from './format.js'
import { statesAt } from './summary-states.js'

/**
 * 办结 and 销号, as a 督查室 runs them: the lead unit's 「办结 N 说明」 closes the task at once; a
 * co-unit's asks the lead unit, whose 「确认办结 N」 (or an admin's) closes it, or 「退回办结 N 原因」
 * sends it back; 「重新打开 N 原因」 (lead unit or admin) reopens a closed task. A report that says
 * 已完成 closes nothing. Every step is stored as an event (progress/cycle-log.ts) and audited.
 */

const NEED_NOTE = (n: number) => `请写明办结说明，例如「办结 ${n} 全年目标已完成，……」。未办结。`

/** Targets still short of 100% when a task is closed: the reply says so, the closing stands. */
async function shortTargets(ctx: Parameters<Answerer>[0], number: number): Promise<string[]> {
  const state = (await statesAt(ctx, ctx.now(), await readFacts(ctx.store))).find((s) => s.task.number === number)
  const short = state?.targets.filter((t) => t.attainment === null || t.attainment < 100) ?? []
  return short.length ? [`提示：以下目标尚未报送达标：${short.map(targetLine).join('；')}。`] : []
}

export const answerCloseTask: Answerer = async (ctx, routed, q) => {
  const intent = 'close_task'
  const task = await stepTask(ctx, q, intent, Number(routed.slots.task))
  if (!isTask(task)) return task
  const note = asTyped(q.original, routed.slots.text ?? '')
  const actor = await actorOf(ctx, q)
  if (!actor.unit && !actor.admin) return refuseStep(ctx, q, intent, 'not bound', `${actor.hint}未办结。`, task)
  if (!actor.admin && !onTask(ctx, task, actor.unit))
    return refuseStep(ctx, q, intent, 'unit not on task', `${actor.unit}不是第${task.number}条的责任单位，不能办结。`, task)
  if (!note) return refuseStep(ctx, q, intent, 'no note', NEED_NOTE(task.number), task)
  const cycle = await cycleNow(ctx, task)
  if (cycle.closed)
    return refuseStep(
      ctx,
      q,
      intent,
      'already closed',
      `第${task.number}条已办结：${cycleLine({ cycle, doneReported: false }, ctx.settings.timezone)}`,
      task,
    )
  const lead = isLeadUnit(ctx, task, actor.unit) || actor.admin
  const unit = lead && !isLeadUnit(ctx, task, actor.unit) ? (leadsOf(ctx, task)[0] ?? actor.unit) : actor.unit
  const kind = lead ? 'close' : 'close_request'
  const told = lead ? null : await closeRequestNotices(ctx, task, personOf(q.user, actor), note)
  const step = await recordStep(
    ctx,
    q,
    intent,
    { task: task.number, kind, unit, userName: actor.userName, note },
    lead ? 'closed' : 'asks lead',
    { notices: told?.notices ?? [] },
  )
  if (isReply(step)) return step
  if (lead) {
    const lines = [
      `第${task.number}条已办结（销号）：${note}`,
      ...(await shortTargets(ctx, task.number)),
      '如需撤销，牵头单位或管理员发送「重新打开 条号 原因」。',
    ]
    return { intent, reply: lines.join('\n'), tasks: [taskRef(task)] }
  }
  const leads = leadsOf(ctx, task).join('、') || '牵头单位'
  return {
    intent,
    reply: `已提交第${task.number}条的办结申请（${actor.unit}）：${note}\n待牵头单位${leads}确认：请其发送「确认办结 ${task.number}」，或「退回办结 ${task.number} 原因」。\n${told?.line ?? ''}`,
    tasks: [taskRef(task)],
  }
}

export const answerConfirmClose: Answerer = async (ctx, routed, q) => {
  const intent = 'confirm_close'
  const allowed = await leadStep(ctx, q, intent, Number(routed.slots.task), (task, actor) => {
    const why = actor.unit ? `${actor.unit}不是第${task.number}条的牵头单位` : actor.hint.replace(/。$/, '')
    return `${why}，只有牵头单位或管理员可以确认办结。未处理。`
  })
  if ('reply' in allowed) return allowed
  const { task, actor } = allowed
  const cycle = await cycleNow(ctx, task)
  if (cycle.closed) return refuseStep(ctx, q, intent, 'already closed', `第${task.number}条已经办结。`, task)
  const request = cycle.pendingClose
  if (!request)
    return refuseStep(
      ctx,
      q,
      intent,
      'no request',
      `第${task.number}条没有待确认的办结申请。牵头单位可直接发送「办结 ${task.number} 说明」。`,
      task,
    )
  const note = asTyped(q.original, routed.slots.text ?? '')
  const unit = actor.unit && isLeadUnit(ctx, task, actor.unit) ? actor.unit : (leadsOf(ctx, task)[0] ?? actor.unit)
  const body = `第${task.number}条已办结（销号）。${note ? `确认意见：${note}` : ''}`
  const told = outcomeNotices(ctx, task, request, 'close_confirmed', personOf(q.user, actor), body)
  const step = await recordStep(
    ctx,
    q,
    intent,
    { task: task.number, kind: 'close', unit, userName: actor.userName, note, ref: request.id },
    'confirmed',
    { notices: told.notices },
  )
  if (isReply(step)) return step
  const lines = [
    `已确认：第${task.number}条已办结（销号），办结申请来自${request.unit ?? '配合单位'}：${request.note}`,
    ...(await shortTargets(ctx, task.number)),
    ...(told.line ? [told.line] : []),
  ]
  return { intent, reply: lines.join('\n'), tasks: [taskRef(task)] }
}

export const answerDeclineClose: Answerer = async (ctx, routed, q) => {
  const intent = 'decline_close'
  const allowed = await leadStep(
    ctx,
    q,
    intent,
    Number(routed.slots.task),
    (task) => `只有第${task.number}条的牵头单位或管理员可以退回办结申请。未处理。`,
  )
  if ('reply' in allowed) return allowed
  const { task, actor } = allowed
  const note = asTyped(q.original, routed.slots.text ?? '')
  if (!note)
    return refuseStep(ctx, q, intent, 'no reason', `请写明退回原因，例如「退回办结 ${task.number} 授权量尚未达标」。未处理。`, task)
  const request = (await cycleNow(ctx, task)).pendingClose
  if (!request) return refuseStep(ctx, q, intent, 'no request', `第${task.number}条没有待确认的办结申请。`, task)
  const body = `退回原因：${note}\n补充完善后可重新发送「办结 ${task.number} 说明」。`
  const told = outcomeNotices(ctx, task, request, 'close_declined', personOf(q.user, actor), body)
  const step = await recordStep(
    ctx,
    q,
    intent,
    { task: task.number, kind: 'close_declined', unit: actor.unit, userName: actor.userName, note, ref: request.id },
    'declined',
    { notices: told.notices },
  )
  if (isReply(step)) return step
  const reply = `已退回${request.unit ?? '配合单位'}对第${task.number}条的办结申请：${note}${told.line ? `\n${told.line}` : ''}`
  return { intent, reply, tasks: [taskRef(task)] }
}

export const answerReopenTask: Answerer = async (ctx, routed, q) => {
  const intent = 'reopen_task'
  const allowed = await leadStep(
    ctx,
    q,
    intent,
    Number(routed.slots.task),
    (task) => `只有第${task.number}条的牵头单位或管理员可以重新打开已办结的任务。未处理。`,
  )
  if ('reply' in allowed) return allowed
  const { task, actor } = allowed
  const note = asTyped(q.original, routed.slots.text ?? '')
  if (!note)
    return refuseStep(ctx, q, intent, 'no reason', `请写明重新打开的原因，例如「重新打开 ${task.number} 复核发现数据有误」。未处理。`, task)
  const cycle = await cycleNow(ctx, task)
  if (!cycle.closed) return refuseStep(ctx, q, intent, 'not closed', `第${task.number}条尚未办结，不需要重新打开。`, task)
  const step = await recordStep(
    ctx,
    q,
    intent,
    { task: task.number, kind: 'reopen', unit: actor.unit, userName: actor.userName, note },
    'reopened',
  )
  if (isReply(step)) return step
  return { intent, reply: `已重新打开第${task.number}条（原办结记录保留）：${note}\n该任务重新计入督办和汇总。`, tasks: [taskRef(task)] }
}
