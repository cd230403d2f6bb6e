import { gist } from '../format/plan-wording.js'
import { dayText, dueDay, hasOwnDeadline } from '../plan/deadlines.js'
import type { Plan, Task } from '../plan/types.js'
import type { PlanNaming } from '../plans/naming.js'
import type { Binding, StoredUpdate } from '../progress/store.js'
import { formatTime, type Period, periodStart } from '../time.js'
import { planClock, type YearPhase } from './plan-clock.js'
import { type BoundUsers, type LeadUnits, NO_LEAD, PERIOD_NAME, type PeriodOptions, planLeads, unreportedByLead } from './reminder.js'

/**
 * Check-ins that come to the clerk. For a plan, its updates, the bindings and a clock: one direct
 * message per bound clerk listing their unit's open tasks that are unreported this period or due
 * in it (第N条, a short title, the deadline, and the exact command to report), a second-nudge
 * variant listing only what is still unreported, and a short digest for the leaders' channel.
 * Pure: nothing is sent or stored here (check-in-schedule.ts does that). Outside the plan year
 * nothing is produced: nobody is asked to report on a year that is over or has not begun.
 * Units are those of `unreportedByLead`, so 「哪些单位还没报送」, 催报 and check-ins agree.
 */

/** The first round (on BOT_REMIND_CRON) and the second, BOT_NUDGE_DAYS before the period ends. */
export type CheckInStage = 'check-in' | 'nudge'

export const DEFAULT_NUDGE_DAYS = 3
const DAY_MS = 86_400_000
/** Days after a period's start that surely fall in the next period (its start is then found). */
const PROBE_DAYS: Record<Period, number> = { week: 8, month: 32, quarter: 93 }

export interface ReportingPeriod {
  start: Date
  /** The next period's start (exclusive end). */
  end: Date
  /** First and last day, YYYY-MM-DD, in the bureau's zone. */
  since: string
  until: string
  /** 本周 / 本月 / 本季度. */
  name: string
}

export function reportingPeriod(opts: PeriodOptions): ReportingPeriod {
  const start = periodStart(opts.now, opts.period, opts.timezone)
  const end = periodStart(new Date(start.getTime() + PROBE_DAYS[opts.period] * DAY_MS), opts.period, opts.timezone)
  const day = (d: Date) => formatTime(d.toISOString(), opts.timezone).slice(0, 10)
  return { start, end, since: day(start), until: day(new Date(end.getTime() - 1)), name: PERIOD_NAME[opts.period] }
}

/**
 * Which round is due at `now`: the nudge from `nudgeDays` before the period's end (0: never),
 * else the check-in once the schedule has fired in this period (`firstRun`: its first run at or
 * after the period's start), else none.
 */
export function stageAt(now: Date, period: ReportingPeriod, nudgeDays: number, firstRun: Date | null): CheckInStage | null {
  if (nudgeDays > 0 && now.getTime() >= period.end.getTime() - nudgeDays * DAY_MS && now < period.end) return 'nudge'
  if (firstRun && firstRun >= period.start && firstRun <= now) return 'check-in'
  return null
}

export interface CheckInTask {
  number: number
  title: string
  /** As the plan writes it (6月底前), or null when it gives none (due at the year's end). */
  deadline: string | null
  /** The last day allowed, YYYY-MM-DD. */
  due: string
  dueThisPeriod: boolean
  overdue: boolean
  /** An update arrived this period (listed only because it falls due). */
  reported: boolean
}

export interface DirectCheckIn {
  stage: CheckInStage
  binding: Binding
  tasks: CheckInTask[]
  text: string
}

export interface LeadersDigest {
  stage: CheckInStage
  /** Lead units with open tasks, as the plan writes them. */
  units: string[]
  missing: string[]
  /** Missing units nobody is bound to (nobody got a message). */
  unbound: string[]
  text: string
}

export interface CheckInRound {
  stage: CheckInStage
  phase: YearPhase
  year: number
  period: ReportingPeriod
  /** One per bound clerk with something to report, in the order of the plan's units. */
  messages: DirectCheckIn[]
  /** Null outside the plan year. */
  digest: LeadersDigest | null
}

/** The messages of one round at `opts.now`. Updates after `now` are not known yet. */
export function checkInRound(
  plan: Plan,
  updates: StoredUpdate[],
  usersOf: BoundUsers,
  stage: CheckInStage,
  opts: PeriodOptions,
  extra: { naming?: PlanNaming | null; leads?: LeadUnits; closed?: ReadonlySet<number> } = {},
): CheckInRound {
  const naming = extra.naming ?? null
  const leads = extra.leads ?? planLeads(plan)
  const clock = planClock(plan, opts.now, opts.timezone)
  const period = reportingPeriod(opts)
  const round: CheckInRound = { stage, phase: clock.phase, year: clock.year, period, messages: [], digest: null }
  if (clock.phase !== 'during') return round

  const known = updates.filter((u) => !u.withdrawnAt && new Date(u.at) <= opts.now)
  const closed = extra.closed ?? new Set<number>()
  const unreported = unreportedByLead(plan, known, opts, leads, closed)
  // Every open task under its lead unit(s), attributed exactly as unreportedByLead does (group words included).
  const open = unreportedByLead(
    plan,
    known.filter((u) => u.done),
    opts,
    leads,
    closed,
  )
  const missing = new Set(unreported.flatMap((u) => u.tasks))
  const today = formatTime(opts.now.toISOString(), opts.timezone).slice(0, 10)
  const taskOf = new Map(plan.tasks.map((t) => [t.number, t]))
  const describe = (task: Task): CheckInTask => {
    const due = dayText(dueDay(task.deadline, clock.year))
    const dueThisPeriod = hasOwnDeadline(task.deadline) && due >= period.since && due <= period.until
    return {
      number: task.number,
      title: gist(task, 20),
      deadline: task.deadline,
      due,
      dueThisPeriod,
      overdue: due < today,
      reported: !missing.has(task.number),
    }
  }

  // Tasks per lead unit as written: the unreported ones, plus (first round) open ones due this period.
  const byUnit = new Map<string, Set<number>>(unreported.map((u) => [u.unit, new Set(u.tasks)]))
  if (stage === 'check-in')
    for (const { unit, tasks } of open)
      for (const n of tasks) {
        if (missing.has(n) || !describe(taskOf.get(n) as Task).dueThisPeriod) continue
        byUnit.set(unit, (byUnit.get(unit) ?? new Set()).add(n))
      }

  const perUser = new Map<string, { binding: Binding; tasks: Set<number> }>()
  for (const [unit, tasks] of byUnit) {
    if (unit === NO_LEAD) continue
    for (const binding of usersOf(unit)) {
      const entry = perUser.get(binding.user) ?? { binding, tasks: new Set<number>() }
      for (const n of tasks) entry.tasks.add(n)
      perUser.set(binding.user, entry)
    }
  }
  const order = new Map(plan.tasks.map((t, i) => [t.number, i]))
  const inPlanOrder = (numbers: Iterable<number>) => [...numbers].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
  round.messages = [...perUser.values()]
    .map(({ binding, tasks }) => ({ binding, numbers: inPlanOrder(tasks) }))
    .sort((a, b) => (order.get(a.numbers[0] ?? 0) ?? 0) - (order.get(b.numbers[0] ?? 0) ?? 0))
    .map(({ binding, numbers }) => {
      const list = numbers.map((n) => describe(taskOf.get(n) as Task))
      return { stage, binding, tasks: list, text: directText(stage, binding, list, period, naming) }
    })
  round.digest = digestOf(
    stage,
    open.map((u) => u.unit),
    unreported.map((u) => u.unit),
    usersOf,
    period,
    today,
    naming,
  )
  return round
}

/** 「· 第20条 加强知识产权保护（完成时限：6月底前，已逾期）→ 回复「进度 20 进展内容」」. */
export function taskLine(t: CheckInTask, periodName: string, ref = ''): string {
  const notes = [t.overdue ? '已逾期' : t.dueThisPeriod ? `${periodName}到期` : '', t.reported ? `${periodName}已报送` : ''].filter(Boolean)
  const when = `完成时限：${t.deadline ?? '年底前'}${notes.length ? `，${notes.join('，')}` : ''}`
  const command = ref ? `进度 ${ref}第${t.number}条 进展内容` : `进度 ${t.number} 进展内容`
  return `· 第${t.number}条 ${t.title}（${when}）→ 回复「${command}」`
}

const HOW_TO =
  '直接回复上面的命令即可报送，把「进展内容」换成本期的实际进展，有数字请写上（如完成件数、金额）；任务已全部完成请发送「办结 条号 完成情况说明」申请销号。'

/** With several plans loaded (`naming`), the message names its plan and each command carries it. */
function directText(
  stage: CheckInStage,
  binding: Binding,
  tasks: CheckInTask[],
  period: ReportingPeriod,
  naming: PlanNaming | null,
): string {
  const hello = `${binding.userName ? `${binding.userName}，` : ''}您好！`
  const span = `${period.name}（${period.since} 至 ${period.until}）`
  const head =
    stage === 'nudge'
      ? `【报送再提醒】${hello}${period.name}报送将于 ${period.until} 截止，${binding.unit}还有 ${tasks.length} 项任务未报送进度：`
      : `【报送提醒】${hello}${binding.unit}${span}请报送以下 ${tasks.length} 项任务的进度：`
  return [...(naming ? [naming.label] : []), head, ...tasks.map((t) => taskLine(t, period.name, naming?.ref)), HOW_TO].join('\n')
}

/** 「已报送 X/Y 个牵头单位」, then who has not, each unit named once (those nobody is bound to apart). */
function digestOf(
  stage: CheckInStage,
  openUnits: string[],
  missingUnits: string[],
  usersOf: BoundUsers,
  period: ReportingPeriod,
  today: string,
  naming: PlanNaming | null,
): LeadersDigest {
  const units = openUnits.filter((u) => u !== NO_LEAD)
  const missing = missingUnits.filter((u) => u !== NO_LEAD)
  const unbound = missing.filter((u) => usersOf(u).length === 0)
  const bound = missing.filter((u) => !unbound.includes(u))
  const title = stage === 'nudge' ? '【报送情况·截止前】' : '【报送情况】'
  const lines = [
    `${naming?.label ?? ''}${title}${period.name}（${period.since} 至 ${period.until}），截至 ${today}：已报送 ${units.length - missing.length}/${units.length} 个牵头单位。`,
  ]
  if (missing.length && !unbound.length) lines.push(`未报送（${missing.length}）：${missing.join('、')}`)
  else if (missing.length) {
    lines.push(`未报送（${missing.length}）：`)
    if (bound.length) lines.push(`· 有报送人（${bound.length}）：${bound.join('、')}`)
    lines.push(`· 暂无绑定报送人（${unbound.length}）：${unbound.join('、')}`)
  }
  if (missingUnits.includes(NO_LEAD)) lines.push('另有未写明牵头单位的任务未报送。')
  return { stage, units, missing, unbound, text: lines.join('\n') }
}
