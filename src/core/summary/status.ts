import type { Plan, Task } from '../plan/types.js'
import type { StoredUpdate } from '../progress/store.js'
import { localMidnight, yearElapsedPercent, yearOf } from '../time.js'

/**
 * Task status, computed from the plan and the live updates, never typed in:
 *   已完成   an update says the task is done
 *   超进度   attainment ≥ 序时进度 + AHEAD_MARGIN
 *   达进度   序时进度 ≤ attainment < 序时进度 + AHEAD_MARGIN
 *   欠进度   attainment < 序时进度
 *   已报送   updates exist but none carries a figure that matches a target
 *   未报送   no update
 * Lights: green for 已完成/超进度/达进度, and for 已报送 on a task without numeric targets (there is
 * nothing to measure, so reporting on time is all it can do); yellow for 已报送 on a task with
 * targets, for 未报送, and for 欠进度 within RED_GAP points;
 * red for 欠进度 by RED_GAP points or more, and for any unfinished task with no update for
 * `staleDays` (counted from its last update, or from the start of the plan year).
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
}

export interface StatusOptions {
  now: Date
  timezone: string
  staleDays: number
}

/** The plan year: the first 20xx年 in the title or preamble, else the current year. */
export function planYear(plan: Plan, now: Date, timezone: string): number {
  const found = `${plan.title} ${plan.preamble}`.match(/(20\d{2})\s*年/)
  return found ? Number(found[1]) : yearOf(now, timezone)
}

export function elapsedPercent(plan: Plan, opts: StatusOptions): number {
  return yearElapsedPercent(opts.now, planYear(plan, opts.now, opts.timezone), opts.timezone)
}

/** States of every task, in plan order. `updates` may be in any order. */
export function taskStates(plan: Plan, updates: StoredUpdate[], opts: StatusOptions): TaskState[] {
  const byTask = new Map<number, StoredUpdate[]>()
  for (const u of updates) {
    if (u.withdrawnAt) continue
    const list = byTask.get(u.task) ?? []
    list.push(u)
    byTask.set(u.task, list)
  }
  const elapsed = elapsedPercent(plan, opts)
  const yearStart = localMidnight(planYear(plan, opts.now, opts.timezone), 1, 1, opts.timezone).getTime()
  return plan.tasks.map((task) => {
    const list = (byTask.get(task.number) ?? []).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
    const latest = list.at(-1) ?? null
    const measured = [...list].reverse().find((u) => u.attainment !== null)
    const attainment = measured?.attainment ?? null
    const done = list.some((u) => u.done)
    const status = statusOf(done, latest, attainment, elapsed)
    const since = latest ? new Date(latest.at).getTime() : yearStart
    const idleDays = Math.floor((opts.now.getTime() - since) / DAY_MS)
    const stale = !done && idleDays >= opts.staleDays
    const { light, reason } = lightOf(
      status,
      attainment,
      elapsed,
      stale,
      idleDays,
      latest !== null,
      opts.staleDays,
      task.targets.length > 0,
    )
    return { task, latest, attainment, status, light, reason, updates: list.length }
  })
}

function statusOf(done: boolean, latest: StoredUpdate | null, attainment: number | null, elapsed: number): TaskStatus {
  if (done) return '已完成'
  if (!latest) return '未报送'
  if (attainment === null) return '已报送'
  if (attainment >= elapsed + AHEAD_MARGIN) return '超进度'
  if (attainment >= elapsed) return '达进度'
  return '欠进度'
}

function lightOf(
  status: TaskStatus,
  attainment: number | null,
  elapsed: number,
  stale: boolean,
  idleDays: number,
  reported: boolean,
  staleDays: number,
  measurable: boolean,
): { light: Light; reason: string } {
  if (stale) {
    const why = reported ? `已 ${idleDays} 天未更新（超过 ${staleDays} 天）` : `至今未报送（超过 ${staleDays} 天）`
    return { light: 'red', reason: why }
  }
  if (status === '欠进度' && attainment !== null) {
    const gap = Math.round((elapsed - attainment) * 10) / 10
    return { light: gap >= RED_GAP ? 'red' : 'yellow', reason: `完成 ${attainment}%，落后序时进度 ${elapsed}% 共 ${gap} 个百分点` }
  }
  if (status === '已报送' && !measurable) return { light: 'green', reason: '按期报送（本条没有数字目标）' }
  if (status === '已报送') return { light: 'yellow', reason: '已报送但没有可对照目标的数字' }
  if (status === '未报送') return { light: 'yellow', reason: '尚未报送' }
  return { light: 'green', reason: status }
}

export const LIGHT_ICON: Record<Light, string> = { red: '🔴', yellow: '🟡', green: '🟢' }

export function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}
