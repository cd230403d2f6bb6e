import type { Plan } from '../plan/types.js'
import type { TaskDigest } from '../progress/plan-records.js'

/**
 * A corrected version of a plan replaces the file: progress stays attached to (plan, number), so
 * what matters is where a task with progress no longer reads as the task it was logged against.
 * Pure: the recorded digest, the new plan and the live update counts in; the mismatches out.
 */

/** How much of a task's text the digest keeps: enough to recognise it, small enough to store. */
const DIGEST_CHARS = 80
/** Below this likeness (character-pair Dice) the task at that number is a different task. */
const SAME_TASK = 0.5

export function taskDigest(plan: Plan): TaskDigest[] {
  return plan.tasks.map((t) => ({ number: t.number, text: t.text.replace(/\s+/g, '').slice(0, DIGEST_CHARS) }))
}

export interface VersionMismatch {
  /** Tasks with progress that the new version no longer has. */
  gone: number[]
  /** Tasks with progress whose text at that number now reads as another task. */
  altered: number[]
}

export function compareVersions(before: TaskDigest[], now: Plan, liveCounts: Map<number, number>): VersionMismatch {
  const current = new Map(taskDigest(now).map((d) => [d.number, d.text]))
  const gone: number[] = []
  const altered: number[] = []
  for (const old of before) {
    if (!liveCounts.get(old.number)) continue
    const text = current.get(old.number)
    if (text === undefined) gone.push(old.number)
    else if (likeness(old.text, text) < SAME_TASK) altered.push(old.number)
  }
  // Progress on numbers the old digest did not list (stored before any digest) and the plan lacks.
  for (const n of liveCounts.keys()) if (!current.has(n) && !before.some((d) => d.number === n)) gone.push(n)
  return { gone: gone.sort((a, b) => a - b), altered: altered.sort((a, b) => a - b) }
}

/** Dice coefficient over character pairs: 1 for the same text, near 0 for unrelated texts. */
export function likeness(a: string, b: string): number {
  if (a === b) return 1
  const pairs = (s: string) => {
    const m = new Map<string, number>()
    for (let k = 0; k + 1 < s.length; k++) m.set(s.slice(k, k + 2), (m.get(s.slice(k, k + 2)) ?? 0) + 1)
    return m
  }
  const pa = pairs(a)
  const pb = pairs(b)
  let shared = 0
  for (const [p, n] of pa) shared += Math.min(n, pb.get(p) ?? 0)
  const total = Math.max(a.length - 1, 0) + Math.max(b.length - 1, 0)
  return total === 0 ? 0 : (2 * shared) / total
}
