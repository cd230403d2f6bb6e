import { whoLeads } from '../format/plan-wording.js'
import { HELP_GROUPS, type HelpGroup } from '../intents/schema.js'
import type { Section } from '../plan/types.js'
import { tokenize, tokenSet } from '../search/tokenize.js'
import { topicOf } from '../search/topic.js'
import type { AnswerContext, Answerer } from './context.js'
import { deadlineOf, gist, sectionLabel, targetText, taskRef, unitsLine } from './format.js'
import { notFound } from './lookup.js'

/** Answers about the plan's structure: one task by number, sections and counts, help. */

export const answerShowTask: Answerer = (ctx, routed) => {
  const number = Number(routed.slots.task)
  const task = ctx.search.task(number)
  if (!task) {
    return {
      intent: 'show_task',
      reply: `工作要点共 ${ctx.plan.tasks.length} 条任务，没有第${number}条。`,
      tasks: [],
    }
  }
  const lines = [
    `第${task.number}条（${sectionLabel(ctx.plan, task.section)}）`,
    task.text,
    unitsLine(task),
    ...(task.targets.length ? [`数字目标：${task.targets.map(targetText).join('；')}`] : []),
    ...(deadlineOf(task) ? [`完成时限：${deadlineOf(task)}`] : []),
  ]
  return { intent: 'show_task', reply: lines.join('\n'), tasks: [taskRef(task)] }
}

/** Beyond this many tasks a section's list stops, with a pointer to the 台账. */
const SECTION_LINES = 100

function range(section: Section): string {
  const first = section.tasks[0]
  const last = section.tasks.at(-1)
  return first === last ? `第${first}条` : `第${first}–${last}条`
}

/** The section whose title holds at least half the topic's tokens (食品安全 → 「…保障食品安全」). */
function sectionByTitle(ctx: AnswerContext, topic: string): Section | undefined {
  const wanted = new Set(tokenize(ctx.search.cleanQuery(topic)))
  if (wanted.size === 0) return undefined
  const best = ctx.plan.sections
    .map((s) => ({ s, score: [...tokenSet(s.title)].filter((t) => wanted.has(t)).length / wanted.size }))
    .sort((a, b) => b.score - a.score)[0]
  return best && best.score >= 0.5 ? best.s : undefined
}

/** How many tasks are about a topic, listed; 工作要点未提及 when none is. */
function countByTopic(ctx: AnswerContext, topic: string) {
  const hits = ctx.search.find(topic, 50)
  const echo = topicOf(topic).text || topic
  if (hits.length === 0) return notFound(echo)
  const lines = hits.map((h) => `第${h.task.number}条 ${gist(h.task, 30)}（${whoLeads(h.task)}）`)
  return {
    intent: 'section',
    reply: [`与「${echo}」有关的任务共 ${hits.length} 条：`, ...lines].join('\n'),
    tasks: hits.map((h) => taskRef(h.task)),
  }
}

/**
 * The section a topic names: by its title first (食品安全 → 「…保障食品安全」), otherwise the
 * section whose tasks the topic matches most often (知识产权 → the section on 试点建设).
 */
export function sectionForTopic(ctx: AnswerContext, topic: string): Section | undefined {
  const byTitle = sectionByTitle(ctx, topic)
  if (byTitle) return byTitle
  const counts = new Map<number, number>()
  for (const hit of ctx.search.find(topic, 50)) counts.set(hit.task.section, (counts.get(hit.task.section) ?? 0) + 1)
  const best = [...counts].sort((a, b) => b[1] - a[1])[0]
  return best ? ctx.plan.sections.find((s) => s.number === best[0]) : undefined
}

export const answerSection: Answerer = (ctx, routed) => {
  const { plan } = ctx
  if (routed.slots.section === undefined && routed.slots.topic === undefined) {
    const lines = plan.sections.map((s) => `${sectionLabel(plan, s.number)}：${range(s)}，${s.tasks.length} 项`)
    return {
      intent: 'section',
      reply: [`《${plan.title}》共 ${plan.sections.length} 个部分、${plan.tasks.length} 项任务：`, ...lines].join('\n'),
      tasks: [],
    }
  }
  // 「商标有几条任务」「放心消费这块有几条」: a count of the tasks on a topic, unless the topic names a
  // section's title or the question says 部分 (知识产权部分 is the section most about it).
  const { topic, part } = routed.slots
  if (topic !== undefined && part === undefined && routed.slots.section === undefined && !sectionByTitle(ctx, topic))
    return countByTopic(ctx, topic)
  const section =
    routed.slots.section !== undefined
      ? plan.sections.find((s) => s.number === Number(routed.slots.section))
      : sectionForTopic(ctx, routed.slots.topic ?? '')
  if (!section) {
    if (routed.slots.section !== undefined)
      return { intent: 'section', reply: `工作要点共 ${plan.sections.length} 个部分，没有第${routed.slots.section}部分。`, tasks: [] }
    return notFound(`${routed.slots.topic}部分`)
  }
  const tasks = section.tasks.map((n) => ctx.search.task(n)).filter((t) => t !== undefined)
  // A chat reply lists a readable number of tasks; the machine answer keeps them all.
  const lines = tasks.slice(0, SECTION_LINES).map((t) => `第${t.number}条 ${gist(t, 30)}（${whoLeads(t)}）`)
  if (tasks.length > SECTION_LINES) lines.push(`（共 ${tasks.length} 项，这里列前 ${SECTION_LINES} 项；全部请发送「导出台账」）`)
  return {
    intent: 'section',
    reply: [`${sectionLabel(plan, section.number)}共 ${tasks.length} 项任务（${range(section)}）：`, ...lines].join('\n'),
    tasks: tasks.map(taskRef),
  }
}

const HELP_TITLES: Record<HelpGroup, string> = {
  ask: '【问工作要点】',
  report: '【报送进度】',
  lead: '【领导查看】',
  admin: '【管理员】',
  cycle: '【督办：办结、延期、佐证材料】',
}

/** The one line 「帮助」 gives the 督办 cycle; 「督办帮助」 lists it whole. */
export const CYCLE_HELP_POINTER = '· 督办帮助 — 办结、延期、佐证材料'

/** Help lines of one group, by helpRank. */
export function helpLines(ctx: Pick<AnswerContext, 'intents'>, group: HelpGroup): string[] {
  return ctx.intents
    .filter((i) => i.help && i.helpGroup === group)
    .sort((a, b) => a.helpRank - b.helpRank)
    .map((i) => `· ${i.help}`)
}

/** Help lines grouped by who needs them, most needed first (HELP_GROUPS); by helpRank within a group. */
/** 「督办帮助」: the 督办 cycle's commands, who may send them, in the order a task goes through them. */
export const answerCycleHelp: Answerer = (ctx) => ({
  intent: 'cycle_help',
  reply: [HELP_TITLES.cycle, ...helpLines(ctx, 'cycle')].join('\n'),
  tasks: [],
})

export const answerHelp: Answerer = (ctx) => {
  const lines = HELP_GROUPS.flatMap((group) => {
    if (group === 'cycle') return []
    // Reporting ends with the pointer to the 督办 cycle, which has help of its own.
    const items = [...helpLines(ctx, group), ...(group === 'report' && helpLines(ctx, 'cycle').length ? [CYCLE_HELP_POINTER] : [])]
    return items.length ? [HELP_TITLES[group], ...items] : []
  })
  return {
    intent: 'help',
    reply: [`我是工作要点助手，回答《${ctx.plan.title}》的问题，并记录各单位报送的进度。可以这样问：`, ...lines].join('\n'),
    tasks: [],
  }
}
