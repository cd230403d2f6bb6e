import type { Target, Task } from '../plan/types.js'
import type { StoredUpdate } from '../progress/store.js'

/**
 * Each numeric target of a task on its own: the latest figure credited to it (a report that names
 * one metric changes only that target), its attainment and its state against the task's 序时进度.
 * A target no report has named is 未报送. Pure; status.ts combines them into the task's state.
 */

export type StateName = '未报送' | '滞后' | '关注' | '正常'

/** Percentage points behind 序时进度 at which a target (and its task) is 滞后 rather than 关注. */
export const RED_GAP = 20

export interface TargetState {
  /** Index into task.targets. */
  index: number
  target: Target
  /** The latest figure credited to this target, as reported (value and measure word), with its update. */
  latest: { value: number; unit: string; update: StoredUpdate } | null
  /** Percent of the target the latest figure reaches; null when unreported. */
  attainment: number | null
  /** Points behind 序时进度 (negative: ahead); null when unreported. */
  gap: number | null
  state: StateName
}

/** Updates oldest first (ties by id), the order in which a later figure replaces an earlier one. */
export function chronological(updates: StoredUpdate[]): StoredUpdate[] {
  return [...updates].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
}

/**
 * The targets of `task` given its live updates (any order) and its 序时进度 `elapsed`. `overdue`
 * (past the deadline): a target short of 100% is 滞后 whatever the gap.
 */
export function targetStates(task: Task, updates: StoredUpdate[], elapsed: number, overdue: boolean): TargetState[] {
  const latest = new Map<number, { value: number; unit: string; percent: number; update: StoredUpdate }>()
  for (const u of chronological(updates)) {
    for (const f of u.figures) {
      if (f.target === null || f.percent === null) continue
      latest.set(f.target, { value: f.value, unit: f.unit, percent: f.percent, update: u })
    }
  }
  return task.targets.map((target, index) => {
    const found = latest.get(index)
    if (!found) return { index, target, latest: null, attainment: null, gap: null, state: '未报送' as const }
    const attainment = found.percent
    const gap = Math.round((elapsed - attainment) * 10) / 10
    const state: StateName = (overdue && attainment < 100) || gap >= RED_GAP ? '滞后' : gap > 0 ? '关注' : '正常'
    return { index, target, latest: { value: found.value, unit: found.unit, update: found.update }, attainment, gap, state }
  })
}

/** The target that sets the task's state: the one furthest behind among those with a figure, else null. */
export function drivingTarget(targets: TargetState[]): TargetState | null {
  let worst: TargetState | null = null
  for (const t of targets) {
    if (t.attainment === null) continue
    if (!worst || (t.attainment as number) < (worst.attainment as number)) worst = t
  }
  return worst
}
