import { gist, whoLeads } from '../format/plan-wording.js'
import { dayText, dueDay } from '../plan/deadlines.js'
import { planYear } from '../summary/plan-clock.js'
import { deadlineText } from '../summary/state-wording.js'
import { asTyped } from '../text/as-sent.js'
import { chineseNumber } from '../text/chinese-numerals.js'
import { formatTime } from '../time.js'
import type { Answerer } from './context.js'
import { actorOf, cycleNow, isReply, isTask, leadStep, recordStep, refuseStep, stepTask } from './cycle-common.js'
import { extensionRequestNotices, outcomeNotices, personOf } from './cycle-notices.js'
import { taskRef } from './format.js'
import { statesAt } from './summary-states.js'

/**
 * 延期: the lead unit asks 「延期 N 到9月底 原因」; an admin approves (「批准延期 N」: the deadline
 * moves, the old one stays shown everywhere as 「原为 …」) or declines with a reason. An admin's own
 * request is approved at once. 「待确认办结」「待审批延期」 list what awaits someone. Every step is an
 * event (progress/cycle-log.ts), audited.
 */

const DATE_FORM = '请写明新的完成时限，例如「延期 {n} 到9月底 原因」「延期 {n} 至2023年10月31日 原因」。'

/** 「九月底」 → 「9月底」: the month in digits, so deadlines.ts reads it. */
function monthDigits(deadline: string): string {
  return deadline.replace(/([一二三四五六七八九十]{1,3})(?=\s*月)/, (m) => String(chineseNumber(m) ?? m))
}

export const answerExtendDeadline: Answerer = async (ctx, routed, q) => {
  const intent = 'extend_deadline'
  const allowed = await leadStep(ctx, q, intent, Number(routed.slots.task), (task, actor) => {
    const who = actor.unit ? `${actor.unit}不是第${task.number}条的牵头单位：延期由牵头单位申请` : actor.hint.replace(/。$/, '')
    return `${who}。未提交。`
  })
  if ('reply' in allowed) return allowed
  const { task, actor } = allowed
  const written = routed.slots.deadline ? monthDigits(routed.slots.deadline.replace(/\s+/g, '')) : ''
  if (!written) return refuseStep(ctx, q, intent, 'no date', DATE_FORM.replaceAll('{n}', String(task.number)), task)
  const reason = asTyped(q.original, routed.slots.text ?? '')
  if (!reason)
    return refuseStep(
      ctx,
      q,
      intent,
      'no reason',
      `请写明延期原因，例如「延期 ${task.number} 到${written} 项目资金尚未到位」。未提交。`,
      task,
    )
  const cycle = await cycleNow(ctx, task)
  if (cycle.closed) return refuseStep(ctx, q, intent, 'closed', `第${task.number}条已办结，不需要延期。`, task)
  if (cycle.pendingExtension)
    return refuseStep(
      ctx,
      q,
      intent,
      'pending',
      `第${task.number}条已有待审批的延期申请（至${cycle.pendingExtension.deadline}），请等待管理员审批。`,
      task,
    )
  const year = planYear(ctx.plan, ctx.now(), ctx.settings.timezone)
  const current = cycle.extension?.deadline ?? task.deadline
  const from = dayText(dueDay(current, year))
  const to = dayText(dueDay(written, year))
  if (to <= from)
    return refuseStep(
      ctx,
      q,
      intent,
      'not later',
      `新的完成时限 ${written}（${to}）不晚于现在的 ${deadlineText(current)}（${from}），无需延期。未提交。`,
      task,
    )
  const common = { task: task.number, unit: actor.unit, userName: actor.userName }
  const change = { from: deadlineText(current), to: written, day: to }
  const told = actor.admin ? null : await extensionRequestNotices(ctx, task, personOf(q.user, actor), change, reason)
  const request = await recordStep(
    ctx,
    q,
    intent,
    { ...common, kind: 'extension_request', note: reason, deadline: written },
    'asks admin',
    {
      notices: told?.notices ?? [],
    },
  )
  if (isReply(request)) return request
  if (told)
    return {
      intent,
      reply: `已提交第${task.number}条的延期申请：完成时限由 ${change.from} 延至 ${written}（${to}），原因：${reason}\n待管理员审批（发送「批准延期 ${task.number}」或「驳回延期 ${task.number} 原因」）。\n${told.line}`,
      tasks: [taskRef(task)],
    }
  const approval = await recordStep(
    ctx,
    q,
    intent,
    { ...common, kind: 'extension_approved', note: '管理员直接批准', ref: request.id },
    'admin approves own request',
    { suffix: ':approved' },
  )
  if (isReply(approval)) return approval
  return {
    intent,
    reply: `第${task.number}条已延期：完成时限由 ${deadlineText(current)} 改为 ${written}（${to}），原时限保留在记录中。原因：${reason}`,
    tasks: [taskRef(task)],
  }
}

async function decide(ctx: Parameters<Answerer>[0], routed: Parameters<Answerer>[1], q: Parameters<Answerer>[2], approve: boolean) {
  const intent = approve ? 'approve_extension' : 'decline_extension'
  const task = await stepTask(ctx, q, intent, Number(routed.slots.task))
  if (!isTask(task)) return task
  const actor = await actorOf(ctx, q)
  if (!actor.admin) return refuseStep(ctx, q, intent, 'not an admin', '只有管理员可以审批延期申请。未处理。', task)
  const request = (await cycleNow(ctx, task)).pendingExtension
  if (!request) return refuseStep(ctx, q, intent, 'no request', `第${task.number}条没有待审批的延期申请。`, task)
  const note = asTyped(q.original, routed.slots.text ?? '')
  if (!approve && !note)
    return refuseStep(ctx, q, intent, 'no reason', `请写明驳回原因，例如「驳回延期 ${task.number} 理由不充分」。未处理。`, task)
  const kind = approve ? 'extension_approved' : 'extension_declined'
  const body = approve
    ? `完成时限由 ${deadlineText(task.deadline)} 改为 ${request.deadline}，原时限保留在记录中。${note ? `审批意见：${note}` : ''}`
    : `申请延至 ${request.deadline} 未获批准，完成时限不变。驳回原因：${note}`
  const told = outcomeNotices(ctx, task, request, kind, personOf(q.user, actor), body)
  const step = await recordStep(
    ctx,
    q,
    intent,
    { task: task.number, kind, unit: actor.unit, userName: actor.userName, note, ref: request.id },
    kind,
    { notices: told.notices },
  )
  if (isReply(step)) return step
  const reply = approve
    ? `已批准第${task.number}条延期：完成时限由 ${deadlineText(task.deadline)} 改为 ${request.deadline}（${request.unit ?? ''}申请，原因：${request.note}）。原时限保留在记录中。`
    : `已驳回第${task.number}条的延期申请（至${request.deadline}）：${note}。完成时限不变。`
  return { intent, reply: told.line ? `${reply}\n${told.line}` : reply, tasks: [taskRef(task)] }
}

export const answerApproveExtension: Answerer = (ctx, routed, q) => decide(ctx, routed, q, true)
export const answerDeclineExtension: Answerer = (ctx, routed, q) => decide(ctx, routed, q, false)

/** 「待确认办结」「待审批延期」: what awaits a lead unit's confirmation or an admin's decision. */
export const answerCyclePending: Answerer = async (ctx) => {
  const states = await statesAt(ctx, ctx.now())
  const tz = ctx.settings.timezone
  const day = (at: string) => formatTime(at, tz).slice(0, 10)
  const closes = states.filter((s) => s.cycle.pendingClose)
  const extensions = states.filter((s) => s.cycle.pendingExtension)
  const lines: string[] = []
  if (closes.length) {
    lines.push(`【待牵头单位确认的办结申请 ${closes.length} 项】`)
    for (const s of closes) {
      const r = s.cycle.pendingClose as NonNullable<typeof s.cycle.pendingClose>
      lines.push(
        `第${s.task.number}条 ${gist(s.task, 20)}（${whoLeads(s.task)}）— ${r.unit ?? ''} ${day(r.at)} 申请：${r.note}（「确认办结 ${s.task.number}」）`,
      )
    }
  }
  if (extensions.length) {
    lines.push(`【待管理员审批的延期申请 ${extensions.length} 项】`)
    for (const s of extensions) {
      const r = s.cycle.pendingExtension as NonNullable<typeof s.cycle.pendingExtension>
      lines.push(
        `第${s.task.number}条 ${gist(s.task, 20)} — ${r.unit ?? ''} ${day(r.at)} 申请由 ${deadlineText(s.deadline)} 延至 ${r.deadline}：${r.note}（「批准延期 ${s.task.number}」）`,
      )
    }
  }
  if (lines.length === 0) return { intent: 'cycle_pending', reply: '目前没有待确认的办结申请，也没有待审批的延期申请。', tasks: [] }
  return { intent: 'cycle_pending', reply: lines.join('\n'), tasks: [...closes, ...extensions].map((s) => taskRef(s.task)) }
}
