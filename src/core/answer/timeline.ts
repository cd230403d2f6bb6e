import type { BotReply } from '../message.js'
import type { Task } from '../plan/types.js'
import { topicOf } from '../search/topic.js'
import { chineseNumber } from '../text/chinese-numerals.js'
import type { AnswerContext, Answerer } from './context.js'
import { answerDueTasks, answerOverdueTasks } from './due-tasks.js'
import { bestSentence, deadlineOf, gist, NOT_IN_PLAN, quote, taskRef, unitsLine } from './format.js'

/**
 * Time questions answered from what the plan dates: its events (4.26知识产权宣传周) and its task
 * deadlines (6月底前, 年底前). 「5月有什么活动」 lists what falls in May; a task without a date is
 * never listed as if it had one. 「第12条什么时候完成」 gives the deadline as written, or says the
 * plan gives none. 「本月到期的任务」 and 「逾期任务」 are answered from each task's due day (due-tasks.ts).
 */

/** A time a plan's sentence states: 到2017年, 2025年底前, 6月底前, 三季度, 上半年, 年底前. */
export const TIME_PHRASE =
  /(?:到|于|在|至)?(?:19|20)\d{2}\s*年(?:底|末|前|内|以前|之前)?(?:前)?|(?:1[0-2]|[1-9])\s*月(?:底|末|中旬|上旬|下旬)?(?:前|以前|之前)|[一二三四1-4]季度|上半年|下半年|年底前?/

/** The months a period covers, 1–12. */
interface Span {
  label: string
  from: number
  to: number
}

/** The current month (1–12) in the bot's time zone. */
function monthNow(now: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { month: 'numeric', timeZone }).format(now))
}

function spanOf(slots: Record<string, string>, month: number): Span | null {
  const period = slots.period ?? ''
  // 本月 / 下个月 / 本季度 / 下季度: relative to today.
  if (/本月|这个?月/.test(period)) return { label: `本月（${month}月）`, from: month, to: month }
  if (/下个?月/.test(period)) {
    const next = month === 12 ? 12 : month + 1
    return { label: `下个月（${next}月）`, from: next, to: next }
  }
  const relativeQuarter = Math.ceil(month / 3) + (/下个?季度/.test(period) ? 1 : 0)
  if (/季度/.test(period) && /本|这|下/.test(period) && relativeQuarter <= 4)
    return { label: `第${relativeQuarter}季度`, from: relativeQuarter * 3 - 2, to: relativeQuarter * 3 }
  if (slots.month) {
    const m = Number(slots.month)
    return { label: `${m}月`, from: m, to: m }
  }
  if (/上半年/.test(period)) return { label: '上半年', from: 1, to: 6 }
  if (/下半年/.test(period)) return { label: '下半年', from: 7, to: 12 }
  if (/年底|年内|年前/.test(period)) return { label: '年底前', from: 1, to: 12 }
  const quarter = period.match(/([一二三四1-4])季度/)?.[1]
  if (quarter) {
    const q = Number(quarter) || (chineseNumber(quarter) ?? 1)
    return { label: `第${q}季度`, from: q * 3 - 2, to: q * 3 }
  }
  const monthEnd = period.match(/(\d{1,2})月底/)?.[1]
  if (monthEnd) return { label: `${monthEnd}月底前`, from: 1, to: Number(monthEnd) }
  return null
}

/** The month a deadline as written falls in: 6月底前 → 6, 年底前 → 12, 上半年 → 6; null when undated. */
export function deadlineMonth(deadline: string): number | null {
  const month = deadline.match(/(\d{1,2})\s*月/)?.[1]
  if (month) return Number(month)
  if (/上半年/.test(deadline)) return 6
  if (/年底|年末|全年|年内|12月/.test(deadline)) return 12
  const quarter = deadline.match(/([一二三四1-4])季度/)?.[1]
  if (quarter) return (Number(quarter) || (chineseNumber(quarter) ?? 4)) * 3
  return null
}

/** 「双随机抽查计划什么时候公示」: the deadline or dated event of the task the topic finds. */
function whenByTopic(ctx: AnswerContext, topic: string): BotReply {
  const top = ctx.search.find(topic, 1)[0]?.task
  const echo = topicOf(topic).text || topic
  if (!top) return { intent: 'not_found', reply: `${NOT_IN_PLAN}「${echo}」。`, tasks: [] }
  const wanted = new Set(topicOf(topic).words)
  const events = top.events.filter((e) => [...wanted].some((w) => e.name.includes(w)))
  const deadline = deadlineOf(top)
  const when = [
    ...(events.length ? events : top.events).map((e) => `${e.month}月${e.day}日 ${e.name}`),
    ...(deadline ? [`完成时限：${deadline}`] : []),
  ]
  const sentence = bestSentence(top, topic)
  // 「到2017年，…平台基本建立」: a time the sentence itself states answers the question.
  const stated = sentence.match(TIME_PHRASE)?.[0]
  const head = when.length
    ? `「${echo}」见第${top.number}条：${when.join('；')}。`
    : stated
      ? `「${echo}」见第${top.number}条，原文写的时间是「${stated}」。`
      : `「${echo}」见第${top.number}条，工作要点没有写明完成时限（全年计划，按年内完成理解）。`
  return { intent: 'timeline', reply: [head, unitsLine(top), `原文：${quote(sentence)}`].join('\n'), tasks: [taskRef(top)] }
}

export const answerTimeline: Answerer = (ctx, routed) => {
  if (routed.slots.overdue !== undefined) return answerOverdueTasks(ctx)
  if (routed.slots.due !== undefined) return answerDueTasks(ctx, routed)
  if (routed.slots.task !== undefined) {
    const number = Number(routed.slots.task)
    const task = ctx.search.task(number)
    if (!task) return { intent: 'timeline', reply: `工作要点共 ${ctx.plan.tasks.length} 条任务，没有第${number}条。`, tasks: [] }
    const deadline = deadlineOf(task)
    const head = deadline
      ? `第${number}条的完成时限：${deadline}。`
      : `第${number}条没有写明完成时限（工作要点是全年计划，按年内完成理解）。`
    return { intent: 'timeline', reply: [head, unitsLine(task), `原文：${quote(task.text)}`].join('\n'), tasks: [taskRef(task)] }
  }
  if (routed.slots.topic !== undefined && !routed.slots.month && !routed.slots.period) return whenByTopic(ctx, routed.slots.topic)
  const span = spanOf(routed.slots, monthNow(ctx.now(), ctx.settings.timezone))
  if (!span) return { intent: 'timeline', reply: `${NOT_IN_PLAN}这个时间段的安排。`, tasks: [] }
  const lines: string[] = []
  const tasks: Task[] = []
  for (const task of ctx.plan.tasks) {
    const events = task.events.filter((e) => e.month >= span.from && e.month <= span.to)
    const deadline = deadlineOf(task)
    const due = deadline ? deadlineMonth(deadline) : null
    const dueInSpan = due !== null && due >= span.from && due <= span.to
    if (events.length === 0 && !dueInSpan) continue
    tasks.push(task)
    const what = [...events.map((e) => `${e.month}月${e.day}日 ${e.name}`), ...(dueInSpan ? [`完成时限：${deadline}`] : [])]
    lines.push(`第${task.number}条：${what.join('；')}（${gist(task, 24)}；牵头：${task.lead?.name ?? '未写明'}）`)
  }
  if (tasks.length === 0)
    return { intent: 'timeline', reply: `${NOT_IN_PLAN}${span.label}的具体安排：工作要点里没有落在这个时间的活动或完成时限。`, tasks: [] }
  const anyDeadline = ctx.plan.tasks.some((t) => deadlineOf(t) !== null)
  // Asked for the whole year of a plan that sets no deadlines: say so instead of implying a schedule.
  const head =
    span.from === 1 && span.to === 12 && !anyDeadline
      ? `工作要点是全年计划，任务没有单独写完成时限，均按年内完成；写明日期的有 ${tasks.length} 条：`
      : `${span.label}的安排（按工作要点写明的日期和完成时限，共 ${tasks.length} 条）：`
  return {
    intent: 'timeline',
    reply: [head, ...lines].join('\n'),
    tasks: tasks.map(taskRef),
  }
}
