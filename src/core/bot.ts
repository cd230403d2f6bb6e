import type { AnswerContext, Answerer, Question } from './answer/context.js'
import { answerPlanText } from './answer/document.js'
import { answerExport } from './answer/export.js'
import { NOT_IN_PLAN } from './answer/format.js'
import { answerApprove, answerBind, answerPending, answerUnbind, answerWhoami } from './answer/identity.js'
import { answerDashboard } from './answer/leader-access.js'
import { answerCoUnits, answerEvent, answerLead, answerSearch } from './answer/lookup.js'
import { answerLogProgress, answerProgressQuery, answerWithdraw } from './answer/progress.js'
import { answerSmallTalk, HINT } from './answer/small-talk.js'
import { answerHelp, answerSection, answerShowTask } from './answer/structure.js'
import { answerRedTasks, answerScopedSummary, answerSummary, answerUnreported } from './answer/summary.js'
import { answerTarget } from './answer/targets.js'
import { answerTimeline } from './answer/timeline.js'
import { answerUnitTasks } from './answer/unit-tasks.js'
import { ConversationContext, type ConversationKey } from './intents/context.js'
import { resolveFollowUp } from './intents/follow-up.js'
import type { IntentId } from './intents/ids.js'
import { Router } from './intents/router.js'
import type { Logger } from './log.js'
import type { Bot, BotReply, IncomingMessage } from './message.js'
import { StoreUnavailableError } from './progress/store.js'
import { ClosedWorld } from './search/closed-world.js'
import { MAX_MESSAGE_CHARS, normaliseMessage, trimFiller } from './text/normalise.js'

/** One answerer per intent; a missing one is a type error. */
const ANSWERERS: Record<IntentId, Answerer> = {
  help: answerHelp,
  small_talk: answerSmallTalk,
  whoami: answerWhoami,
  unbind: answerUnbind,
  bind: answerBind,
  approve: answerApprove,
  pending: answerPending,
  withdraw: answerWithdraw,
  log_progress: answerLogProgress,
  progress_query: answerProgressQuery,
  unreported: answerUnreported,
  red_tasks: answerRedTasks,
  export: answerExport,
  dashboard: answerDashboard,
  summary: answerSummary,
  scoped_summary: answerScopedSummary,
  show_task: answerShowTask,
  section: answerSection,
  unit_tasks: answerUnitTasks,
  co_units: answerCoUnits,
  lead: answerLead,
  target: answerTarget,
  event: answerEvent,
  timeline: answerTimeline,
  plan_text: answerPlanText,
  search: answerSearch,
}

/** Questions about the plan's content, where a year, place or person it never names means 未提及. */
const GUARDED: ReadonlySet<IntentId> = new Set(['lead', 'co_units', 'target', 'search', 'unit_tasks', 'timeline', 'event', 'section'])

/**
 * The core: normalise → route → answer. The only thing adapters call. It never throws: an error
 * is logged with context and the user gets a polite reply.
 */
export function createBot(ctx: AnswerContext, log: Logger, conversations = new ConversationContext()): Bot {
  const router = new Router(ctx.intents, ctx.units)
  const closedWorld = new ClosedWorld(ctx.plan, (name) => ctx.units.resolve(name) !== null)
  return {
    async handle(message: IncomingMessage): Promise<BotReply> {
      let intent: IntentId | undefined
      try {
        if (message.text.length > MAX_MESSAGE_CHARS) {
          ctx.store.audit({
            at: ctx.now().toISOString(),
            user: message.user,
            action: 'message',
            allowed: false,
            reason: `longer than ${MAX_MESSAGE_CHARS} characters`,
            detail: { length: message.text.length, platform: message.platform },
          })
          return {
            intent: 'rejected',
            reply: `消息太长了（${message.text.length} 字），请控制在 ${MAX_MESSAGE_CHARS} 字以内，未做任何处理。`,
            tasks: [],
          }
        }
        const text = normaliseMessage(message.text)
        if (!text) return { intent: 'help', reply: '请输入问题，例如「商标工作谁牵头？」，或发送「帮助」。', tasks: [] }
        const key: ConversationKey = { platform: message.platform, channel: message.channel, user: message.user }
        const now = ctx.now()
        const followUp = resolveFollowUp(text, router.route(trimFiller(text)), conversations.recall(key, now))
        if (followUp.kind === 'which') return askWhich(followUp.intent)
        const routed = followUp.routed
        // 「第65条是什么内容」 in a plan of 64: one clear reply, whatever the question. Writes (进度 99 …)
        // keep their own refusal, which says nothing was recorded and is audited.
        const missing = WRITES.has(routed.intent) ? null : missingTask(routed.slots.task ?? text.match(TASK_NUMBER)?.[1], ctx)
        if (missing) return { intent: 'not_found', reply: missing, tasks: [] }
        const outside = GUARDED.has(routed.intent) ? closedWorld.check(text) : null
        if (outside) return { intent: 'not_found', reply: `${NOT_IN_PLAN}${outside.what}。${outside.why}`, tasks: [] }
        const question: Question = { ...message, text, original: message.text }
        intent = routed.intent
        const answer = await ANSWERERS[routed.intent](ctx, routed, question)
        if (answer.tasks.length)
          conversations.remember(
            key,
            { intent: routed.intent, tasks: answer.tasks.map((t) => t.number), topic: routed.slots.topic ?? '' },
            now,
          )
        return { ...answer, intent: answer.intent === 'not_found' ? 'not_found' : routed.intent }
      } catch (error) {
        log.error('bot: answer failed', { intent, user: message.user, platform: message.platform, error })
        // The store refused a write (its file is gone): say that nothing was recorded, not a vague error.
        if (error instanceof StoreUnavailableError) return { intent: 'error', reply: error.reply, tasks: [] }
        return { intent: 'error', reply: '抱歉，处理这条消息时出错了，请稍后再试。已记录的内容不受影响。', tasks: [] }
      }
    },
  }
}

/** Intents that store something: their answerers refuse unknown tasks themselves, with an audit row. */
const WRITES = new Set<IntentId>(['log_progress', 'withdraw'])

/** 第65条, 任务65: a task named by number (not 第2季度, 第3部分). */
const TASK_NUMBER = /(?:第|任务)\s*(\d+)\s*(?:条|项|号)?(?!\d|\s*(?:部分|大项|章|季度|届|批|名|轮|期|方阵|年|月|天|周|个|次))/

/** The reply for a task number the plan lacks, or null when it has it (or none is named). */
function missingTask(number: string | undefined, ctx: AnswerContext): string | null {
  if (!number || !/^\d+$/.test(number)) return null
  if (ctx.plan.tasks.some((t) => t.number === Number(number))) return null
  return `工作要点共 ${ctx.plan.tasks.length} 条任务，没有第${Number(number)}条。`
}

/** A follow-up with nothing to follow: say what is missing instead of 「工作要点未提及」. */
function askWhich(intent: IntentId): BotReply {
  const reply =
    intent === 'search' ? `没太明白你想问什么。${HINT}` : '你问的是哪一项工作？请带上事项或条号，例如「专利的目标是多少」「第20条谁牵头」。'
  return { intent, reply, tasks: [] }
}
