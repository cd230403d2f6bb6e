import type { BotReply } from '../message.js'
import type { Target, Task } from '../plan/types.js'
import { abbreviates } from '../search/concepts.js'
import type { Hit } from '../search/plan-search.js'
import { tokenize, tokenSet } from '../search/tokenize.js'
import { topicOf } from '../search/topic.js'
import type { AnswerContext, Answerer } from './context.js'
import { bestSentence, gist, NOT_IN_PLAN, quote, sentencesOf, targetText, taskRef, unitsLine } from './format.js'
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

/** What the plan sets for a metric the question names: the best target, or why there is none. */
export type TargetLookup = { kind: 'answered'; reply: BotReply } | { kind: 'found'; task: Task; target: Target; hits: Hit[] }

/**
 * The target a question asks about: the candidate tasks' targets scored by how well their metric
 * fits the question's words (its own words first, official terms a quarter), the asked measure
 * word (几家, 多少钱) and the head it ends on (合格率), with the task's rank and coverage. When no
 * target fits, the reply saying so (naming no figure) comes back instead.
 */
export function lookupTarget(ctx: AnswerContext, topic: string, text: string): TargetLookup {
  const hits = ctx.search.find(topic, CANDIDATE_TASKS)
  if (hits.length === 0) return { kind: 'answered', reply: notFound(topic) }
  // The user's own words fit a metric better than the official terms they stand for (专精特新 is
  // named in 专精特新企业; its expansion 中小企业 names another metric): expansions count a quarter.
  const own = new Set(tokenize(topicOf(topic).words.join(' ')))
  const wanted = new Set(tokenize(ctx.search.cleanQuery(topic)))
  // The words the question names the thing by (a task number names a task, not a metric).
  const naming = new Set([
    ...tokenize(topicOf(topic.replace(TASK_NUMBER, ' ')).words.join(' ')),
    ...tokenize(ctx.search.cleanQuery(topic.replace(TASK_NUMBER, ' '))),
  ])
  // 「第几届」: an ordinal the plan writes in its text (第二届), not a target.
  const ordinal = text.match(/第几\s*(届|次|批|轮|期)/)?.[1]
  if (ordinal) return { kind: 'answered', reply: ordinalAnswer(hits, ordinal, topic) }
  const measure = askedMeasure(text)
  const topScore = hits[0]?.score ?? 1
  const scored: Scored[] = hits.flatMap((hit) =>
    hit.task.targets.map((target) => {
      // The metric tells targets in one clause apart (企业开办网办率 vs 注销网办率); the clause adds context.
      const fit = own.size
        ? 0.75 * metricFit(own, target.metric) + 0.25 * metricFit(wanted, target.metric)
        : metricFit(wanted, target.metric)
      const overlap = 0.7 * fit + 0.3 * share(wanted, target.sentence)
      const unitBonus = measure && sameMeasure(target.unit, measure) ? 0.3 : 0
      // The task's rank counts, and so does how much of the question it covers: BM25 favours short tasks.
      return { task: hit.task, target, score: overlap + unitBonus + 0.25 * (hit.score / topScore) + 0.25 * hit.coverage }
    }),
  )
  scored.sort((a, b) => b.score - a.score)
  const first = hits[0] as (typeof hits)[number]
  // A measure the plan gives no figure in (多少台, 多少钱) is not answered with another metric's figure.
  // 「食品抽检合格率」: the measured thing the question ends on (…率, …量, …额) must be a metric the
  // plan sets (合格率 is not 核查处置任务完成率); 换标率 may abbreviate 换标使用率.
  // A one-character stem (存量, 总额) is too thin to tell metrics apart; 合格率 and 融资额 are not.
  const head = topicOf(topic).words.findLast((w) => MEASURED.test(w) && w.length >= 3 && !GENERIC_MEASURED.has(w))
  // The head in the user's word or in an official term it stands for (营业额 → 经营额).
  const heads = head
    ? ctx.search
        .cleanQuery(head)
        .split(' ')
        .filter((w) => w.length >= 2)
    : []
  // A target counts only when its clause says something the question names: 「商标的目标」 is not
  // answered with 重点跟踪100家 because task 22 mentions 商标 elsewhere.
  const named = (s: Scored) => naming.size === 0 || share(naming, s.target.sentence) > 0
  const fitting = scored.filter(
    (s) => named(s) && (!measure || sameMeasure(s.target.unit, measure)) && (!head || heads.some((h) => abbreviates(h, s.target.metric))),
  )
  if ((measure || head) && fitting.length === 0) return { kind: 'answered', reply: noFigure(topic, measure, first.task) }
  const best = fitting[0]
  // The plan gives no figure for it: say so, name none, return no task; the related text is quoted.
  if (!best) {
    return {
      kind: 'answered',
      reply: {
        intent: 'not_found',
        reply: `${NOT_IN_PLAN}「${echoOf(topic)}」的数字目标。相关内容见第${first.task.number}条（${unitsLine(first.task)}）：${quote(bestSentence(first.task, topic))}`,
        tasks: [],
      },
    }
  }
  return { kind: 'found', task: best.task, target: best.target, hits }
}

/**
 * A figure the plan sets in its goals rather than in a task (「到2025年，…总规模达到2万亿元」): the goal
 * target whose clause holds at least half of the question's words, quoted; null when none does.
 */
function goalAnswer(ctx: AnswerContext, topic: string): BotReply | null {
  const wanted = new Set(tokenize(topicOf(topic).words.join(' ')))
  if (wanted.size === 0) return null
  let best: { target: Target; score: number } | null = null
  for (const goal of ctx.plan.goals ?? [])
    for (const target of goal.targets) {
      const score = share(wanted, `${target.metric} ${target.sentence}`)
      if (score >= GOAL_SHARE && (!best || score > best.score)) best = { target, score }
    }
  if (!best) return null
  return {
    intent: 'target',
    reply: `工作要点的目标部分写明：${targetText(best.target)}。\n原文：${quote(best.target.sentence)}`,
    tasks: [],
  }
}

/** A goal's clause must hold this share of the question's words to answer it. */
const GOAL_SHARE = 0.5

export const answerTarget: Answerer = (ctx, routed, question) => {
  const topic = [routed.slots.topic, routed.slots.tail].filter(Boolean).join(' ') || question.text
  const found = lookupTarget(ctx, topic, question.text)
  if (found.kind === 'answered') return found.reply.intent === 'not_found' ? (goalAnswer(ctx, topic) ?? found.reply) : found.reply
  const { task, target, hits } = found
  const others = task.targets.filter((t) => t !== target)
  const lines = [
    `第${task.number}条的目标：${targetText(target)}。`,
    `原文：${quote(target.sentence)}`,
    ...(others.length ? [`本条其他目标：${others.map(targetText).join('；')}`] : []),
    unitsLine(task),
  ]
  const ranked = [task, ...hits.map((h) => h.task).filter((t) => t !== task)].slice(0, 3)
  return { intent: 'target', reply: lines.join('\n'), tasks: ranked.map(taskRef) }
}

/** 第20条, 20号任务: a task reference inside a topic. */
const TASK_NUMBER = /(?:第|任务)?\s*\d+\s*(?:条|号任务|号|项)/g

/** Words naming what a figure measures: 合格率, 申请量, 融资额, 项目数, 产值. */
const MEASURED = /[率量额数值]$/
/** Heads that name no particular metric. */
const GENERIC_MEASURED = new Set(['数量', '总量', '数值', '数额', '总数', '个数', '人数', '次数'])

/** The measure word a question asks for: 多少家 → 家, 多少钱 → 元, 比例是多少 → %; undefined when none. */
function askedMeasure(text: string): string | undefined {
  const word = text.match(
    /(?:多少|几)\s*(个工作日|工作日|个月|个|家|件|项|户|条次|条|次|人次|亿元|万元|元|钱|块钱|亿(?![件户人家个项条次])|台|辆|公里|处|名|人|场|批|份|所|届|吨|套|座|部|天|日|个月|小时|分钟|工作日)/,
  )?.[1]
  if (word) return /钱|元|^[万亿]$/.test(word) ? '元' : word
  if (/(?:比例|比率|[^效]率|百分之?)(?:是|要|达到|为)?(?:多少|几)/.test(text)) return '%'
  return undefined
}

/** Counters people use for one another: 几家 示范单位 may be 1个 in the plan, 几场 演练 4次. */
const COUNTER_GROUPS = [new Set(['家', '个', '所', '处', '座']), new Set(['次', '场', '批', '轮']), new Set(['人', '名', '人次'])]

/** 5亿元 answers 多少钱, 10000条次 answers 多少条: the same base measure, any 万/亿 scale, or counters of one group. */
function sameMeasure(unit: string, measure: string): boolean {
  const base = (u: string) => u.replace(/^[万亿]/, '')
  if (COUNTER_GROUPS.some((g) => g.has(base(unit)) && g.has(base(measure)))) return true
  return base(unit) === base(measure) || base(unit).startsWith(base(measure)) || (measure === '元' && /元$/.test(unit))
}

/** No target in the asked measure: say so, name no figure, return no task (point to the nearest). */
/** The topic as the reply names it: its content words, or 第N条 as written. */
function echoOf(topic: string): string {
  const task = topic.match(/^\s*第?\s*(\d+)\s*条\s*$/)?.[1]
  return task ? `第${task}条` : topicOf(topic).text || topic
}

function noFigure(topic: string, measure: string | undefined, nearest: Task): BotReply {
  const echo = echoOf(topic)
  return {
    intent: 'not_found',
    reply: `${NOT_IN_PLAN}「${echo}」${measure ? `以「${measure}」计` : ''}的数字。相关内容见第${nearest.number}条：${quote(gist(nearest, 40))}`,
    tasks: [],
  }
}

/** 「第几届」: the sentence of the best task that writes the ordinal (第二届, 首届), else no figure. */
function ordinalAnswer(hits: { task: Task }[], unit: string, topic: string): BotReply {
  const pattern = new RegExp(`(?:第[一二三四五六七八九十\\d]+|首)${unit}`)
  for (const { task } of hits) {
    const sentence = sentencesOf(task.text).find((s) => pattern.test(s))
    if (sentence) {
      const ordinal = sentence.match(pattern)?.[0]
      return {
        intent: 'target',
        reply: `第${task.number}条写的是${ordinal}：${quote(sentence)}\n${unitsLine(task)}`,
        tasks: [taskRef(task)],
      }
    }
  }
  const first = hits[0]?.task
  return first ? noFigure(topic, unit, first) : notFound(topic)
}
