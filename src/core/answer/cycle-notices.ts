import { gist } from '../format/plan-wording.js'
import type { Task } from '../plan/types.js'
import { planNaming } from '../plans/naming.js'
import type { StoredTaskEvent } from '../progress/cycle-log.js'
import type { NewNotice, NoticeKind } from '../progress/notices.js'
import type { Binding } from '../progress/store.js'
import { CHAT_PLATFORMS } from '../summary/check-in-schedule.js'
import type { AnswerContext } from './context.js'
import { leadsOf } from './cycle-common.js'

/**
 * Who the 督办 cycle tells, and what: a co-unit's 办结 request goes to the lead unit's bound clerks,
 * a 延期 request to the admins, and each decision back to whoever asked. The notices are data (who,
 * text) stored with the step (TaskEventLog.add) and delivered by the chat doors; the reply to the
 * sender gets `line`, which says who was told, or that nobody could be and how to fix it.
 *
 * Only people on a platform a door can write to directly (CHAT_PLATFORMS) can be told; the sender
 * is never told of their own step.
 */

export interface Notified {
  notices: NewNotice[]
  /** One sentence for the reply: who was told, or why nobody was. */
  line: string
}

/** Someone acting on a step: the sender of the command, or the requester of an earlier step. */
export interface Person {
  user: string
  unit: string | null
  userName: string | null
}

const PLATFORM_NAMES: Record<string, string> = { slack: 'Slack', wechat: '微信', wecom: '企业微信', dingtalk: '钉钉' }

export const reachable = (user: string): boolean => CHAT_PLATFORMS.some((p) => user.startsWith(`${p}:`))

/** 「李四（企业微信）」: a recipient as the reply names them. */
function named(to: string, name: string | null): string {
  const platform = to.slice(0, to.indexOf(':'))
  return `${name ?? to.slice(to.indexOf(':') + 1)}（${PLATFORM_NAMES[platform] ?? platform}）`
}

/** The sender of a command as a Person; an admin acting for no unit is named 管理员. */
export function personOf(user: string, actor: { unit: string | null; admin: boolean; userName: string | null }): Person {
  return { user, unit: actor.unit ?? (actor.admin ? '管理员' : null), userName: actor.userName }
}

/** 「知识产权促进科 张三」: who acted, as a notice names them. */
const who = (p: Person): string => [p.unit, p.userName].filter(Boolean).join(' ') || p.user

/** The plan's label before the text and the reference a command needs, when several plans are loaded. */
function naming(ctx: AnswerContext, task: Task): { head: string; ref: (command: string) => string; quote: string } {
  const n = planNaming(ctx)
  return {
    head: n ? `${n.label}\n` : '',
    ref: (command) => (n ? `${command} ${n.ref}第${task.number}条` : `${command} ${task.number}`),
    quote: `第${task.number}条「${gist(task, 24)}」`,
  }
}

function toEach(recipients: { user: string; userName: string | null }[], kind: NoticeKind, text: string): NewNotice[] {
  const seen = new Set<string>()
  return recipients.filter((r) => !seen.has(r.user) && seen.add(r.user)).map((r) => ({ to: r.user, toName: r.userName, kind, text }))
}

const toldLine = (whom: string, notices: NewNotice[]) => `已私信通知${whom}：${notices.map((n) => named(n.to, n.toName)).join('、')}。`

/** The approved clerks of the task's lead units who can get a direct message, the sender left out. */
async function leadClerks(ctx: AnswerContext, task: Task, sender: string): Promise<{ units: string[]; clerks: Binding[] }> {
  const units = leadsOf(ctx, task)
  const bound = (await Promise.all(units.map((u) => ctx.store.usersOfUnit(u)))).flat()
  return { units, clerks: bound.filter((b) => b.user !== sender && reachable(b.user)) }
}

/** A co-unit asked to close the task: its lead unit's clerks are told what to send. */
export async function closeRequestNotices(ctx: AnswerContext, task: Task, sender: Person, note: string): Promise<Notified> {
  const { head, ref, quote } = naming(ctx, task)
  const { units, clerks } = await leadClerks(ctx, task, sender.user)
  const lead = units.join('、') || '牵头单位'
  const text =
    `${head}【待确认办结】${who(sender)} 申请办结${quote}。\n办结说明：${note}\n` +
    `${lead}是牵头单位：核实后请回复「${ref('确认办结')}」；如需退回，回复「${ref('退回办结')} 原因」。`
  const notices = toEach(clerks, 'close_request', text)
  if (notices.length) return { notices, line: toldLine(`牵头单位${lead}`, notices) }
  return {
    notices,
    line:
      `牵头单位${lead}还没有绑定的聊天账号，无法私信通知，请线下告知。` +
      `其经办人在聊天中发送「绑定 ${units[0] ?? '单位名称'}」（审批制下经管理员「批准」）后，即可收到此类提醒；待确认的申请可随时发送「待确认办结」查看。`,
  }
}

/** A unit asked to move the deadline: the admins are told what to send. */
export async function extensionRequestNotices(
  ctx: AnswerContext,
  task: Task,
  sender: Person,
  change: { from: string; to: string; day: string },
  reason: string,
): Promise<Notified> {
  const { head, ref, quote } = naming(ctx, task)
  const admins = await Promise.all(
    ctx.settings.admins
      .filter((a) => a !== sender.user && reachable(a))
      .map(async (user) => ({ user, userName: (await ctx.store.getBinding(user))?.userName ?? null })),
  )
  const text =
    `${head}【待审批延期】${who(sender)} 申请将${quote}的完成时限由 ${change.from} 延至 ${change.to}（${change.day}）。\n` +
    `原因：${reason}\n请回复「${ref('批准延期')}」，或「${ref('驳回延期')} 原因」。`
  const notices = toEach(admins, 'extension_request', text)
  if (notices.length) return { notices, line: toldLine('管理员', notices) }
  return {
    notices,
    line: '没有可私信的管理员（BOT_ADMINS 中没有 Slack、微信、企业微信或钉钉账号），无法通知，请线下告知；管理员可发送「待审批延期」查看。',
  }
}

const OUTCOMES: Record<Extract<NoticeKind, `${string}_${'confirmed' | 'declined' | 'approved'}`>, string> = {
  close_confirmed: '【办结已确认】',
  close_declined: '【办结申请被退回】',
  extension_approved: '【延期已批准】',
  extension_declined: '【延期申请被驳回】',
}

/**
 * The requester of `request` hears the decision: `body` says what it means for the task (the new
 * deadline, the reason a request was declined). Nobody is told when the requester decided it
 * themselves or cannot get a direct message (the reply then says nothing about a notice).
 */
export function outcomeNotices(
  ctx: AnswerContext,
  task: Task,
  request: StoredTaskEvent,
  kind: keyof typeof OUTCOMES,
  decider: Person,
  body: string,
): Notified {
  if (request.user === decider.user || !reachable(request.user)) return { notices: [], line: '' }
  const { head, quote } = naming(ctx, task)
  const text = `${head}${OUTCOMES[kind]}你${request.unit ? `（${request.unit}）` : ''}对${quote}的申请已由 ${who(decider)} 处理：${body}`
  const notices = toEach([{ user: request.user, userName: request.userName }], kind, text)
  return { notices, line: toldLine('申请人', notices) }
}
