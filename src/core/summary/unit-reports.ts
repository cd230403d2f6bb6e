import type { Plan } from '../plan/types.js'
import type { StoredUpdate } from '../progress/store.js'
import { periodStart } from '../time.js'
import { leadUnits, type PeriodOptions, planLeads, unreportedByLead } from './reminder.js'
import type { TaskState } from './status.js'

/**
 * How each lead unit is reporting: what it leads, what it has reported this period, what is overdue
 * (the same list 「哪些单位还没报送」 and the 催报 give, from `unreportedByLead`) and what is red.
 * Units are those that lead a task, as the plan writes them (a group-word lead: its member units, see
 * UnitDirectory.leadsOf); a task with no lead counts under NO_LEAD.
 */

export interface UnitReport {
  unit: string
  /** Tasks it leads, in plan order. */
  led: number[]
  /** Of those, tasks with an update since the period began. */
  reportedThisPeriod: number
  /** Open tasks it leads with no update this period. */
  overdue: number[]
  /** Tasks it leads whose light is red. */
  red: number[]
  /** Its latest update (by the unit itself, on any task), or null. */
  lastReport: string | null
}

/** Units ranked by reporting: the best share reported this period first, then fewer red, then plan order. */
export function unitReports(
  plan: Plan,
  states: TaskState[],
  updates: StoredUpdate[],
  opts: PeriodOptions,
  closed: ReadonlySet<number> = new Set(),
): UnitReport[] {
  const overdue = new Map(unreportedByLead(plan, updates, opts, planLeads(plan), closed).map((u) => [u.unit, u.tasks]))
  const since = periodStart(opts.now, opts.period, opts.timezone).getTime()
  const reported = new Set(updates.filter((u) => new Date(u.at).getTime() >= since).map((u) => u.task))
  const last = new Map<string, string>()
  for (const u of updates) if ((last.get(u.unit) ?? '') < u.at) last.set(u.unit, u.at)
  const byLead = new Map<string, TaskState[]>()
  // The same units as unreportedByLead: a group-word lead counts under each of its member units.
  const leads = planLeads(plan)
  for (const s of states) for (const lead of leadUnits(s.task, leads)) byLead.set(lead, [...(byLead.get(lead) ?? []), s])
  const reports = [...byLead].map(([unit, list]) => {
    return {
      unit,
      led: list.map((s) => s.task.number),
      reportedThisPeriod: list.filter((s) => reported.has(s.task.number)).length,
      overdue: overdue.get(unit) ?? [],
      red: list.filter((s) => s.light === 'red').map((s) => s.task.number),
      lastReport: last.get(unit) ?? null,
    }
  })
  const order = new Map(reports.map((r, i) => [r.unit, i]))
  const share = (r: UnitReport) => (r.led.length - r.overdue.length) / r.led.length
  return reports.sort((a, b) => share(b) - share(a) || a.red.length - b.red.length || (order.get(a.unit) ?? 0) - (order.get(b.unit) ?? 0))
}

/** Units with overdue or red tasks, most red first: the 「单位落后」 list of the chat summary. */
export function unitsBehind(reports: UnitReport[]): UnitReport[] {
  return reports
    .filter((r) => r.overdue.length > 0 || r.red.length > 0)
    .sort((a, b) => b.red.length - a.red.length || b.overdue.length - a.overdue.length)
}
