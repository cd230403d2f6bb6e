import { targetText, whoLeads } from '../format/plan-wording.js'
import type { BotReply } from '../message.js'
import type { UnitMatch } from '../plan/unit-directory.js'
import type { Frame, Relation } from '../query/frame.js'
import { PERIOD_NAME, periodSince, unreportedByLead } from '../summary/reminder.js'
import { formatTime } from '../time.js'
import type { AnswerContext, Question } from './context.js'
import { gist, taskRef } from './format.js'
import { bindingHint } from './identity.js'
import { lookupTarget } from './targets.js'

/**
 * Progress asked in users' own words: 「专利授权量完成了多少」 gives the latest reported figure for
 * that target against the target itself (never another metric's figure); 「我们科还有哪些没报」
 * lists the sender's unit's tasks with no report this period.
 */

export async function answerProgressFigure(ctx: AnswerContext, frame: Frame, q: Question): Promise<BotReply> {
  const topic = frame.task !== undefined ? `第${frame.task}条 ${frame.topic}` : frame.topic
  const found = lookupTarget(ctx, topic, q.text)
  if (found.kind === 'answered') return found.reply
  const { task, target } = found
  const index = task.targets.indexOf(target)
  const updates = await ctx.store.updatesForTask(task.number, { limit: 50 })
  const latest = updates.find((u) => u.figures.some((f) => f.target === index && f.percent !== null))
  const figure = latest?.figures.find((f) => f.target === index)
  const head = `第${task.number}条「${target.metric}」目标 ${targetText(target)}。`
  if (!latest || !figure) {
    const other = updates[0]
      ? `最近一次报送（${formatTime(updates[0].at, ctx.settings.timezone)}）没有报这项数字：${updates[0].text}`
      : '暂无进度报送。'
    return { intent: 'progress_query', reply: `${head}\n尚未报送这项的完成数。${other}`, tasks: [taskRef(task)] }
  }
  const who = latest.userName ? `${latest.unit}·${latest.userName}` : latest.unit
  return {
    intent: 'progress_query',
    reply: `${head}\n最新报送：${figure.value}${figure.unit}，完成 ${figure.percent}%（${formatTime(latest.at, ctx.settings.timezone)} ${who}：${latest.text}）`,
    tasks: [taskRef(task)],
  }
}

/** 「我们科还有哪些没报」: the sender's unit's open tasks with no report since this period began. */
export async function answerOwnUnreported(
  ctx: AnswerContext,
  own: { match: UnitMatch; relation: Relation } | undefined,
  q: Question,
): Promise<BotReply> {
  if (!own) {
    const binding = await ctx.store.getBinding(q.user)
    return { intent: 'unreported', reply: `要查哪些没报，得先知道你是哪个单位的。${bindingHint(binding)}`, tasks: [] }
  }
  const name = own.match.kind === 'unit' ? own.match.unit.name : own.match.name
  const opts = { now: ctx.now(), period: ctx.settings.reportPeriod, timezone: ctx.settings.timezone }
  const mine = unreportedByLead(ctx.plan, await ctx.store.liveUpdates(), opts, ctx.units).find((l) => l.unit === name)
  const period = `${PERIOD_NAME[opts.period]}（${periodSince(opts)} 起）`
  if (!mine || mine.tasks.length === 0) return { intent: 'unreported', reply: `${name}牵头的任务${period}都已报送。`, tasks: [] }
  const tasks = ctx.plan.tasks.filter((t) => mine.tasks.includes(t.number))
  const lines = tasks.map((t) => `第${t.number}条 ${gist(t, 30)}（${whoLeads(t)}）`)
  return {
    intent: 'unreported',
    reply: [
      `${name}牵头的任务${period}还有 ${tasks.length} 项没报送：`,
      ...lines,
      `报送请发「进度 条号 进展内容」，例如「进度 ${tasks[0]?.number} 本月完成…」。`,
    ].join('\n'),
    tasks: tasks.map(taskRef),
  }
}
