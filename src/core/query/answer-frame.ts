import {
  answerNumber,
  answerRange,
  answerScopedCount,
  answerScopedList,
  answerScopedTargets,
  answerScopedUnits,
  answerWhichSection,
} from '../answer/composed.js'
import type { AnswerContext, Question } from '../answer/context.js'
import { answerDocumentPart } from '../answer/document.js'
import { answerDueTasks, answerOverdueTasks } from '../answer/due-tasks.js'
import { bindingHint } from '../answer/identity.js'
import { answerCoUnits, answerEvent, answerLead, answerSearch } from '../answer/lookup.js'
import { answerProgressQuery } from '../answer/progress.js'
import { answerOwnUnreported, answerProgressFigure } from '../answer/progress-words.js'
import { answerRanking } from '../answer/ranking.js'
import { aboutBot, howToReport, smallTalkReply } from '../answer/small-talk.js'
import { answerSection, answerShowTask } from '../answer/structure.js'
import { answerTarget } from '../answer/targets.js'
import { answerTimeline } from '../answer/timeline.js'
import { answerUnitTasks } from '../answer/unit-tasks.js'
import { answerUnreported } from '../answer/unreported.js'
import type { Routed } from '../intents/router.js'
import type { BotReply } from '../message.js'
import type { UnitMatch } from '../plan/unit-directory.js'
import { topicOf } from '../search/topic.js'
import { type Frame, hasScope, type Relation } from './frame.js'
import { intentOf } from './intent-of.js'
import { nearMiss, whereOrWhich } from './near-miss.js'
import { scopeOf, unitName } from './scope.js'

/**
 * Evaluates a frame over the plan and the store: one dispatch for every question. Simple frames
 * (a topic and what is asked of it) are answered by the answerers the bot always had, so their
 * wording and ranking stay; frames with constraints (a unit and its relation, a section, a kind of
 * figure, a literal word, an ordinal, an aggregate) select tasks through scope.ts and are rendered
 * by composed.ts and ranking.ts. The reply says how a slip of typing was read.
 */

const routed = (intent: Routed['intent'], slots: Record<string, string>, unit?: UnitMatch): Routed => ({
  intent,
  slots,
  ...(unit ? { unit } : {}),
})

function hasTopic(frame: Frame): boolean {
  return topicOf([frame.sectionWords, frame.topic].filter(Boolean).join(' ')).words.length > 0
}

/** Constraints beyond one task number and a free topic. */
function composed(frame: Frame): boolean {
  return hasScope({ ...frame, task: undefined }) || frame.sectionWords !== undefined
}

/** The topic as the answerers search it: a task number is its own topic (第20条). */
function searchTopic(frame: Frame): string {
  if (frame.task !== undefined) return `第${frame.task}条`
  return [frame.sectionWords, frame.topic].filter(Boolean).join(' ')
}

/** Asks that each say one thing about a task: answered together when a question asks two of them. */
const PROJECTIONS: ReadonlySet<string> = new Set(['unit', 'co', 'figure', 'date', 'section'])

export async function answerFrame(ctx: AnswerContext, frame: Frame, question: Question): Promise<BotReply> {
  const reply = await answerAll(ctx, frame, question)
  const intent = reply.intent === 'not_found' ? 'not_found' : intentOf(frame)
  const heard = [...frame.readings, ...(frame.unit?.readAs ? [{ typed: frame.unit.typed, read: frame.unit.readAs }] : [])]
  const note = heard.length ? `（按“${heard.map((h) => h.read).join('”“')}”理解）\n` : ''
  return {
    ...reply,
    intent: reply.intent === 'help' || reply.intent === 'small_talk' ? reply.intent : intent,
    reply: `${note}${reply.reply}`,
  }
}

/**
 * 「第20条谁牵头，目标多少」: every projection asked, one after the other, about the same subject;
 * 「计量科和计量所分别负责什么」: the question once per unit. Otherwise one evaluation.
 */
async function answerAll(ctx: AnswerContext, frame: Frame, q: Question): Promise<BotReply> {
  if (frame.moreUnits?.mode === 'each' && frame.unit) {
    const units = [frame.unit, ...frame.moreUnits.units]
    const replies = []
    for (const unit of units) replies.push(await evaluate(ctx, { ...frame, unit, moreUnits: undefined }, q))
    return joined(replies)
  }
  const projections = frame.asks.filter((a) => PROJECTIONS.has(a))
  if (projections.length < 2 || frame.groupBy || frame.document) return evaluate(ctx, frame, q)
  const replies = []
  for (const ask of projections) replies.push(await evaluate(ctx, { ...frame, asks: [ask] }, q))
  return joined(replies)
}

/** Several answers as one reply: their words in order, their tasks without repeats, the first's intent. */
function joined(replies: BotReply[]): BotReply {
  const found = replies.filter((r) => r.intent !== 'not_found')
  const first = (found[0] ?? replies[0]) as BotReply
  const byNumber = new Map(replies.flatMap((r) => r.tasks).map((t) => [t.number, t] as const))
  const tasks = [...byNumber.values()]
  return { ...first, reply: replies.map((r) => r.reply).join('\n\n'), tasks }
}

async function evaluate(ctx: AnswerContext, frame: Frame, q: Question): Promise<BotReply> {
  if (frame.unitChoices) return { intent: 'not_found', reply: `你说的是哪个单位：${frame.unitChoices.join('、')}？`, tasks: [] }
  if (frame.bot === 'report') return howToReport()
  if (frame.bot === 'about') return aboutBot(ctx.plan.title)
  if (frame.reportLike) return reportHint(frame.reportLike)
  const primary = frame.asks[0]
  if (frame.chat && !primary && !hasScope(frame) && !hasTopic(frame)) return smallTalkReply(q.text, ctx.plan.title, frame.chat)
  if (frame.document === 'sections') return primary === 'count' ? sectionsCount(ctx) : answerSection(ctx, routed('section', {}), q)
  if (frame.document)
    return answerDocumentPart(ctx, frame.document, `${frame.topic} ${q.text}`, frame.asks.includes('figure'), frame.section)
  const absent = unknownUnit(ctx, frame)
  if (absent) return absent
  const unit = await unitOf(ctx, frame, q)
  if ('reply' in unit) return unit
  const own = unit.value
  // 「我们科还有哪些没报」 is the sender's unit; 「哪些任务还没人报」 the whole plan.
  if (frame.unreported) return own ? answerOwnUnreported(ctx, own, q) : answerUnreported(ctx, routed('unreported', {}), q)
  if (frame.due === 'overdue') return answerOverdueTasks(ctx)
  if (frame.due === 'due') return answerDueTasks(ctx, routed('timeline', { due: frame.period?.label ?? '本月' }))
  if (frame.period?.relative && (primary === 'tasks' || primary === 'date' || !primary) && !composed({ ...frame, period: undefined }))
    return answerTimeline(ctx, routed('timeline', { period: frame.period.label }), q)
  if (frame.groupBy) return answerRanking(ctx, frame, scopeOf(ctx, frame, own))
  // 「5月17日要搞什么宣传」「4月26号那周搞啥」: a day is answered with what the plan holds on it.
  if (frame.period?.day && !['unit', 'co', 'figure', 'progress', 'progressFigure'].includes(primary ?? ''))
    return answerEvent(ctx, routed('event', { month: String(frame.period.from), day: String(frame.period.day) }), q)
  switch (primary) {
    case 'progressFigure':
      return answerProgressFigure(ctx, frame, q)
    case 'progress':
      return progress(ctx, frame, own, q)
    case 'unit':
      return who(ctx, frame, own, q, 'lead')
    case 'co':
      return who(ctx, frame, own, q, 'co')
    case 'figure':
      return figure(ctx, frame, own, q)
    case 'date':
      return when(ctx, frame, own, q)
    case 'place':
    case 'names':
      return whereOrWhich(ctx, frame, primary) ?? list(ctx, frame, own, q)
    case 'range':
      return answerRange(ctx, frame)
    case 'number':
      if (!composed(frame) && frame.task === undefined && hasTopic(frame))
        return answerSearch(ctx, routed('search', { topic: searchTopic(frame), what: '' }), q)
      return answerNumber(ctx, frame, scopeOf(ctx, frame, own))
    case 'section':
      return answerWhichSection(ctx, scopeOf(ctx, frame, own))
    case 'count':
      return count(ctx, frame, own, q)
    case 'text':
      return text(ctx, frame, own, q)
    default:
      return list(ctx, frame, own, q)
  }
}

type OwnUnit = { match: UnitMatch; relation: Relation } | undefined

/**
 * 「法务科负责什么」: a name written like a unit's, no unit of the plan nor a slip of one, and the
 * question is about it. Said plainly, with the plan's units whose names are closest.
 */
function unknownUnit(ctx: AnswerContext, frame: Frame): BotReply | null {
  const typed = frame.unknownUnit
  if (!typed || frame.unit || frame.self !== undefined) return null
  if (frame.asks.some((a) => !['tasks', 'count', 'text', 'progress'].includes(a))) return null
  if (topicOf(frame.topic.replace(typed, ' ')).words.length > 0) return null
  const closest = ctx.units.suggest(typed)
  const hint = closest.length ? `你是不是想问：${closest.join('、')}？` : '发送「帮助」查看可以问的问题。'
  return { intent: 'not_found', reply: `工作要点未提及「${typed}」这个单位。${hint}`, tasks: [] }
}

/** Asks that a 「我们局」 in a question about a topic does not change: 「创文明城市这块我们局谁牵头」. */
const ABOUT_TOPIC: ReadonlySet<string> = new Set(['unit', 'co', 'figure', 'date', 'number', 'section', 'text'])

/** The unit the question is about: the one it names, or the sender's own (我们科) from their binding. */
async function unitOf(ctx: AnswerContext, frame: Frame, q: Question): Promise<{ value: OwnUnit } | BotReply> {
  if (frame.unit) return { value: { match: frame.unit.match, relation: frame.unit.relation } }
  if (frame.self === undefined) return { value: undefined }
  if (ABOUT_TOPIC.has(frame.asks[0] ?? '') && hasTopic(frame)) return { value: undefined }
  const binding = await ctx.store.getBinding(q.user)
  if (binding?.status !== 'approved')
    return { intent: 'unit_tasks', reply: `要查「我们科」的情况，得先知道你是哪个单位的。${bindingHint(binding)}`, tasks: [] }
  const match = ctx.units.resolve(binding.unit)
  if (!match) return { intent: 'unit_tasks', reply: `你绑定的「${binding.unit}」在工作要点里没有点名的任务。`, tasks: [] }
  return { value: { match, relation: frame.self } }
}

function reportHint(report: { task: number; text: string }): BotReply {
  const help = howToReport(report)
  return {
    intent: 'help',
    reply: `这条消息没有记录。如果是报送第${report.task}条的进度，请以「进度」开头重新发送：「进度 ${report.task} ${report.text}」。\n${help.reply.split('\n')[1]}`,
    tasks: [],
  }
}

function sectionsCount(ctx: AnswerContext): BotReply {
  const lines = ctx.plan.sections.map((s, k) => `${k + 1}. ${s.title}（${s.tasks.length} 条）`)
  return {
    intent: 'section',
    reply: [`工作要点共 ${ctx.plan.sections.length} 个部分、${ctx.plan.tasks.length} 条任务：`, ...lines].join('\n'),
    tasks: [],
  }
}

/** A single task the frame points at by number or ordinal, if it does. */
function oneTask(ctx: AnswerContext, frame: Frame, own: OwnUnit): number | undefined {
  if (frame.task !== undefined && !composed(frame)) return frame.task
  if (frame.ordinal || frame.task !== undefined) {
    // 「知识产权那块最后一条」: a part named by words the headings lack is the tasks about them.
    const sectionWords = frame.ordinal && frame.task === undefined ? frame.sectionWords : undefined
    const scope = scopeOf(ctx, { ...frame, topic: '', sectionWords }, own)
    return scope.tasks.length === 1 ? scope.tasks[0]?.number : undefined
  }
  return undefined
}

function who(ctx: AnswerContext, frame: Frame, own: OwnUnit, q: Question, which: 'lead' | 'co'): BotReply | Promise<BotReply> {
  const single = oneTask(ctx, frame, own)
  if (single !== undefined) {
    const slots = { topic: `第${single}条` }
    return which === 'lead' ? answerLead(ctx, routed('lead', slots), q) : answerCoUnits(ctx, routed('co_units', slots), q)
  }
  // 「商标侵权，医疗器械科要配合吗」: the named unit's role on the task the topic finds.
  const named = frame.unit && !composed({ ...frame, unit: undefined }) ? ` ${unitName(frame.unit.match)}` : ''
  if (composed(frame) && !named) return answerScopedUnits(scopeOf(ctx, frame, own), which)
  const slots = { topic: `${searchTopic(frame)}${named}` }
  return which === 'lead' ? answerLead(ctx, routed('lead', slots), q) : answerCoUnits(ctx, routed('co_units', slots), q)
}

function figure(ctx: AnswerContext, frame: Frame, own: OwnUnit, q: Question): BotReply | Promise<BotReply> {
  const single = oneTask(ctx, frame, own)
  if (single !== undefined && !frame.figure) return answerTarget(ctx, routed('target', { topic: `第${single}条` }), q)
  // 「全部任务里有多少个数字目标」「第一部分有哪些目标」: the targets of whatever the frame selects.
  if (composed(frame) || frame.figure || !hasTopic(frame)) return answerScopedTargets(frame, scopeOf(ctx, frame, own))
  return answerTarget(ctx, routed('target', { topic: searchTopic(frame) }), q)
}

function when(ctx: AnswerContext, frame: Frame, own: OwnUnit, q: Question): BotReply | Promise<BotReply> {
  const single = oneTask(ctx, frame, own)
  if (single !== undefined) return answerTimeline(ctx, routed('timeline', { task: String(single) }), q)
  const period = frame.period
  if (period?.day) return answerEvent(ctx, routed('event', { month: String(period.from), day: String(period.day) }), q)
  if (period && !period.relative)
    return answerTimeline(ctx, routed('timeline', { period: period.label, month: period.from === period.to ? String(period.from) : '' }), q)
  if (!hasTopic(frame)) return answerTimeline(ctx, routed('timeline', { period: '年底前' }), q)
  return nearMiss(ctx, frame, 'date') ?? answerTimeline(ctx, routed('timeline', { topic: searchTopic(frame) }), q)
}

function count(ctx: AnswerContext, frame: Frame, own: OwnUnit, q: Question): BotReply | Promise<BotReply> {
  if (!hasScope(frame) && !hasTopic(frame)) return answerSection(ctx, routed('section', {}), q)
  if (frame.sectionWords && !own && !composed({ ...frame, sectionWords: undefined }) && !hasTopic({ ...frame, sectionWords: undefined }))
    return answerSection(ctx, routed('section', { topic: frame.sectionWords, part: '部分' }), q)
  if (frame.section !== undefined && !own && !composed({ ...frame, section: undefined }) && !hasTopic(frame))
    return answerSection(ctx, routed('section', { section: String(frame.section) }), q)
  if (!composed(frame) && !own && frame.task === undefined)
    return answerSection(ctx, routed('section', { topic: searchTopic(frame), count: '几' }), q)
  if (own && !composed({ ...frame, unit: undefined, self: undefined }) && !hasTopic(frame) && own.relation !== 'co')
    return answerUnitTasks(ctx, routed('unit_tasks', { role: own.relation === 'lead' ? '牵头' : '负责' }, own.match), q)
  return answerScopedCount(ctx, frame, scopeOf(ctx, frame, own))
}

function text(ctx: AnswerContext, frame: Frame, own: OwnUnit, q: Question): BotReply | Promise<BotReply> {
  const single = oneTask(ctx, frame, own)
  if (single !== undefined) return answerShowTask(ctx, routed('show_task', { task: String(single) }), q)
  if (frame.section !== undefined && !hasTopic(frame) && !own)
    return answerSection(ctx, routed('section', { section: String(frame.section) }), q)
  if (own && !hasTopic(frame) && !composed({ ...frame, unit: undefined, self: undefined })) return unitList(ctx, frame, own, q)
  if (composed(frame)) return answerScopedList(ctx, frame, scopeOf(ctx, frame, own))
  return nearMiss(ctx, frame, 'text') ?? answerSearch(ctx, routed('search', { topic: searchTopic(frame), what: '' }), q)
}

function list(ctx: AnswerContext, frame: Frame, own: OwnUnit, q: Question): BotReply | Promise<BotReply> {
  const single = hasTopic(frame) ? undefined : oneTask(ctx, frame, own)
  if (single !== undefined) return answerShowTask(ctx, routed('show_task', { task: String(single) }), q)
  if (frame.ordinal) return text(ctx, frame, own, q)
  const others = { ...frame, unit: undefined, self: undefined }
  // 「价监科负责哪些」「药检所要配合哪些工作」: what it leads and what it co-operates on, listed apart.
  if (own && !composed(others) && !hasTopic(frame)) return unitList(ctx, frame, own, q)
  // 「县局是不是所有业务工作都要参与」: a body the closing paragraph names, about itself.
  if (own && own.match.kind === 'shared') return answerUnitTasks(ctx, routed('unit_tasks', {}, own.match), q)
  if (frame.section !== undefined && !composed({ ...frame, section: undefined }) && !hasTopic(frame))
    return answerSection(ctx, routed('section', { section: String(frame.section) }), q)
  if (frame.period && !frame.period.relative && !composed({ ...frame, period: undefined }) && !hasTopic(frame))
    return when(ctx, frame, own, q)
  // 「以公里计的目标有哪些」「哪些任务带量化指标」: the targets of that kind, task by task.
  if (frame.figure) return answerScopedTargets(frame, scopeOf(ctx, frame, own))
  if (composed(frame)) {
    // 「X要配合吗」 with a topic: the named unit's role on the tasks the topic finds.
    if (own && !frame.asks.length && hasTopic(frame) && !composed(others))
      return answerCoUnits(ctx, routed('co_units', { topic: `${searchTopic(frame)} ${unitName(own.match)}` }), q)
    return answerScopedList(ctx, frame, scopeOf(ctx, frame, own))
  }
  if (frame.sectionWords && !hasTopic({ ...frame, sectionWords: undefined }))
    return answerSection(ctx, routed('section', { topic: frame.sectionWords, part: '部分' }), q)
  if (frame.asks.includes('tasks') && hasTopic(frame)) return answerScopedList(ctx, frame, scopeOf(ctx, frame, own))
  return answerSearch(ctx, routed('search', { topic: searchTopic(frame) }), q)
}

/**
 * A unit's own tasks: led and co-operated apart (牵头 only when asked), a county group word
 * answered with what the closing paragraph gives the county bureaus.
 */
function unitList(ctx: AnswerContext, frame: Frame, own: NonNullable<OwnUnit>, q: Question): BotReply | Promise<BotReply> {
  const { match } = own
  if (match.kind === 'placeholder' && /县|区/.test(match.name) && ctx.plan.sharedUnits)
    return answerUnitTasks(ctx, routed('unit_tasks', {}, { kind: 'shared', name: match.name }), q)
  if (own.relation === 'co' && composed({ ...frame, unit: undefined, self: undefined }))
    return answerScopedList(ctx, frame, scopeOf(ctx, frame, own))
  return answerUnitTasks(ctx, routed('unit_tasks', own.relation === 'lead' ? { role: '牵头' } : {}, match), q)
}

function progress(ctx: AnswerContext, frame: Frame, own: OwnUnit, q: Question): BotReply | Promise<BotReply> {
  const single = oneTask(ctx, frame, own)
  const all: Record<string, string> = /全部|所有|历史|历次/.test(q.text) ? { all: '全部' } : {}
  if (single !== undefined) return answerProgressQuery(ctx, routed('progress_query', { task: String(single), ...all }), q)
  const top = hasTopic(frame) ? ctx.search.find(searchTopic(frame), 1)[0]?.task : undefined
  if (top) return answerProgressQuery(ctx, routed('progress_query', { task: String(top.number), ...all }), q)
  if (hasTopic(frame)) return answerSearch(ctx, routed('search', { topic: searchTopic(frame) }), q)
  return {
    intent: 'progress_query',
    reply: '你问的是哪一项工作的进展？请带上条号或事项，例如「第20条进展如何」「商标注册进展怎么样」。',
    tasks: [],
  }
}
