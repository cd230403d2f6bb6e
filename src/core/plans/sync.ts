import type { Plan } from '../plan/types.js'
import type { ProgressStore } from '../progress/store.js'
import { yearOf } from '../time.js'
import type { PlanIdentity } from './identity.js'
import { compareVersions, taskDigest, type VersionMismatch } from './versions.js'

/**
 * Start-up reconciliation between the loaded plans and the store:
 *  1. rows written before plans had keys are given the plan they were made against (once, audited);
 *  2. each plan is recorded as loaded now; a plan whose file changed since it was last recorded is
 *     compared with that version, and tasks with progress that no longer match are reported by number.
 * Progress is never moved or dropped: it stays on (plan, number), and the report says where the
 * new version no longer reads as the task it was logged against.
 */

export interface SyncedPlan {
  identity: PlanIdentity
  plan: Plan
}

export interface PlanChange extends VersionMismatch {
  key: string
  title: string
  /** The file that was recorded before, when the plan's file changed. */
  previousFile: string
}

export interface SyncReport {
  /** Rows given a plan by this start (0 after the first start on a new schema). */
  adopted: { updates: number; bindings: number; byPlan: Record<string, number> }
  changes: PlanChange[]
}

export interface SyncOptions {
  at: Date
  timezone: string
  /** The plan file the previous version of the bot served (its single-plan index manifest), if known. */
  previouslyServed?: string | null
}

export function syncPlans(store: ProgressStore, plans: SyncedPlan[], opts: SyncOptions): SyncReport {
  const adopted = adoptUnplanned(store, plans, opts)
  const changes: PlanChange[] = []
  const at = opts.at.toISOString()
  for (const { identity, plan } of plans) {
    const before = store.plans.record(
      {
        key: identity.key,
        title: identity.title,
        issuer: identity.issuer,
        year: identity.year,
        file: identity.file,
        hash: identity.hash,
        tasks: taskDigest(plan),
      },
      at,
    )
    if (!before || before.hash === identity.hash) continue
    const mismatch = compareVersions(before.tasks, plan, store.plans.liveCounts(identity.key))
    const change = { key: identity.key, title: identity.title, previousFile: before.file, ...mismatch }
    store.plans.noteChange(
      identity.key,
      mismatch.gone.length || mismatch.altered.length ? { previousFile: before.file, ...mismatch, at } : null,
    )
    changes.push(change)
  }
  return { adopted, changes }
}

/**
 * The plan an old row was made against. The previous bot served one plan: the file its index
 * manifest names, when known and holding that task number; else the plan of the update's own year
 * that has the task; else the plan the previous bot would have chosen (the last file by name) if it
 * has the task; else the last plan that has it (the old bot refused reports on tasks its plan lacked).
 */
function adoptUnplanned(store: ProgressStore, plans: SyncedPlan[], opts: SyncOptions): SyncReport['adopted'] {
  const { updates, bindings } = store.plans.unplanned()
  const byPlan: Record<string, number> = {}
  if (updates.length === 0 && bindings.length === 0) return { updates: 0, bindings: 0, byPlan }
  const served = plans.find((p) => p.identity.file === opts.previouslyServed) ?? (plans.at(-1) as SyncedPlan)
  const has = (p: SyncedPlan, task: number) => p.plan.tasks.some((t) => t.number === task)
  const updatePlans = new Map<number, string>()
  for (const u of updates) {
    const year = yearOf(new Date(u.at), opts.timezone)
    const own = plans.find((p) => p.identity.year === year && has(p, u.task))
    // The old version refused reports on tasks its plan lacked: a plan without the task never served it.
    const holding = plans.filter((p) => has(p, u.task)).at(-1)
    const chosen = (opts.previouslyServed && has(served, u.task) ? served : (own ?? (has(served, u.task) ? served : holding))) ?? served
    updatePlans.set(u.id, chosen.identity.key)
    byPlan[chosen.identity.key] = (byPlan[chosen.identity.key] ?? 0) + 1
  }
  const bindingPlans = new Map(bindings.map((b) => [b.user, served.identity.key]))
  store.plans.assign(updatePlans, bindingPlans, {
    at: opts.at.toISOString(),
    user: 'system',
    action: 'migrate',
    allowed: true,
    reason: 'rows written before plans had keys were given the plan they were made against',
    detail: { updates: updates.length, bindings: bindings.length, byPlan, previouslyServed: opts.previouslyServed ?? null },
  })
  return { updates: updates.length, bindings: bindings.length, byPlan }
}

/** The start-up warning for a changed plan, with the task numbers that no longer match. */
export function describeChange(change: PlanChange): string | null {
  const parts: string[] = []
  if (change.gone.length) parts.push(`第${change.gone.join('、')}条已有进展，但新版中没有这些条目`)
  if (change.altered.length) parts.push(`第${change.altered.join('、')}条已有进展，但新版中同号条目的内容已不同`)
  if (parts.length === 0) return null
  return `《${change.title}》的文件已更新（此前为 ${change.previousFile}）：${parts.join('；')}。原有进展仍按原条号保留，请核对。`
}
