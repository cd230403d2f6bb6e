import type { Target, Task } from '../plan/types.js'
import { tokenize, tokenSet } from '../search/tokenize.js'
import type { Answerer } from './context.js'
import { quote, targetText, taskRef, unitsLine } from './format.js'
import { notFound } from './lookup.js'

/**
 * 「专利的目标是多少」: the targets of the best-matching tasks, the one whose words match the
 * question best first. A measure word in the question (几项, 多少家) prefers targets in that unit.
 */

const CANDIDATE_TASKS = 5

interface Scored {
  task: Task
  target: Target
  score: number
}

/**
 * How well a metric fits the question: the harmonic mean of the share of question tokens it holds
 * and the share of its tokens the question holds, plus a bonus when the question names the metric's
 * last word (质押融资额 vs 质押融资项目数): the measured thing sits at the end of the phrase.
 */
function metricFit(wanted: Set<string>, metric: string): number {
  const core = metric.replace(/较\d{4}年$/, '')
  const tokens = tokenSet(core)
  const shared = [...tokens].filter((t) => wanted.has(t)).length
  if (shared === 0) return 0
  const recall = shared / Math.max(1, wanted.size)
  const precision = shared / tokens.size
  const tail = core.slice(-2)
  return (2 * recall * precision) / (recall + precision) + (tail.length === 2 && wanted.has(tail) ? 0.2 : 0)
}

/** Share of the wanted tokens that occur in the text. */
function share(wanted: Set<string>, text: string): number {
  const words = tokenSet(text)
  return [...wanted].filter((w) => words.has(w)).length / Math.max(1, wanted.size)
}

export const answerTarget: Answerer = (ctx, routed, question) => {
  const topic = [routed.slots.topic, routed.slots.tail].filter(Boolean).join(' ') || question.text
  const hits = ctx.search.find(topic, CANDIDATE_TASKS)
  if (hits.length === 0) return notFound(topic)
  const wanted = new Set(tokenize(ctx.search.cleanQuery(topic)))
  const measure = question.text.match(/(?:多少|几)(个|家|件|项|户|条次|条|次|人次|亿元|万元|公里|处|名)/)?.[1]
  const topScore = hits[0]?.score ?? 1
  const scored: Scored[] = hits.flatMap((hit) =>
    hit.task.targets.map((target) => {
      // The metric tells targets in one clause apart (企业开办网办率 vs 注销网办率); the clause adds context.
      const overlap = 0.7 * metricFit(wanted, target.metric) + 0.3 * share(wanted, target.sentence)
      const unitBonus = measure && target.unit.endsWith(measure) ? 0.3 : 0
      return { task: hit.task, target, score: overlap + unitBonus + 0.5 * (hit.score / topScore) }
    }),
  )
  scored.sort((a, b) => b.score - a.score)
  const best = scored[0]
  const first = hits[0] as (typeof hits)[number]
  if (!best) {
    return {
      intent: 'target',
      reply: `第${first.task.number}条没有写明数字目标。\n${unitsLine(first.task)}\n原文：${quote(first.task.text)}`,
      tasks: [taskRef(first.task)],
    }
  }
  const others = best.task.targets.filter((t) => t !== best.target)
  const lines = [
    `第${best.task.number}条的目标：${targetText(best.target)}。`,
    `原文：${quote(best.target.sentence)}`,
    ...(others.length ? [`本条其他目标：${others.map(targetText).join('；')}`] : []),
    unitsLine(best.task),
  ]
  const ranked = [best.task, ...hits.map((h) => h.task).filter((t) => t !== best.task)].slice(0, 3)
  return { intent: 'target', reply: lines.join('\n'), tasks: ranked.map(taskRef) }
}
