import { dayText, dueDay } from '../plan/deadlines.js'
import type { Plan, Task } from '../plan/types.js'
import type { StoredUpdate } from '../progress/store.js'
import { elapsedBetween, localMidnight, yearElapsedPercent } from '../time.js'
import { type PlanClock, planClock, planYear } from './plan-clock.js'

export { planYear }

/**
 * Task status, computed from the plan and the live updates, never typed in, as it stood at the
 * clock (`opts.now`, the as-of instant; after the plan year, its last moment: see plan-clock.ts):
 *   已完成   an update says the task is done
 *   超进度   attainment ≥ 序时进度 + AHEAD_MARGIN
 *   达进度   序时进度 ≤ attainment < 序时进度 + AHEAD_MARGIN
 *   欠进度   attainment < 序时进度
 *   已报送   updates exist but none carries a figure that matches a target
 *   未报送   no update
 * A task's 序时进度 runs from the start of the plan year to its deadline (「6月底前」 → 30 June;
 * none, or 「持续推进」 → the year's end), so a task due in June is at 100% in July.
 * Lights: green for 已完成/超进度/达进度, and for 已报送 on a task without numeric targets (there is
 * nothing to measure, so reporting on time is all it can do); yellow for 已报送 on a task with
 * targets, for 未报送, and for 欠进度 within RED_GAP points;
 * red for an unfinished task past its deadline (attainment under 100%), for 欠进度 by RED_GAP points
 * or more, and, inside the plan year, for any unfinished task with no update for `staleDays`
 * (counted from its last update, or from the start of the plan year). After the year nobody is
 * asked to report any more, so silence alone no longer turns a task red: the final status is what
 * was reported.
 */

export type TaskStatus = '已完成' | '超进度' | '达进度' | '欠进度' | '已报送' | '未报送'
export type Light = 'red' | 'yellow' | 'green'

export const AHEAD_MARGIN = 10
export const RED_GAP = 20
const DAY_MS = 86_400_000

export interface TaskState {
  task: Task
  latest: StoredUpdate | null
  /** Attainment in percent from the latest update that carries one. */
  attainment: number | null
  status: TaskStatus
  light: Light
  /** Why the light is red or yellow, in words for the chat. */
  reason: string
  updates: number
  /** The last day the deadline allows, YYYY-MM-DD (the plan year's end when the plan gives none). */
  due: string
  /** This task's 序时进度: percent of the span from the plan year's start to its deadline elapsed. */
  elapsed: number
  /** Past its deadline and neither done nor at 100%. */
  overdue: boolean
}

export interface StatusOptions {
  now: Date
  timezone: string
  staleDays: number
}

export function elapsedPercent(plan: Plan, opts: StatusOptions): number {
  return yearElapsedPercent(opts.now, planYear(plan, opts.now, opts.timezone), opts.timezone)
}

/** States of every task, in plan order. `updates` may be in any order; those after `opts.now` are left out. */
export function taskStates(plan: Plan, updates: StoredUpdate[], opts: StatusOptions): TaskState[] {
  const clock = planClock(plan, opts.now, opts.timezone)
  const limit = opts.now.getTime()
  const byTask = new Map<number, StoredUpdate[]>()
  for (const u of updates) {
    if (u.withdrawnAt || new Date(u.at).getTime() > limit) continue
    const list = byTask.get(u.task) ?? []
    list.push(u)
    byTask.set(u.task, list)
  }
  return plan.tasks.map((task) => stateOf(task, byTask.get(task.number) ?? [], clock, opts))
}

function stateOf(task: Task, updates: StoredUpdate[], clock: PlanClock, opts: StatusOptions): TaskState {
  const { timezone, staleDays } = opts
  const yearStart = localMidnight(clock.year, 1, 1, timezone)
  const due = dueDay(task.deadline, clock.year)
  const dueEnd = localMidnight(due.year, due.month, due.day + 1, timezone)
  const elapsed = elapsedBetween(clock.judgedAt, yearStart, dueEnd)
  const list = [...updates].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
  const latest = list.at(-1) ?? null
  const measured = [...list].reverse().find((u) => u.attainment !== null)
  const attainment = measured?.attainment ?? null
  const done = list.some((u) => u.done)
  const status = statusOf(done, latest, attainment, elapsed)
  const overdue = !done && (attainment ?? 0) < 100 && clock.judgedAt >= dueEnd
  const since = latest ? new Date(latest.at).getTime() : yearStart.getTime()
  const idleDays = Math.floor((clock.judgedAt.getTime() - since) / DAY_MS)
  const stale = clock.phase === 'during' && !done && idleDays >= staleDays
  const facts = { status, attainment, elapsed, stale, idleDays, reported: latest !== null, staleDays, measurable: task.targets.length > 0 }
  const { light, reason } = overdue
    ? { light: 'red' as const, reason: `已过完成时限（${task.deadline ?? dayText(due)}），未报完成` }
    : lightOf(facts, clock.phase === 'after')
  return { task, latest, attainment, status, light, reason, updates: list.length, due: dayText(due), elapsed, overdue }
}

function statusOf(done: boolean, latest: StoredUpdate | null, attainment: number | null, elapsed: number): TaskStatus {
  if (done) return '已完成'
  if (!latest) return '未报送'
  if (attainment === null) return '已报送'
  if (attainment >= elapsed + AHEAD_MARGIN) return '超进度'
  if (attainment >= elapsed) return '达进度'
  return '欠进度'
}

interface LightFacts {
  status: TaskStatus
  attainment: number | null
  elapsed: number
  stale: boolean
  idleDays: number
  reported: boolean
  staleDays: number
  measurable: boolean
}

function lightOf(f: LightFacts, yearOver: boolean): { light: Light; reason: string } {
  if (f.stale) {
    const why = f.reported ? `已 ${f.idleDays} 天未更新（超过 ${f.staleDays} 天）` : `至今未报送（超过 ${f.staleDays} 天）`
    return { light: 'red', reason: why }
  }
  if (f.status === '欠进度' && f.attainment !== null) {
    const gap = Math.round((f.elapsed - f.attainment) * 10) / 10
    return {
      light: gap >= RED_GAP ? 'red' : 'yellow',
      reason: `完成 ${f.attainment}%，落后序时进度 ${f.elapsed}% 共 ${gap} 个百分点`,
    }
  }
  if (f.status === '已报送' && !f.measurable) return { light: 'green', reason: '按期报送（本条没有数字目标）' }
  if (f.status === '已报送') return { light: 'yellow', reason: '已报送但没有可对照目标的数字' }
  if (f.status === '未报送') return { light: 'yellow', reason: yearOver ? '全年未报送' : '尚未报送' }
  return { light: 'green', reason: f.status }
}

export const LIGHT_ICON: Record<Light, string> = { red: '🔴', yellow: '🟡', green: '🟢' }

export function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}
