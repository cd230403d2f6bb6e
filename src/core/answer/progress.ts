import type { BotReply } from '../message.js'
import type { Task } from '../plan/types.js'
import { unitsOf } from '../plan/types.js'
import { hasContent, readUpdate } from '../progress/parse-update.js'
import { type AddUpdateResult, type StoredUpdate, StoreUnavailableError } from '../progress/store.js'
import { formatTime } from '../time.js'
import type { AnswerContext, Answerer, Question } from './context.js'
import { targetText, taskRef, unitsLine } from './format.js'
import { audit, bindingHint, groupWords, isAdmin } from './identity.js'
import { reportableTasks, taskAccepts } from './reportable.js'

/**
 * Progress by chat: 「进度 20 …」 stores an update after the permission checks; 「第20条进展如何」
 * reads it back; 「撤回」 withdraws the sender's last update within 24 hours. Refusals say why and
 * store nothing but the audit entry.
 */

const WITHDRAW_WINDOW_MS = 24 * 60 * 60 * 1000

async function refuse(ctx: AnswerContext, q: Question, reason: string, reply: string, detail?: unknown): Promise<BotReply> {
  await audit(ctx, q, 'log_progress', false, reason, detail)
  return { intent: 'log_progress', reply, tasks: [] }
}

export const answerLogProgress: Answerer = async (ctx, routed, q) => {
  const number = Number(routed.slots.task)
  const task = ctx.search.task(number)
  const text = (routed.slots.text ?? '').trim()
  if (!task)
    return refuse(ctx, q, 'unknown task', `工作要点没有第${number}条（共 ${ctx.plan.tasks.length} 条），未记录。`, { task: number })
  if (!text)
    return refuse(ctx, q, 'empty text', `请在条号后写上进展内容，例如「进度 ${number} 截至6月底完成…」。未记录。`, { task: number })
  if (!hasContent(text))
    return refuse(
      ctx,
      q,
      'no content',
      `「${text}」看不出进展内容，未记录。请用一句话写明做了什么、到了多少，例如「进度 ${number} 截至6月底已完成…」。`,
      { task: number },
    )
  const admin = isAdmin(ctx, q.user)
  const binding = await ctx.store.getBinding(q.user)
  const bound = binding?.status === 'approved' ? binding.unit : null
  if (!bound && !admin) return refuse(ctx, q, 'not bound', `${bindingHint(binding)}未记录。`, { task: number })
  if (bound && !admin && !taskAccepts(ctx, task, bound)) {
    return refuse(
      ctx,
      q,
      'unit not on task',
      `第${number}条的责任单位是 ${unitsOf(task)
        .map((u) => u.name)
        .join('、')}，不包括${bound}，不能代报。未记录。${memberHint(ctx, bound)}`,
      { task: number, unit: bound },
    )
  }
  // An admin logging for a task outside their own unit credits the task's lead, never their own unit.
  const ownUnit = bound !== null && taskAccepts(ctx, task, bound)
  const unit = ownUnit ? bound : (task.lead?.name ?? '管理员')
  const read = readUpdate(text, task.targets)
  const at = ctx.now().toISOString()
  // The audit row commits with the update (the store adds the update's id to its detail).
  const decision = { at, user: q.user, action: 'log_progress', allowed: true, reason: ownUnit ? 'unit on task' : 'admin' }
  let result: AddUpdateResult
  try {
    result = await ctx.store.addUpdate(
      {
        task: number,
        unit,
        user: q.user,
        userName: q.userName ?? null,
        text,
        original: q.original,
        figures: read.figures,
        attainment: read.attainment,
        done: read.done,
        sourceId: q.messageId ? `${q.platform}:${q.messageId}` : null,
        at,
      },
      { ...decision, detail: { task: number, unit } },
      // Without a message id, the same text from the same user for the same task within ten minutes
      // is one report sent twice: with an id, the store's unique source id already makes a
      // redelivery a no-op, and two identical reports with two ids are two reports.
      q.messageId ? {} : { repeatSince: new Date(ctx.now().getTime() - REPEAT_WINDOW_MS).toISOString() },
    )
  } catch (error) {
    // The database file went away under the bot: nothing was stored, and the user is told so.
    if (error instanceof StoreUnavailableError) return { intent: 'log_progress', reply: error.reply, tasks: [taskRef(task)] }
    throw error
  }
  if (!result.stored && result.repeat) {
    const repeat = result.duplicateOf
    await audit(ctx, q, 'log_progress', false, 'repeat within 10 minutes', { task: number, duplicateOf: repeat.id })
    return {
      intent: 'log_progress',
      reply: `这条进度刚才已经记录过（第${number}条，编号 ${repeat.id}，${formatTime(repeat.at, ctx.settings.timezone)}），没有重复记录。`,
      tasks: [taskRef(task)],
    }
  }
  if (!result.stored) {
    await audit(ctx, q, 'log_progress', false, 'duplicate message', { task: number, duplicateOf: result.duplicateOf.id })
    return { intent: 'log_progress', reply: `这条消息已经记录过（第${number}条，编号 ${result.duplicateOf.id}）。`, tasks: [taskRef(task)] }
  }
  const stored = result.update
  const lines = [
    `已记录：第${number}条，${unit}${q.userName ? `（${q.userName}）` : ''}。`,
    `内容：${text}`,
    ...attainmentLines(task, stored),
  ]
  return { intent: 'log_progress', reply: lines.join('\n'), tasks: [taskRef(task)], progress: { id: stored.id, task: number } }
}

/**
 * For a body bound through a group word (津市市场监督管理局 through 各县级局): what it may report, and
 * that the closing paragraph's shared work is reported by the lead units. '' for a plan unit.
 */
function memberHint(ctx: AnswerContext, unit: string): string {
  const match = ctx.units.get(unit) ? null : ctx.units.resolve(unit)
  if (match?.kind !== 'member') return ''
  const own = reportableTasks(ctx, unit).map((t) => t.number)
  const mine = own.length
    ? `${unit}可以报送的是写明${groupWords(match.groups)}的任务：第${own.join('、')}条。`
    : `工作要点没有单列由${unit}报送的任务。`
  const shared = match.shared ? '工作要点结尾写明的其他业务工作，请配合牵头科室落实，由牵头科室报送进度。' : ''
  return `\n${mine}${shared}`
}

/** The same text from the same user for the same task within this window is one report sent twice. */
export const REPEAT_WINDOW_MS = 10 * 60 * 1000

export function attainmentLines(task: Task, u: StoredUpdate): string[] {
  const lines = u.figures
    .filter((f) => f.target !== null && f.percent !== null)
    .map((f) => {
      const target = task.targets[f.target as number]
      return target ? `完成度：${target.metric} ${f.value}${f.unit} / 目标 ${targetText(target)} = ${f.percent}%` : ''
    })
    .filter(Boolean)
  if (u.done) lines.push('状态：已完成')
  return lines
}

function describe(ctx: AnswerContext, task: Task, u: StoredUpdate): string {
  const who = u.userName ? `${u.unit}·${u.userName}` : u.unit
  const extra = attainmentLines(task, u).map((l) => `  ${l}`)
  const withdrawn = u.withdrawnAt ? '（已撤回）' : ''
  return [`· ${formatTime(u.at, ctx.settings.timezone)} ${who}${withdrawn}：${u.text}`, ...extra].join('\n')
}

export const answerProgressQuery: Answerer = async (ctx, routed) => {
  const number = Number(routed.slots.task)
  const task = ctx.search.task(number)
  if (!task) return { intent: 'progress_query', reply: `工作要点没有第${number}条（共 ${ctx.plan.tasks.length} 条）。`, tasks: [] }
  const all = routed.slots.all !== undefined
  const updates = await ctx.store.updatesForTask(number, { includeWithdrawn: all, limit: all ? undefined : 3 })
  const head = `第${number}条（${unitsLine(task)}）`
  if (updates.length === 0) return { intent: 'progress_query', reply: `${head}\n暂无进度报送。`, tasks: [taskRef(task)] }
  const title = all ? `全部进展（${updates.length} 条，最新在前）：` : '最新进展：'
  const lines = [head, title, ...updates.map((u) => describe(ctx, task, u))]
  return { intent: 'progress_query', reply: lines.join('\n'), tasks: [taskRef(task)] }
}

export const answerWithdraw: Answerer = async (ctx, _routed, q) => {
  const now = ctx.now()
  const at = now.toISOString()
  // One store call: the latest live update is found and withdrawn in one transaction, so two 撤回
  // at once (on two instances) withdraw two updates one after the other, never one update twice.
  const result = await ctx.store.withdrawLast(q.user, at, new Date(now.getTime() - WITHDRAW_WINDOW_MS).toISOString(), {
    at,
    user: q.user,
    action: 'withdraw',
    allowed: true,
    reason: 'withdrawn',
  })
  if (!result.withdrawn && !result.last) {
    await audit(ctx, q, 'withdraw', false, 'no update to withdraw')
    return { intent: 'withdraw', reply: '你没有可以撤回的进度。', tasks: [] }
  }
  if (!result.withdrawn) {
    const last = result.last as StoredUpdate
    await audit(ctx, q, 'withdraw', false, 'older than 24 hours', { id: last.id })
    return { intent: 'withdraw', reply: `你最近一条进度（第${last.task}条）已超过24小时，不能撤回；如需更正请报送新的进度。`, tasks: [] }
  }
  const last = result.withdrawn
  const task = ctx.search.task(last.task)
  return {
    intent: 'withdraw',
    reply: `已撤回第${last.task}条的进度：「${last.text}」（审计记录保留）。`,
    tasks: task ? [taskRef(task)] : [],
  }
}
