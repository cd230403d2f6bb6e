import type { BotReply } from '../message.js'
import { unitLabel } from '../plan/units.js'
import type { Hit } from '../search/plan-search.js'
import { topicOf } from '../search/topic.js'
import type { AnswerContext, Answerer } from './context.js'
import { bestSentence, gist, NOT_IN_PLAN, quote, sectionLabel, taskRef, unitsLine } from './format.js'

/**
 * Answers that start from a search: who leads X, who co-operates on X, keyword search, dates.
 * When the plan does not cover the question they say 工作要点未提及 and return no tasks.
 */

export function notFound(topic: string): BotReply {
  const what = topic ? `「${topic}」` : '这个问题'
  return {
    intent: 'not_found',
    reply: `${NOT_IN_PLAN}${what}。可以换个说法，或发送「帮助」查看可以问的问题。`,
    tasks: [],
  }
}

/** The topic as typed (searched) and as echoed back: its content words, not the whole sentence. */
export function askedTopic(slots: Record<string, string>, fallback: string): { query: string; echo: string } {
  const query = (slots.topic ?? fallback).replace(/^[“"「]|[”"」]$/g, '').trim()
  // A follow-up's topic is a task reference (第18条), echoed as written.
  const number = query.match(/^(?:第|任务)?\s*(\d+)\s*(?:条|项|号任务|号)?$/)?.[1]
  if (number) return { query, echo: `第${number}条` }
  return { query, echo: topicOf(query).text || query }
}

/** One block per candidate: citation, units, the sentence that matched. */
function describeHits(ctx: AnswerContext, hits: Hit[], query: string): string[] {
  return hits.map((h, k) => {
    const prefix = hits.length > 1 ? `${k + 1}. ` : ''
    return `${prefix}第${h.task.number}条（${sectionLabel(ctx.plan, h.task.section)}）\n${unitsLine(h.task)}\n原文：${quote(bestSentence(h.task, query))}`
  })
}

export const answerLead: Answerer = (ctx, routed, question) => {
  const { query, echo: topic } = askedTopic(routed.slots, question.text)
  const hits = ctx.search.closeHits(ctx.search.find(query))
  const top = hits[0]
  if (!top) return notFound(topic)
  const head =
    hits.length === 1
      ? top.task.lead
        ? `「${topic}」由 ${unitLabel(top.task.lead)} 牵头，见第${top.task.number}条。`
        : `「${topic}」见第${top.task.number}条；工作要点没有写明牵头单位，${unitsLine(top.task)}。`
      : `「${topic}」涉及 ${hits.length} 条任务，牵头单位分别是：${hits.map((h) => `第${h.task.number}条 ${h.task.lead?.name ?? '未写明'}`).join('；')}。`
  return { intent: 'lead', reply: [head, ...describeHits(ctx, hits, query)].join('\n'), tasks: hits.map((h) => taskRef(h.task)) }
}

export const answerCoUnits: Answerer = (ctx, routed, question) => {
  const { query, echo: topic } = askedTopic(routed.slots, question.text)
  const hits = ctx.search.closeHits(ctx.search.find(query))
  const top = hits[0]
  if (!top) return notFound(topic)
  // 「…，医疗器械科要配合吗」: say whether the units the question names are on each task.
  const named = ctx.units.units.filter((u) => [u.name, ...u.aliases].some((n) => query.includes(n)))
  const lines = hits.map((h) => {
    const partners = h.task.partners.map(unitLabel).join('、')
    const on = named.map((u) => {
      const role =
        h.task.lead && ctx.units.get(h.task.lead.name) === u
          ? '是牵头单位'
          : h.task.partners.some((p) => ctx.units.get(p.name) === u)
            ? '是配合单位'
            : '不在本条责任单位中'
      return `${u.name}${role}`
    })
    const answer = on.length ? `${on.join('；')}。` : ''
    return `第${h.task.number}条：${answer}${partners ? `配合单位 ${partners}` : '没有配合单位'}（牵头：${h.task.lead ? unitLabel(h.task.lead) : '未写明'}）\n原文：${quote(bestSentence(h.task, query))}`
  })
  return { intent: 'co_units', reply: [`「${topic}」的配合单位：`, ...lines].join('\n'), tasks: hits.map((h) => taskRef(h.task)) }
}

export const answerSearch: Answerer = (ctx, routed, question) => {
  const { query, echo: topic } = askedTopic(routed.slots, question.text)
  const hits = ctx.search.find(query, 5)
  if (hits.length === 0) return notFound(topic)
  // 「一乡一所是什么」「网剑行动具体要干什么」: the task itself, in full, with the sentence that answers.
  const close = ctx.search.closeHits(hits, 2)
  if (routed.slots.what !== undefined && close.length === 1 && close[0]) return describeTask(ctx, close[0], query, topic)
  // Each task with the sentence that answers: 「企业年报要保持在什么位置」 is answered by the quote.
  const lines = hits.map(
    (h) => `第${h.task.number}条 ${gist(h.task)}\n  ${unitsLine(h.task)}\n  原文：${quote(bestSentence(h.task, query))}`,
  )
  return {
    intent: 'search',
    reply: [`与「${topic}」有关的任务（${hits.length} 条，按相关度）：`, ...lines].join('\n'),
    tasks: hits.map((h) => taskRef(h.task)),
  }
}

export const answerEvent: Answerer = (ctx, routed) => {
  const month = Number(routed.slots.month)
  const day = Number(routed.slots.day)
  const tasks = ctx.plan.tasks.filter((t) => t.events.some((e) => e.month === month && e.day === day))
  if (tasks.length === 0) return notFound(`${month}月${day}日的活动`)
  const lines = tasks.map((t) => {
    const names = t.events.filter((e) => e.month === month && e.day === day).map((e) => e.name)
    return `第${t.number}条：${month}月${day}日 ${names.join('、')}\n${unitsLine(t)}\n原文：${quote(bestSentence(t, names.join(' ')))}`
  })
  return { intent: 'event', reply: lines.join('\n'), tasks: tasks.map(taskRef) }
}

function describeTask(ctx: AnswerContext, hit: Hit, query: string, topic: string): BotReply {
  const { task } = hit
  const sentence = bestSentence(task, query)
  const lines = [
    `「${topic}」见第${task.number}条（${sectionLabel(ctx.plan, task.section)}）：`,
    task.text,
    ...(sentence !== task.text ? [`最相关的一句：${quote(sentence)}`] : []),
    unitsLine(task),
  ]
  return { intent: 'search', reply: lines.join('\n'), tasks: [taskRef(task)] }
}
