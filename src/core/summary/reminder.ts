import type { Plan, Task } from '../plan/types.js'
import { UnitDirectory } from '../plan/unit-directory.js'
import type { PlanNaming } from '../plans/naming.js'
import type { Binding, ProgressStore, StoredUpdate } from '../progress/store.js'
import { formatTime, type Period, periodStart } from '../time.js'

/**
 * 催报: which lead units have open tasks without an update in the current reporting period, and
 * the message that asks them to report. Pure: the plan, the updates, a clock and the bindings in;
 * a structure out. 「哪些单位还没报送」 and the scheduled reminder share `unreportedByLead`, so the
 * chat answer and the reminder always name the same units. A task led by a group word (食品相关科室)
 * is listed under each of its member units (UnitDirectory.leadsOf), so the people bound to them are
 * the ones reminded; under the word itself only while it has no member that can be bound.
 */

/** Used for tasks whose unit list names no lead. */
export const NO_LEAD = '未写明牵头单位'

export interface PeriodOptions {
  now: Date
  period: Period
  timezone: string
}

export interface UnreportedLead {
  /**
   * The lead unit as the plan writes it; for a group-word lead, each member unit (食品相关科室 →
   * 食品生产科, 食品协调科 …), the word itself only when it has none that can be bound.
   */
  unit: string
  /** Open (not 已完成) tasks it leads with no update since the period began, in plan order. */
  tasks: number[]
}

export interface ReminderUnit extends UnreportedLead {
  /** Approved bindings of the unit, for adapters to mention; empty when nobody is bound. */
  users: Binding[]
}

export interface Reminder {
  /** Plain text with `@name` mentions; empty when every lead unit has reported (send nothing). */
  text: string
  /** Start of the period, e.g. 2023-07-01, in the configured time zone. */
  since: string
  /** 本周 / 本月 / 本季度. */
  periodName: string
  units: ReminderUnit[]
  /** With several plans loaded: the plan it is about, named in the text and in the command to report. */
  naming?: PlanNaming | null
}

export const PERIOD_NAME: Record<Period, string> = { week: '本周', month: '本月', quarter: '本季度' }

/** Who answers for a task as its lead; the unit directory is one (with configured members, if any). */
export type LeadUnits = Pick<UnitDirectory, 'leadsOf'>

const ownDirectories = new WeakMap<Plan, UnitDirectory>()

/** The plan's own units and group words (no configured members), built once per plan. */
export function planLeads(plan: Plan): LeadUnits {
  const known = ownDirectories.get(plan)
  if (known) return known
  const units = new UnitDirectory(plan)
  ownDirectories.set(plan, units)
  return units
}

/** The units a task is counted under as its lead: `leads.leadsOf`, or NO_LEAD when it names none. */
export function leadUnits(task: Task, leads: LeadUnits): string[] {
  const units = leads.leadsOf(task)
  return units.length ? units : [NO_LEAD]
}

/**
 * Lead units with open tasks lacking a live update at or after the start of the current period.
 * `leads` says who answers for a group-word lead; pass the answer context's `units` so configured
 * members (BOT_GROUP_MEMBERS) count; by default the plan's own units the word covers. Tasks
 * reported done, and those in `closed` (已办结, see summary/cycle.ts), are nobody's to report.
 */
export function unreportedByLead(
  plan: Plan,
  updates: StoredUpdate[],
  opts: PeriodOptions,
  leads: LeadUnits = planLeads(plan),
  closed: ReadonlySet<number> = new Set(),
): UnreportedLead[] {
  const since = periodStart(opts.now, opts.period, opts.timezone).getTime()
  const live = updates.filter((u) => !u.withdrawnAt)
  const done = new Set(live.filter((u) => u.done).map((u) => u.task))
  const reported = new Set(live.filter((u) => new Date(u.at).getTime() >= since).map((u) => u.task))
  const byLead = new Map<string, number[]>()
  for (const task of plan.tasks) {
    if (done.has(task.number) || reported.has(task.number) || closed.has(task.number)) continue
    for (const lead of leadUnits(task, leads)) byLead.set(lead, [...(byLead.get(lead) ?? []), task.number])
  }
  return [...byLead].map(([unit, tasks]) => ({ unit, tasks }))
}

/** The first day of the current period as YYYY-MM-DD in the configured zone. */
export function periodSince(opts: PeriodOptions): string {
  return formatTime(periodStart(opts.now, opts.period, opts.timezone).toISOString(), opts.timezone).slice(0, 10)
}

/** Approved bindings for a lead unit as the plan writes it. */
export type BoundUsers = (leadUnit: string) => Binding[]

/**
 * Bindings hold the unit directory's canonical name (市食检所 is bound as 食检所), so a lead is looked
 * up through the directory rather than by its spelling in the task. The store is read once, here,
 * for every unit that can lead a task of `plan` (through `units` or the plan's own directory), so
 * buildReminder and checkInRound stay pure and synchronous; any other unit has nobody bound.
 */
export async function boundUsers(
  store: Pick<ProgressStore, 'usersOfUnit'>,
  units: Pick<UnitDirectory, 'get' | 'leadsOf'>,
  plan: Plan,
): Promise<BoundUsers> {
  const canonical = (unit: string) => units.get(unit)?.name ?? unit
  const names = new Set(plan.tasks.flatMap((t) => [...units.leadsOf(t), ...planLeads(plan).leadsOf(t)]).map(canonical))
  const bound = new Map(await Promise.all([...names].map(async (name) => [name, await store.usersOfUnit(name)] as const)))
  return (unit) => bound.get(canonical(unit)) ?? []
}

/** How a bound user is mentioned; return null to leave someone out (e.g. a user of another platform). */
export type Mention = (binding: Binding) => string | null

export const plainMention: Mention = (b) => `@${b.userName ?? b.user}`

export function buildReminder(
  plan: Plan,
  updates: StoredUpdate[],
  usersOf: BoundUsers,
  opts: PeriodOptions,
  leads: LeadUnits = planLeads(plan),
  naming: PlanNaming | null = null,
  closed: ReadonlySet<number> = new Set(),
): Reminder {
  const units = unreportedByLead(plan, updates, opts, leads, closed).map((u) => ({
    ...u,
    users: u.unit === NO_LEAD ? [] : usersOf(u.unit),
  }))
  const reminder = { text: '', since: periodSince(opts), periodName: PERIOD_NAME[opts.period], units, naming }
  return { ...reminder, text: renderReminder(reminder) }
}

/** The 催报 text; adapters pass their own `mention` to turn bound users into real mentions. */
export function renderReminder(reminder: Omit<Reminder, 'text'>, mention: Mention = plainMention): string {
  if (reminder.units.length === 0) return ''
  // A group-led task listed under each member unit is still one task.
  const taskCount = new Set(reminder.units.flatMap((u) => u.tasks)).size
  const head = `【催报】${reminder.periodName}（${reminder.since} 起）还有 ${reminder.units.length} 个牵头单位、${taskCount} 项任务未报送进度：`
  const lines = reminder.units.map((u) => {
    const people = u.users.map(mention).filter((m): m is string => Boolean(m))
    const who = people.length ? ` ${people.join(' ')}` : '（暂无绑定报送人）'
    return `· ${u.unit}：第${u.tasks.join('、')}条${who}`
  })
  const command = reminder.naming ? `进度 ${reminder.naming.ref}第N条 进展内容` : '进度 条号 进展内容'
  return [
    ...(reminder.naming ? [reminder.naming.label] : []),
    head,
    ...lines,
    `请各单位通过「${command}」报送（有数字请写上，如完成件数、金额）。`,
  ].join('\n')
}
