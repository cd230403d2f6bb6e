import type { BotReply } from '../message.js'
import type { Task } from '../plan/types.js'
import { unitsOf } from '../plan/types.js'
import { hasContent, readUpdate } from '../progress/parse-update.js'
import { reportParts } from '../progress/report-parts.js'
import { type AddUpdateResult, StoreUnavailableError } from '../progress/store.js'
import { planClock } from '../summary/plan-clock.js'
import { asTyped } from '../text/as-sent.js'
import { formatTime } from '../time.js'
import type { AnswerContext, Answerer, Question } from './context.js'
import { attachEvidence } from './evidence.js'
import { taskRef } from './format.js'
import { audit, bindingHint, groupWords, isAdmin } from './identity.js'
import { reportLines } from './progress-reply.js'
import { reportableTasks, taskAccepts } from './reportable.js'

/**
 * Progress by chat: 「进度 20 …」 stores an update after the permission checks, as the user wrote
 * it (figures are read from a normalised copy), with its 本月进展 / 存在问题 / 下步计划 and any file
 * sent with it (佐证材料). Inside the plan year it is a report; after it, a 补报 (kept with its real
 * date); before it, refused. 「第20条进展如何」 and 「撤回」: progress-query.ts. Refusals say why and
 * store nothing but the audit entry.
 */

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
  const clock = planClock(ctx.plan, ctx.now(), ctx.settings.timezone)
  if (clock.phase === 'before') {
    const reason = `《${ctx.plan.title}》是${clock.year}年度的工作要点，${clock.year}年1月1日起才能报送进度。未记录。`
    return refuse(ctx, q, 'before the plan year', reason, { task: number, year: clock.year })
  }
  const read = readUpdate(text, task.targets)
  const asSent = asTyped(q.original, text)
  const at = ctx.now().toISOString()
  const late = clock.phase === 'after'
  // The audit row commits with the update (the store adds the update's id to its detail).
  const decision = { at, user: q.user, action: 'log_progress', allowed: true, reason: ownUnit ? 'unit on task' : 'admin' }
  let result: AddUpdateResult
  try {
    result = await ctx.store.addUpdate(
      {
        task: number,
        unit,
        user: q.user,
        userName: q.userName ?? binding?.userName ?? null,
        text: asSent,
        original: q.original,
        parts: reportParts(asSent),
        figures: read.figures,
        attainment: read.attainment,
        done: read.done,
        sourceId: q.messageId ? `${q.platform}:${q.messageId}` : null,
        at,
      },
      { ...decision, detail: { task: number, unit, ...(late ? { late: true } : {}) } },
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
  const evidence = await attachEvidence(ctx, q, task, stored)
  const who = stored.userName ? `（${stored.userName}）` : ''
  const lines = [
    `已记录${late ? '（补报）' : ''}：第${number}条，${unit}${who}。`,
    ...(late ? [lateNotice(ctx, clock.year, at)] : []),
    `内容：${asSent}`,
    ...reportLines(task, stored),
    ...(read.done ? [closeHint(ctx, task, unit)] : []),
    ...evidence,
  ]
  return { intent: 'log_progress', reply: lines.join('\n'), tasks: [taskRef(task)], progress: { id: stored.id, task: number } }
}

/** What a report after the plan year is: kept with its real date, counted only from that date on. */
function lateNotice(ctx: AnswerContext, year: number, at: string): string {
  const day = formatTime(at, ctx.settings.timezone).slice(0, 10)
  return `（《${ctx.plan.title}》${year}年度已结束，这是补报：按实际报送日期 ${day} 记录并标注「补报」，只计入截至 ${day} 及以后的汇总、看板和台账，不改变此前各日期的状态。）`
}

/** A report that says 已完成 is not 办结: who closes the task, and how. */
function closeHint(ctx: AnswerContext, task: Task, unit: string): string {
  const lead = task.lead ? (ctx.units.get(task.lead.name)?.name ?? task.lead.name) : null
  const isLead = lead === null || ctx.units.get(unit)?.name === lead || unit === lead
  return isLead
    ? `如已全部完成，请发送「办结 ${task.number} 完成情况说明」申请销号。`
    : `如已全部完成，请发送「办结 ${task.number} 完成情况说明」，由牵头单位${lead}确认后销号。`
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

export { answerProgressQuery, answerWithdraw } from './progress-query.js'
