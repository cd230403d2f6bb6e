import type { BotReply } from '../message.js'
import type { Binding } from '../progress/store.js'
import type { AnswerContext, Answerer, Question } from './context.js'

/**
 * Who is who: bindings from a chat user to a unit. Deny by default: a unit is only ever taken from
 * a stored, approved binding, never from the text of a progress message. Every decision is audited.
 */

export function isAdmin(ctx: AnswerContext, user: string): boolean {
  return ctx.settings.admins.includes(user)
}

export function audit(ctx: AnswerContext, q: Question, action: string, allowed: boolean, reason: string, detail?: unknown): void {
  ctx.store.audit({ at: ctx.now().toISOString(), user: q.user, action, allowed, reason, detail })
}

const HOW_TO_BIND = '请先发送「我是XX科的」或「绑定 XX科」绑定单位。'

export function bindingHint(binding: Binding | null): string {
  if (binding?.status === 'pending') return `你绑定「${binding.unit}」的申请还在等待管理员批准。`
  return `你还没有绑定单位。${HOW_TO_BIND}`
}

export const answerBind: Answerer = (ctx, routed, q) => {
  const typed = routed.slots.unit ?? ''
  const forOther = routed.slots.user
  if (forOther && !isAdmin(ctx, q.user)) {
    audit(ctx, q, 'bind', false, 'only admins may bind other users', { target: forOther })
    return reply('只有管理员可以为他人绑定单位。')
  }
  const match = ctx.units.resolve(typed)
  // 「我们是津市局的」: a county bureau the closing paragraph makes responsible for all business work.
  if (match?.kind === 'shared' && !forOther) {
    audit(ctx, q, 'bind', false, 'shared body, not a unit of any task', { typed })
    const sentence = ctx.plan.sharedUnits?.sentence ?? ''
    return reply(
      `${match.name}不是哪一条任务单列的责任单位，所以不能绑定报送；但工作要点结尾写明：「${sentence}」也就是说，所有市场监管业务工作都要配合牵头科室落实。可以问「${match.name}要配合哪些工作」。`,
    )
  }
  if (match?.kind !== 'unit') {
    audit(ctx, q, 'bind', false, 'unknown unit', { typed })
    const suggestions = ctx.units.suggest(typed)
    return reply(
      `工作要点里没有「${typed}」这个单位。${suggestions.length ? `你是不是想说：${suggestions.join('、')}？` : ''}请用工作要点中的单位名称绑定。`,
    )
  }
  const unit = match.unit.name
  const user = forOther ?? q.user
  const approvedNow = ctx.settings.bindingPolicy === 'open' || isAdmin(ctx, q.user)
  ctx.store.putBinding({
    user,
    unit,
    status: approvedNow ? 'approved' : 'pending',
    userName: forOther ? null : (q.userName ?? null),
    requestedAt: ctx.now().toISOString(),
    approvedBy: approvedNow ? q.user : null,
  })
  audit(ctx, q, 'bind', true, approvedNow ? `bound (${ctx.settings.bindingPolicy})` : 'pending approval', { user, unit })
  if (!approvedNow && ctx.settings.admins.length === 0)
    return reply(`已提交绑定申请：${unit}。但目前没有配置管理员（BOT_ADMINS），暂时无人能批准，请联系机器人的运维人员。`)
  if (!approvedNow) return reply(`已提交绑定申请：${unit}。请等待管理员批准（管理员发送「批准 ${user}」）。`)
  return reply(`${forOther ? `已将 ${forOther}` : '已'}绑定到 ${unit}。${forOther ? '' : '之后可以发送「进度 条号 内容」报送进度。'}`)
}

export const answerWhoami: Answerer = (ctx, _routed, q) => {
  const binding = ctx.store.getBinding(q.user)
  if (!binding) return reply(`你（${q.user}）还没有绑定单位。${HOW_TO_BIND}`)
  const unit = ctx.units.get(binding.unit)
  const counts = unit ? `牵头 ${unit.led.length} 项、配合 ${unit.partnered.length} 项任务` : ''
  const status = binding.status === 'approved' ? '已绑定' : '待批准'
  return reply(`你（${q.user}）${status}：${binding.unit}${counts ? `，${counts}` : ''}。${isAdmin(ctx, q.user) ? '你是管理员。' : ''}`)
}

export const answerUnbind: Answerer = (ctx, _routed, q) => {
  const removed = ctx.store.removeBinding(q.user)
  audit(ctx, q, 'unbind', removed, removed ? 'binding removed' : 'no binding')
  return reply(removed ? '已解除绑定。' : '你目前没有绑定单位。')
}

export const answerApprove: Answerer = (ctx, routed, q) => {
  const user = routed.slots.user ?? ''
  if (!isAdmin(ctx, q.user)) {
    audit(ctx, q, 'approve', false, 'not an admin', { user })
    return reply('只有管理员可以批准绑定申请。')
  }
  const binding = ctx.store.getBinding(user)
  if (binding?.status !== 'pending') {
    audit(ctx, q, 'approve', false, 'no pending request', { user })
    return reply(`没有 ${user} 的待批准申请。发送「待审批」查看列表。`)
  }
  ctx.store.putBinding({ ...binding, status: 'approved', approvedBy: q.user })
  audit(ctx, q, 'approve', true, 'approved', { user, unit: binding.unit })
  return reply(`已批准：${binding.userName ?? user} 绑定到 ${binding.unit}。`)
}

export const answerPending: Answerer = (ctx, _routed, q) => {
  if (!isAdmin(ctx, q.user)) {
    audit(ctx, q, 'list_pending', false, 'not an admin')
    return reply('只有管理员可以查看待审批的绑定申请。')
  }
  const pending = ctx.store.pendingBindings()
  audit(ctx, q, 'list_pending', true, 'admin', { count: pending.length })
  if (pending.length === 0) return reply('目前没有待审批的绑定申请。')
  return reply(['待审批的绑定申请：', ...pending.map((b) => `· ${b.userName ?? b.user}（${b.user}）→ ${b.unit}`)].join('\n'))
}

function reply(text: string): BotReply {
  return { intent: 'identity', reply: text, tasks: [] }
}
