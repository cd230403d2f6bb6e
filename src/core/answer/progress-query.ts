import type { Task } from '../plan/types.js'
import type { StoredEvidence } from '../progress/evidence-log.js'
import type { StoredUpdate } from '../progress/store.js'
import { readFacts } from '../summary/facts.js'
import { planYear } from '../summary/plan-clock.js'
import { deadlineLine, stateLabel } from '../summary/state-wording.js'
import { cycleLine, driverText, evidenceNames, lateMark, targetLine, whoReported } from '../summary/task-wording.js'
import { LIGHT_ICON } from '../summary/wording.js'
import { formatTime } from '../time.js'
import type { AnswerContext, Answerer } from './context.js'
import { taskRef, unitsLine } from './format.js'
import { audit } from './identity.js'
import { reportLines } from './progress-reply.js'
import { statesAt } from './summary-states.js'

/**
 * 「第20条进展如何」 reads a task's progress back: its state from the one state function (as the
 * dashboard and 台账 show it), each target with its own figure, the 办结 and 延期 steps, then the
 * latest reports with their parts, 补报 marks and 佐证材料. 「撤回」 withdraws the sender's last
 * update within 24 hours.
 */

const WITHDRAW_WINDOW_MS = 24 * 60 * 60 * 1000

function describe(ctx: AnswerContext, task: Task, u: StoredUpdate, files: StoredEvidence[]): string {
  const name = whoReported(u)
  const who = name ? `${u.unit}·${name}` : u.unit
  const year = planYear(ctx.plan, new Date(u.at), ctx.settings.timezone)
  const extra = [...reportLines(task, u), ...(files.length ? [`佐证材料：${evidenceNames(files)}`] : [])].map((l) => `  ${l}`)
  const withdrawn = u.withdrawnAt ? '（已撤回）' : ''
  return [
    `· ${formatTime(u.at, ctx.settings.timezone)} ${who}${withdrawn}：${lateMark(u, year, ctx.settings.timezone)}${u.text}`,
    ...extra,
  ].join('\n')
}

export const answerProgressQuery: Answerer = async (ctx, routed) => {
  const number = Number(routed.slots.task)
  const task = ctx.search.task(number)
  if (!task) return { intent: 'progress_query', reply: `工作要点没有第${number}条（共 ${ctx.plan.tasks.length} 条）。`, tasks: [] }
  const all = routed.slots.all !== undefined
  const facts = await readFacts(ctx.store)
  const state = (await statesAt(ctx, ctx.now(), facts)).find((s) => s.task.number === number)
  const updates = await ctx.store.updatesForTask(number, { includeWithdrawn: all, limit: all ? undefined : 3 })
  const head = `第${number}条（${unitsLine(task)}）`
  if (updates.length === 0 || !state) {
    const cycle = state ? cycleLine(state, ctx.settings.timezone) : ''
    return { intent: 'progress_query', reply: [head, '暂无进度报送。', ...(cycle ? [cycle] : [])].join('\n'), tasks: [taskRef(task)] }
  }
  const filesOf = (u: StoredUpdate) => facts.evidence.filter((e) => e.update === u.id)
  const figure = state.driver ? `，完成度 ${driverText(state)}` : ''
  const cycle = cycleLine(state, ctx.settings.timezone)
  const lines = [
    head,
    `状态：${LIGHT_ICON[state.light]} ${stateLabel(state)}${figure} — ${state.reason}`,
    `完成时限：${deadlineLine(state)}`,
    ...state.targets.map((t) => `· ${targetLine(t)}`),
    ...(cycle ? [`办结/延期：${cycle}`] : []),
    all ? `全部进展（${updates.length} 条，最新在前）：` : '最新进展：',
    ...updates.map((u) => describe(ctx, task, u, filesOf(u))),
  ]
  return { intent: 'progress_query', reply: lines.join('\n'), tasks: [taskRef(task)] }
}

export const answerWithdraw: Answerer = async (ctx, _routed, q) => {
  const now = ctx.now()
  const at = now.toISOString()
  // One store call: the latest live update is found and withdrawn in one transaction, so two 撤回
  // at once (on two instances) withdraw two updates one after the other, never one update twice.
  const result = await ctx.store.withdrawLast(q.user, at, new Date(now.getTime() - WITHDRAW_WINDOW_MS).toISOString(), {
    at,
    user: q.user,
    action: 'withdraw',
    allowed: true,
    reason: 'withdrawn',
  })
  if (!result.withdrawn && !result.last) {
    await audit(ctx, q, 'withdraw', false, 'no update to withdraw')
    return { intent: 'withdraw', reply: '你没有可以撤回的进度。', tasks: [] }
  }
  if (!result.withdrawn) {
    const last = result.last as StoredUpdate
    await audit(ctx, q, 'withdraw', false, 'older than 24 hours', { id: last.id })
    return { intent: 'withdraw', reply: `你最近一条进度（第${last.task}条）已超过24小时，不能撤回；如需更正请报送新的进度。`, tasks: [] }
  }
  const last = result.withdrawn
  const task = ctx.search.task(last.task)
  return {
    intent: 'withdraw',
    reply: `已撤回第${last.task}条的进度：「${last.text}」（审计记录保留）。`,
    tasks: task ? [taskRef(task)] : [],
  }
}
