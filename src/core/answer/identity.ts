import type { BotReply } from '../message.js'
import { countyGroupKind, namesOneCounty } from '../plan/group-members.js'
import type { Binding } from '../progress/store.js'
import type { AnswerContext, Answerer, Question } from './context.js'
import { quote } from './format.js'
import { reportableTasks } from './reportable.js'

/**
 * Who is who: bindings from a chat user to a unit. Deny by default: a unit is only ever taken from
 * a stored, approved binding, never from the text of a progress message. Every decision is audited.
 */

export function isAdmin(ctx: AnswerContext, user: string): boolean {
  return ctx.settings.admins.includes(user)
}

export function audit(ctx: AnswerContext, q: Question, action: string, allowed: boolean, reason: string, detail?: unknown): Promise<void> {
  return ctx.store.audit({ at: ctx.now().toISOString(), user: q.user, action, allowed, reason, detail })
}

const HOW_TO_BIND = '请先发送「我是XX科的」或「绑定 XX科」绑定单位。'

export function bindingHint(binding: Binding | null): string {
  if (binding?.status === 'pending') return `你绑定「${binding.unit}」的申请还在等待管理员批准。`
  return `你还没有绑定单位。${HOW_TO_BIND}`
}

export const answerBind: Answerer = async (ctx, routed, q) => {
  const typed = routed.slots.unit ?? ''
  const forOther = routed.slots.user
  if (forOther && !isAdmin(ctx, q.user)) {
    await audit(ctx, q, 'bind', false, 'only admins may bind other users', { target: forOther })
    return reply('只有管理员可以为他人绑定单位。')
  }
  const match = ctx.units.resolve(typed)
  // 「我们是县局的」: a kind of body (the closing paragraph's 各区县(市)…), not which one.
  if (match?.kind === 'shared') {
    await audit(ctx, q, 'bind', false, 'kind of body, not one body', { typed, shared: match.name })
    return reply(kindOfBodyReply(ctx, typed, match.name))
  }
  // 「我是食品相关科室的」: a group word; its members bind one by one.
  if (match?.kind === 'placeholder') {
    await audit(ctx, q, 'bind', false, 'group word, not one unit', { typed })
    if (countyGroupKind(match.name) !== null) return reply(kindOfBodyReply(ctx, typed, match.name))
    const members = ctx.units.membersOf(match.name)
    return reply(
      `「${match.name}」是工作要点对一组单位的统称，不能作为一个单位绑定。${
        members.length ? `请用其中的具体单位绑定：${members.join('、')}。` : '请用具体单位的名称绑定。'
      }`,
    )
  }
  if (match?.kind !== 'unit' && match?.kind !== 'member') {
    await audit(ctx, q, 'bind', false, 'unknown unit', { typed })
    const suggestions = ctx.units.suggest(typed)
    return reply(
      `工作要点里没有「${typed}」这个单位。${suggestions.length ? `你是不是想说：${suggestions.join('、')}？` : ''}请用工作要点中的单位名称绑定。`,
    )
  }
  const unit = match.kind === 'unit' ? match.unit.name : match.name
  const user = forOther ?? q.user
  const approvedNow = ctx.settings.bindingPolicy === 'open' || isAdmin(ctx, q.user)
  await ctx.store.putBinding({
    user,
    unit,
    status: approvedNow ? 'approved' : 'pending',
    userName: forOther ? null : (q.userName ?? null),
    requestedAt: ctx.now().toISOString(),
    approvedBy: approvedNow ? q.user : null,
  })
  const groups = match.kind === 'member' ? { groups: match.groups } : {}
  await audit(ctx, q, 'bind', true, approvedNow ? `bound (${ctx.settings.bindingPolicy})` : 'pending approval', { user, unit, ...groups })
  if (!approvedNow && ctx.settings.admins.length === 0)
    return reply(`已提交绑定申请：${unit}。但目前没有配置管理员（BOT_ADMINS），暂时无人能批准，请联系机器人的运维人员。`)
  if (!approvedNow) return reply(`已提交绑定申请：${unit}。请等待管理员批准（管理员发送「批准 ${user}」）。`)
  if (match.kind === 'member') return reply(`${forOther ? `已将 ${forOther}` : '已'}绑定到 ${unit}。${memberScope(ctx, unit, match)}`)
  return reply(`${forOther ? `已将 ${forOther}` : '已'}绑定到 ${unit}。${forOther ? '' : '之后可以发送「进度 条号 内容」报送进度。'}`)
}

/** What a body bound through group words may report: 「写明「各县级局」的第43条」, and the closing paragraph's part. */
function memberScope(ctx: AnswerContext, unit: string, match: { groups: string[]; shared: boolean }): string {
  const tasks = reportableTasks(ctx, unit).map((t) => t.number)
  const own = tasks.length
    ? `工作要点写明${groupWords(match.groups)}的任务可以报送进度：第${tasks.join('、')}条（发送「进度 ${tasks[0]} 内容」）。`
    : `工作要点没有单列由${unit}报送的任务。`
  const sentence = ctx.plan.sharedUnits?.sentence
  const shared =
    match.shared && sentence ? `工作要点结尾写明：${quote(sentence)}其他业务工作要配合牵头科室落实，发送「我的任务」查看。` : ''
  return `${own}${shared}`
}

/**
 * 「县局」「市场监督管理局」: names a kind of body, or one the configured list lacks. Says which can
 * bind: the bodies the closing paragraph or the configured list name, else how a name is written.
 */
function kindOfBodyReply(ctx: AnswerContext, typed: string, kind: string): string {
  const { groups } = ctx.units
  const listed = groups.listedBodies()
  const configured = groups.words.some((w) => groups.isConfigured(w))
  const example = `「绑定 XX县${kind.match(/市场监督管理局|市场监管局/)?.[0] ?? '局'}」`
  const sentence = ctx.plan.sharedUnits?.sentence
  const where = sentence ? `工作要点结尾写明：${quote(sentence)}` : ''
  const how = listed.length
    ? `可以绑定的有：${listed.join('、')}${configured ? '（按配置的名单）' : `；其他区县（市）的请写明名称，如${example}`}。`
    : `请写明是哪个区县（市）的单位，如${example}。`
  const why =
    configured && namesOneCounty(typed)
      ? `抱歉，「${typed}」不在配置的「${kind}」名单里，不能绑定；如确属遗漏，请联系机器人的运维人员补充（BOT_GROUP_MEMBERS）。`
      : typed === kind
        ? `抱歉，「${typed}」是对一类单位的统称，没有说是哪一个，不能绑定。`
        : `抱歉，「${typed}」说的是「${kind}」这一类单位，没有说是哪一个，不能绑定。`
  return `${why}${how}${where}`
}

export const answerWhoami: Answerer = async (ctx, _routed, q) => {
  const binding = await ctx.store.getBinding(q.user)
  if (!binding) return reply(`你（${q.user}）还没有绑定单位。${HOW_TO_BIND}`)
  const unit = ctx.units.get(binding.unit)
  const member = unit ? null : ctx.units.resolve(binding.unit)
  const reportable = member?.kind === 'member' ? reportableTasks(ctx, binding.unit).length : 0
  const counts = unit
    ? `牵头 ${unit.led.length} 项、配合 ${unit.partnered.length} 项任务`
    : member?.kind === 'member'
      ? `${member.groups.length ? `工作要点写作${groupWords(member.groups)}` : '工作要点结尾写明的责任单位'}，可报送 ${reportable} 项任务`
      : ''
  const status = binding.status === 'approved' ? '已绑定' : '待批准'
  return reply(`你（${q.user}）${status}：${binding.unit}${counts ? `，${counts}` : ''}。${isAdmin(ctx, q.user) ? '你是管理员。' : ''}`)
}

export const answerUnbind: Answerer = async (ctx, _routed, q) => {
  const removed = await ctx.store.removeBinding(q.user)
  await audit(ctx, q, 'unbind', removed, removed ? 'binding removed' : 'no binding')
  return reply(removed ? '已解除绑定。' : '你目前没有绑定单位。')
}

export const answerApprove: Answerer = async (ctx, routed, q) => {
  const user = routed.slots.user ?? ''
  if (!isAdmin(ctx, q.user)) {
    await audit(ctx, q, 'approve', false, 'not an admin', { user })
    return reply('只有管理员可以批准绑定申请。')
  }
  // One store call: two admins approving at once (on two instances) approve it once.
  const at = ctx.now().toISOString()
  const binding = await ctx.store.approveBinding(user, q.user, {
    at,
    user: q.user,
    action: 'approve',
    allowed: true,
    reason: 'approved',
    detail: { user },
  })
  if (!binding) {
    await audit(ctx, q, 'approve', false, 'no pending request', { user })
    return reply(`没有 ${user} 的待批准申请。发送「待审批」查看列表。`)
  }
  return reply(`已批准：${binding.userName ?? user} 绑定到 ${binding.unit}。`)
}

export const answerPending: Answerer = async (ctx, _routed, q) => {
  if (!isAdmin(ctx, q.user)) {
    await audit(ctx, q, 'list_pending', false, 'not an admin')
    return reply('只有管理员可以查看待审批的绑定申请。')
  }
  const pending = await ctx.store.pendingBindings()
  await audit(ctx, q, 'list_pending', true, 'admin', { count: pending.length })
  if (pending.length === 0) return reply('目前没有待审批的绑定申请。')
  return reply(['待审批的绑定申请：', ...pending.map((b) => `· ${b.userName ?? b.user}（${b.user}）→ ${b.unit}`)].join('\n'))
}

/** 「各县级局」「各区县市消保委」 */
export function groupWords(words: string[]): string {
  return words.map(quote).join('')
}

function reply(text: string): BotReply {
  return { intent: 'identity', reply: text, tasks: [] }
}
