import { answerCloseTask, answerConfirmClose, answerDeclineClose, answerReopenTask } from './answer/closing.js'
import type { AnswerContext, Answerer, Question } from './answer/context.js'
import { answerPlanText } from './answer/document.js'
import { answerEvidence } from './answer/evidence.js'
import { answerExport } from './answer/export.js'
import { answerApproveExtension, answerCyclePending, answerDeclineExtension, answerExtendDeadline } from './answer/extension.js'
import { NOT_IN_PLAN } from './answer/format.js'
import { answerApprove, answerBind, answerPending, answerUnbind, answerWhoami, isAdmin } from './answer/identity.js'
import { answerDashboard } from './answer/leader-access.js'
import { answerCoUnits, answerEvent, answerLead, answerSearch } from './answer/lookup.js'
import { answerPlans } from './answer/plans.js'
import { answerLogProgress, answerProgressQuery, answerWithdraw } from './answer/progress.js'
import { answerSmallTalk, HINT } from './answer/small-talk.js'
import { answerCycleHelp, answerHelp, answerSection, answerShowTask } from './answer/structure.js'
import { answerRedTasks, answerScopedSummary, answerSummary, answerUnreported } from './answer/summary.js'
import { answerTarget } from './answer/targets.js'
import { answerTimeline } from './answer/timeline.js'
import { answerUnitTasks } from './answer/unit-tasks.js'
import { ConversationContext, type ConversationKey } from './intents/context.js'
import type { IntentId } from './intents/ids.js'
import { domainMeaning, type Routed, Router } from './intents/router.js'
import type { Logger } from './log.js'
import type { Bot, BotReply, IncomingMessage } from './message.js'
import type { PlanLibrary } from './plans/library.js'
import { planNaming } from './plans/naming.js'
import { planReference } from './plans/reference.js'
import { StoreUnavailableError } from './progress/store.js'
import { answerFrame } from './query/answer-frame.js'
import { parseEnvFor } from './query/env.js'
import { followFrame } from './query/follow-up.js'
import type { Frame } from './query/frame.js'
import { intentOf } from './query/intent-of.js'
import { type ParseEnv, parseQuestion } from './query/parse.js'
import { ClosedWorld } from './search/closed-world.js'
import { loadDomainLexicon } from './search/domain-lexicon.js'
import { MAX_MESSAGE_CHARS, normaliseMessage, trimFiller } from './text/normalise.js'
import { yearOf } from './time.js'

/** One answerer per intent; a missing one is a type error. */
const ANSWERERS: Record<IntentId, Answerer> = {
  help: answerHelp,
  small_talk: answerSmallTalk,
  plans: answerPlans,
  whoami: answerWhoami,
  unbind: answerUnbind,
  bind: answerBind,
  approve: answerApprove,
  pending: answerPending,
  withdraw: answerWithdraw,
  log_progress: answerLogProgress,
  evidence: answerEvidence,
  close_task: answerCloseTask,
  confirm_close: answerConfirmClose,
  decline_close: answerDeclineClose,
  reopen_task: answerReopenTask,
  extend_deadline: answerExtendDeadline,
  approve_extension: answerApproveExtension,
  decline_extension: answerDeclineExtension,
  cycle_pending: answerCyclePending,
  cycle_help: answerCycleHelp,
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

/** Intents whose answer is not about one plan's content: they never name a plan. */
const PLAN_FREE = new Set<string>([
  'help',
  'cycle_help',
  'small_talk',
  'plans',
  'whoami',
  'unbind',
  'bind',
  'approve',
  'pending',
  'rejected',
  'error',
])

/** What the bot keeps per loaded plan: its answer context, its command router and question parser (units differ), its closed world. */
interface PlanRuntime {
  ctx: AnswerContext
  router: Router
  parse: ParseEnv
  closedWorld: ClosedWorld
}

/** A message understood: a command with its slots, or a question read into a frame. */
type Understood = { kind: 'command'; routed: Routed } | { kind: 'question'; frame: Frame; routed: Routed }

/**
 * The core: normalise → choose the plan → route → answer. The only thing adapters call. It never
 * throws: an error is logged with context and the user gets a polite reply.
 *
 * With several plans loaded (PlanLibrary), a question goes to the plan it names (「2023年第20条」,
 * 「去年的…」, 「津市局的工作要点里…」), else the plan of the conversation it follows, else the room's
 * plan, else the default; the answer then says which plan it quotes. One plan behaves as before.
 */
export function createBot(plans: AnswerContext | PlanLibrary<AnswerContext>, log: Logger, conversations = new ConversationContext()): Bot {
  const library = 'plans' in plans && 'default' in plans ? plans : null
  const single = library ? null : (plans as AnswerContext)
  const runtimes = new Map<AnswerContext, PlanRuntime>()
  const runtimeOf = (ctx: AnswerContext): PlanRuntime => {
    let r = runtimes.get(ctx)
    if (!r) {
      const lexicon = loadDomainLexicon()
      const meaning = domainMeaning(lexicon)
      r = {
        ctx,
        router: new Router(ctx.intents, ctx.units, meaning),
        parse: parseEnvFor(ctx.plan, ctx.search, ctx.units, meaning),
        closedWorld: new ClosedWorld(
          ctx.plan,
          (name) => ctx.units.resolve(name) !== null,
          undefined,
          (q) => lexicon.expand(q),
        ),
      }
      runtimes.set(ctx, r)
    }
    return r
  }
  const fallback = single ?? (library as PlanLibrary<AnswerContext>).default.value
  runtimeOf(fallback)
  return {
    async handle(message: IncomingMessage): Promise<BotReply> {
      let intent: IntentId | undefined
      try {
        if (message.text.length > MAX_MESSAGE_CHARS) {
          await fallback.store.audit({
            at: fallback.now().toISOString(),
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
        let text = normaliseMessage(message.text)
        if (!text) return { intent: 'help', reply: '请输入问题，例如「商标工作谁牵头？」，或发送「帮助」。', tasks: [] }
        const key: ConversationKey = { platform: message.platform, channel: message.channel, user: message.user }
        const now = fallback.now()
        let memory = conversations.recall(key, now)
        let ctx = fallback
        let planNamed = false
        if (library && library.size === 1) {
          // 「2023年第20条进展」 with the 2023 plan alone: the year names this plan; any other is left to the closed world.
          const choice = planReference(text, library, yearOf(now, fallback.settings.timezone))
          if (choice.kind === 'plan') text = choice.text
        } else if (library) {
          const choice = planReference(text, library, yearOf(now, fallback.settings.timezone))
          if (choice.kind === 'missing') return { intent: 'not_found', reply: choice.reply, tasks: [] }
          if (choice.kind === 'plan') {
            planNamed = true
            ctx = choice.plan.value
            // 「那2023年的呢」: the last question, asked of the plan just named.
            text = BARE_FOLLOW_UP.test(choice.text) && memory ? askedAgain(memory) : choice.text
          } else {
            ctx = library.forRoom(message.platform, message.channel).value
            // A follow-up (「这条谁负责」「那第25条呢」) stays in the plan of the question it follows.
            const remembered = memory?.plan ? library.get(memory.plan) : undefined
            if (remembered && remembered.value !== ctx && followsUp(text, runtimeOf(ctx), memory)) ctx = remembered.value
          }
          // Tasks remembered from another plan are not this plan's tasks.
          if (memory?.plan && memory.plan !== ctx.identity?.key) memory = null
        }
        const answerIn = async (
          target: AnswerContext,
          remembered: typeof memory,
        ): Promise<{ reply: BotReply; routed?: Routed; content: boolean; frame?: Frame }> => {
          const runtime = runtimeOf(target)
          const understood = understand(text, runtime, remembered)
          if ('which' in understood) return { reply: askWhich(understood.which), content: false }
          const { routed } = understood
          const content = GUARDED.has(routed.intent)
          // 「第65条是什么内容」 in a plan of 64: one clear reply, whatever the question. Writes (进度 99 …)
          // keep their own refusal, which says nothing was recorded and is audited.
          const named = understood.kind === 'question' ? understood.frame.task : routed.slots.task
          const missing = WRITES.has(routed.intent) ? null : missingTask(named === undefined ? undefined : String(named), target)
          if (missing) return { reply: { intent: 'not_found', reply: missing, tasks: [] }, routed, content: false }
          // 「哪几条提到2022年」 asks whether the text says the words: the literal filter answers exactly,
          // found or not, so the closed world (which would refuse another year) is not asked.
          const literal = understood.kind === 'question' && understood.frame.literal !== undefined
          const outside = content && !literal ? runtime.closedWorld.check(text) : null
          if (outside)
            return { reply: { intent: 'not_found', reply: `${NOT_IN_PLAN}${outside.what}。${outside.why}`, tasks: [] }, routed, content }
          const question: Question = { ...message, text, original: message.text }
          intent = routed.intent
          // 撤回 takes back the sender's last update, whichever plan it was about, and says which.
          if (library && routed.intent === 'withdraw') target = (await planOfLastUpdate(library, message.user)) ?? target
          const foreign = routed.intent === 'log_progress' && library ? await otherBureau(library, target, message.user) : null
          if (foreign) return { reply: foreign, routed, content: false }
          const answer =
            understood.kind === 'question'
              ? await answerFrame(target, understood.frame, question)
              : await ANSWERERS[routed.intent](target, routed, question)
          ctx = target
          const frame = understood.kind === 'question' ? understood.frame : undefined
          // A command answers as itself; a question as what its frame asked (answerFrame decides).
          const answered = answer.intent === 'not_found' || frame ? answer.intent : routed.intent
          return { reply: { ...answer, intent: answered }, routed, content, ...(frame ? { frame } : {}) }
        }
        let result = await answerIn(ctx, memory)
        // Unnamed, and not in the default plan: another loaded plan may have it (「《米粉十条》是哪一条」
        // is in last year's plan). Its answer is given, saying where it comes from.
        if (library && library.size > 1 && !planNamed && result.content && result.reply.intent === 'not_found') {
          const first = ctx
          for (const other of library.plans.filter((p) => p.value !== first).reverse()) {
            const tried = await answerIn(other.value, null)
            if (tried.reply.intent === 'not_found') continue
            result = {
              ...tried,
              reply: {
                ...tried.reply,
                reply: `（${library.label(library.get(first.identity?.key ?? '') ?? library.default)}未提及，以下引自其他工作要点）\n${tried.reply.reply}`,
              },
            }
            break
          }
          if (result.reply.intent === 'not_found') ctx = first
        }
        const { reply: answer, routed, frame } = result
        if (routed && answer.tasks.length)
          conversations.remember(
            key,
            {
              intent: routed.intent,
              tasks: answer.tasks.map((t) => t.number),
              topic: frame ? frame.topic : (routed.slots.topic ?? ''),
              ...(ctx.identity ? { plan: ctx.identity.key } : {}),
              ...(frame ? { frame } : {}),
            },
            now,
          )
        return routed ? named(await withVersionNote(answer, ctx), ctx, library) : answer
      } catch (error) {
        log.error('bot: answer failed', { intent, user: message.user, platform: message.platform, error })
        // The store refused a write (its file is gone): say that nothing was recorded, not a vague error.
        if (error instanceof StoreUnavailableError) return { intent: 'error', reply: error.reply, tasks: [] }
        return { intent: 'error', reply: '抱歉，处理这条消息时出错了，请稍后再试。已记录的内容不受影响。', tasks: [] }
      }
    },
  }
}

/**
 * A report on one bureau's plan from a clerk bound under another bureau's plan (both 质量发展科, but
 * of the city and of a county): refused, audited, nothing stored. Admins may report for anyone.
 */
async function otherBureau(library: PlanLibrary<AnswerContext>, target: AnswerContext, user: string): Promise<BotReply | null> {
  const binding = await target.store.getBinding(user)
  if (!binding?.plan || !target.identity || binding.status !== 'approved' || isAdmin(target, user)) return null
  if (library.sameBureau(binding.plan, target.identity.key)) return null
  const theirs = library.get(binding.plan)
  const ours = library.get(target.identity.key)
  if (!theirs || !ours) return null
  await target.store.audit({
    at: target.now().toISOString(),
    user,
    action: 'log_progress',
    allowed: false,
    reason: 'bound under another bureau’s plan',
    detail: { bindingPlan: binding.plan, plan: target.identity.key, unit: binding.unit },
  })
  return {
    intent: 'log_progress',
    reply: `你绑定的是${theirs.identity.issuer ?? library.label(theirs)}的「${binding.unit}」，不能报送${library.label(ours)}的任务。未记录。`,
    tasks: [],
  }
}

/**
 * Progress shown on a task whose text a newer file of the plan changed: it was reported against
 * the earlier wording, which the reply says (「有哪些工作要点」 lists these tasks too).
 */
async function withVersionNote(reply: BotReply, ctx: AnswerContext): Promise<BotReply> {
  if (reply.intent !== 'progress_query' || !ctx.identity) return reply
  const altered = (await ctx.store.plans.get(ctx.identity.key))?.change?.altered ?? []
  const hit = reply.tasks.map((t) => t.number).filter((n) => altered.includes(n))
  if (hit.length === 0) return reply
  return {
    ...reply,
    reply: `${reply.reply}\n⚠ 第${hit.join('、')}条在新版工作要点中内容已变更，以上进展报送于旧版，完成度按旧版目标计算，请核对。`,
  }
}

/** The context of the plan the sender's last live update belongs to, if it is loaded. */
async function planOfLastUpdate(library: PlanLibrary<AnswerContext>, user: string): Promise<AnswerContext | undefined> {
  const last = await library.default.value.store.lastUpdateBy(user)
  return last?.plan ? library.get(last.plan)?.value : undefined
}

/** What is left of 「那2023年的呢」 once the plan is taken out. */
const BARE_FOLLOW_UP = /^(?:那么?|还有|再看看?)?\s*(?:的)?\s*呢?[?？。!！]*$/

/** The last question again, in words, so it can be asked of another plan (its tasks are not that plan's). */
function askedAgain(memory: NonNullable<ReturnType<ConversationContext['recall']>>): string {
  const topic = memory.topic || (memory.tasks[0] !== undefined ? `第${memory.tasks[0]}条` : '')
  const asks: Partial<Record<IntentId, string>> = {
    lead: `${topic}谁牵头`,
    co_units: `${topic}的配合单位有哪些`,
    target: `${topic}的目标是多少`,
    progress_query: `${topic}进展`,
    show_task: `${topic}是什么`,
    timeline: `${topic}什么时候完成`,
  }
  return asks[memory.intent] ?? topic
}

/**
 * Reads a message: a command by its own grammar, else a question into a frame, resolved against
 * the sender's last question when it is a follow-up. `which` when something is asked of nothing.
 */
function understand(
  text: string,
  runtime: PlanRuntime,
  memory: ReturnType<ConversationContext['recall']>,
): Understood | { which: IntentId } {
  const command = runtime.router.route(trimFiller(text))
  if (command) return { kind: 'command', routed: command }
  const followed = followFrame(parseQuestion(text, runtime.parse), memory)
  if (followed.kind === 'which') return { which: followed.intent }
  const frame = followed.frame
  return {
    kind: 'question',
    frame,
    routed: { intent: intentOf(frame), slots: { topic: frame.topic, ...(frame.task !== undefined ? { task: String(frame.task) } : {}) } },
  }
}

/** True when the conversation memory changes how `text` is understood: it is a follow-up. */
function followsUp(text: string, runtime: PlanRuntime, memory: ReturnType<ConversationContext['recall']>): boolean {
  if (runtime.router.route(trimFiller(text))) return false
  const frame = parseQuestion(text, runtime.parse)
  const followed = followFrame(frame, memory)
  return followed.kind === 'frame' && followed.borrowed
}

/**
 * With plans of several bureaus loaded, a binding says whose unit it is (it serves that bureau's
 * plans only) and how a clerk of another bureau binds instead.
 */
function withBureau(reply: BotReply, key: string, library: PlanLibrary<AnswerContext>): BotReply {
  const issuers = [...new Set(library.plans.map((p) => p.identity.issuer).filter(Boolean))]
  const own = library.get(key)?.identity.issuer
  if (issuers.length < 2 || !own || !/已绑定|已提交/.test(reply.reply)) return reply
  const other = library.plans.find((p) => p.identity.issuer && p.identity.issuer !== own)?.identity
  const name = other?.issuerNames.at(-1) ?? other?.issuer
  return { ...reply, reply: `${reply.reply}\n（这是${own}的单位；${name}等其他单位的同志请写明，如「${name}的工作要点 绑定 XX科」。）` }
}

/** With several plans loaded, an answer about a plan's content starts by naming the plan it quotes. */
function named(reply: BotReply, ctx: AnswerContext, library: PlanLibrary<AnswerContext> | null): BotReply {
  if (reply.intent === 'bind' && library && ctx.identity) return withBureau(reply, ctx.identity.key, library)
  const naming = library && !PLAN_FREE.has(reply.intent) ? planNaming(ctx) : null
  if (!naming || !ctx.identity) return reply
  return { ...reply, reply: `${naming.label}\n${reply.reply}`, plan: ctx.identity.key }
}

/** Intents that store something: their answerers refuse unknown tasks themselves, with an audit row. */
const WRITES = new Set<IntentId>(['log_progress', 'withdraw'])

/** The reply for a task number the plan lacks, or null when it has it (or none is named). */
function missingTask(number: string | undefined, ctx: AnswerContext): string | null {
  if (!number || !/^\d+$/.test(number)) return null
  if (ctx.plan.tasks.some((t) => t.number === Number(number))) return null
  const which = ctx.library && ctx.library.size > 1 && ctx.identity ? `《${ctx.identity.title}》` : '工作要点'
  return `${which}共 ${ctx.plan.tasks.length} 条任务，没有第${Number(number)}条。`
}

/** A follow-up with nothing to follow: say what is missing instead of 「工作要点未提及」. */
function askWhich(intent: IntentId): BotReply {
  const reply =
    intent === 'search' ? `没太明白你想问什么。${HINT}` : '你问的是哪一项工作？请带上事项或条号，例如「专利的目标是多少」「第20条谁牵头」。'
  return { intent, reply, tasks: [] }
}
