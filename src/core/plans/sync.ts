import type { Plan } from '../plan/types.js'
import { unitsOf } from '../plan/types.js'
import type { UnitDirectory } from '../plan/unit-directory.js'
import { placeholderCovers } from '../plan/units.js'
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
  /** The plan's unit directory, so a unit is recognised however the task spells it (市食检所 is 食检所). */
  units?: Pick<UnitDirectory, 'get'>
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
  /** Plans whose key changed since the last start, with the rows that followed them. */
  rekeyed: { from: string; to: string; file: string; moved: number }[]
}

export interface SyncOptions {
  at: Date
  timezone: string
  /** The plan file the previous version of the bot served (its single-plan index manifest), if known. */
  previouslyServed?: string | null
}

export async function syncPlans(store: ProgressStore, plans: SyncedPlan[], opts: SyncOptions): Promise<SyncReport> {
  const adopted = await adoptUnplanned(store, plans, opts)
  const changes: PlanChange[] = []
  const rekeyed: SyncReport['rekeyed'] = []
  const at = opts.at.toISOString()
  const loaded = new Set(plans.map((p) => p.identity.key))
  for (const { identity, plan } of plans) {
    // The same file (or the same bytes) recorded under another key that is no longer loaded: its
    // side file or title changed. Its progress follows it rather than being left under a dead key.
    if (!(await store.plans.get(identity.key))) {
      const earlier = (await store.plans.all()).find((r) => !loaded.has(r.key) && (r.file === identity.file || r.hash === identity.hash))
      if (earlier) {
        const moved = await store.plans.rekey(earlier.key, identity.key, {
          at,
          user: 'system',
          action: 'rekey',
          allowed: true,
          reason: 'a plan file is recorded under a new key (its title, issuer, year or side file changed)',
          detail: { from: earlier.key, to: identity.key, file: identity.file },
        })
        if (moved !== null) rekeyed.push({ from: earlier.key, to: identity.key, file: identity.file, moved })
      }
    }
    const before = await store.plans.record(
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
    const mismatch = compareVersions(before.tasks, plan, await store.plans.liveCounts(identity.key))
    const change = { key: identity.key, title: identity.title, previousFile: before.file, ...mismatch }
    // Mismatches add up over versions until someone looks: a later clean version does not clear them.
    if (mismatch.gone.length || mismatch.altered.length) {
      const union = (a: number[], b: number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y)
      const kept = before.change
      const current = new Set(plan.tasks.map((t) => t.number))
      await store.plans.noteChange(identity.key, {
        previousFile: before.file,
        gone: union(kept?.gone ?? [], mismatch.gone).filter((n) => !current.has(n)),
        altered: union(kept?.altered ?? [], mismatch.altered).filter((n) => current.has(n)),
        at,
      })
    }
    changes.push(change)
  }
  return { adopted, changes, rekeyed }
}

/**
 * The plan an old row was made against. The previous bot served one plan and stored a report only
 * on a task of that plan, from a unit of that task (admins aside). So, among the plans whose task of
 * that number names the update's unit (else: that have the task at all): the file the old index
 * manifest names, when known; else the plan of the update's own year; else the plan the previous
 * bot would have chosen (the last file by name); else the last such plan.
 */
async function adoptUnplanned(store: ProgressStore, plans: SyncedPlan[], opts: SyncOptions): Promise<SyncReport['adopted']> {
  const { updates, bindings } = await store.plans.unplanned()
  const byPlan: Record<string, number> = {}
  if (updates.length === 0 && bindings.length === 0) return { updates: 0, bindings: 0, byPlan }
  const served = plans.find((p) => p.identity.file === opts.previouslyServed) ?? (plans.at(-1) as SyncedPlan)
  const has = (p: SyncedPlan, task: number) => p.plan.tasks.some((t) => t.number === task)
  // The old version stored a report only from a unit of the task (admins aside): the unit says which plan.
  const fits = (p: SyncedPlan, task: number, unit: string) => {
    const t = p.plan.tasks.find((x) => x.number === task)
    return (
      !!t &&
      unitsOf(t).some((m) => (m.placeholder ? placeholderCovers(m.name, unit) : m.name === unit || p.units?.get(m.name)?.name === unit))
    )
  }
  const updatePlans = new Map<number, string>()
  for (const u of updates) {
    const year = yearOf(new Date(u.at), opts.timezone)
    const pick = (ok: (p: SyncedPlan) => boolean) =>
      opts.previouslyServed && ok(served)
        ? served
        : (plans.find((p) => p.identity.year === year && ok(p)) ?? (ok(served) ? served : plans.filter(ok).at(-1)))
    const chosen = pick((p) => fits(p, u.task, u.unit)) ?? pick((p) => has(p, u.task)) ?? served
    updatePlans.set(u.id, chosen.identity.key)
    byPlan[chosen.identity.key] = (byPlan[chosen.identity.key] ?? 0) + 1
  }
  const bindingPlans = new Map(bindings.map((b) => [b.user, served.identity.key]))
  await store.plans.assign(updatePlans, bindingPlans, {
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
