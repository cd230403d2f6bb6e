import { Cron } from 'croner'
import type { Logger } from '../log.js'
import type { Plan } from '../plan/types.js'
import type { UnitDirectory } from '../plan/unit-directory.js'
import type { PlanIdentity } from '../plans/identity.js'
import type { PlanLibrary } from '../plans/library.js'
import { planNaming } from '../plans/naming.js'
import type { ProgressStore } from '../progress/store.js'
import type { Period } from '../time.js'
import { closedTasks } from './cycle.js'
import { planClock, yearNotice } from './plan-clock.js'
import { boundUsers, buildReminder, type Reminder } from './reminder.js'

/**
 * Runs the 催报 reminder on a cron schedule (croner) in the bureau's time zone. Adapters call
 * `scheduleReminders(runtime.context, { cron: config.BOT_REMIND_CRON, channels: config.BOT_REMIND_CHANNELS,
 * log }, post)` and send each reminder themselves (mentions, splitting, throttling are theirs).
 * An empty cron or no channels schedules nothing; a bad cron throws at start-up, not at 09:00.
 * Outside the plan year (over, or not begun) nothing is posted: nobody is asked to report on it.
 */

/** What a reminder is built from; the answer context satisfies it. */
export interface ReminderSource {
  plan: Plan
  store: Pick<ProgressStore, 'liveUpdates' | 'usersOfUnit' | 'cycle'>
  units: Pick<UnitDirectory, 'get' | 'leadsOf'>
  /** With several plans loaded, the 催报 names its plan (naming.ts). */
  identity?: PlanIdentity
  library?: PlanLibrary<unknown>
  now: () => Date
  settings: { timezone: string; reportPeriod: Period }
}

export interface ScheduleOptions {
  /** Five-field cron (minute hour day month weekday), read in `settings.timezone`; '' disables. */
  cron: string
  channels: string[]
  log?: Logger
}

export type PostReminder = (channel: string, reminder: Reminder) => void | Promise<void>

export interface ReminderSchedule {
  stop(): void
  /** The next time the reminder runs, or null when nothing is scheduled. */
  nextRun(): Date | null
  /** Builds and posts now, as the schedule would (for tests and manual runs); resolves when done. */
  runNow(): Promise<number>
}

export class ScheduleError extends Error {
  constructor(message: string) {
    super(`催报计划配置错误 (BOT_REMIND_CRON / BOT_TIMEZONE): ${message}`)
    this.name = 'ScheduleError'
  }
}

/** A croner job in `timezone` that logs a failed run instead of crashing; throws ScheduleError on a bad cron. */
export function cronJob(cron: string, timezone: string, run?: () => Promise<void>, log?: Logger): Cron {
  const options = {
    timezone,
    mode: '5-part' as const,
    protect: true,
    catch: (error: unknown) => log?.error('remind: run failed', { error }),
  }
  try {
    return run ? new Cron(cron, options, run) : new Cron(cron, options)
  } catch (error) {
    throw new ScheduleError(`「${cron}」: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** When a cron expression next fires after `from`, in `timezone`; null when it is empty. Throws ScheduleError when invalid. */
export function nextReminderRun(cron: string, timezone: string, from: Date): Date | null {
  if (!cron.trim()) return null
  const job = cronJob(cron.trim(), timezone)
  try {
    return job.nextRun(from)
  } catch (error) {
    throw new ScheduleError(`「${cron}」: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    job.stop()
  }
}

/** The reminder as it would be sent now (updates stored after `now` are not counted). */
export async function currentReminder(source: ReminderSource): Promise<Reminder> {
  const now = source.now()
  const known = (await source.store.liveUpdates()).filter((u) => new Date(u.at) <= now)
  return buildReminder(
    source.plan,
    known,
    await boundUsers(source.store, source.units, source.plan),
    { now, period: source.settings.reportPeriod, timezone: source.settings.timezone },
    source.units,
    planNaming(source),
    closedTasks(source.plan, await source.store.cycle.list(), now),
  )
}

/** Posts the current reminder to every channel; returns how many posts succeeded. Nothing is sent when all have reported. */
export async function postReminder(source: ReminderSource, channels: string[], post: PostReminder, log?: Logger): Promise<number> {
  const notice = outOfYear(source)
  if (notice) {
    log?.info(`remind: ${notice} nothing sent`)
    return 0
  }
  const reminder = await currentReminder(source)
  if (!reminder.text) {
    log?.info('remind: every lead unit has reported this period; nothing sent')
    return 0
  }
  let sent = 0
  for (const channel of channels) {
    try {
      await post(channel, reminder)
      sent++
      log?.info('remind: posted', { channel, units: reminder.units.length })
    } catch (error) {
      log?.error('remind: post failed', { channel, error })
    }
  }
  return sent
}

/** 「2023年度已结束…」 when `now` is outside the plan year (no 催报 or check-in then), else ''. */
export function outOfYear(source: Pick<ReminderSource, 'plan' | 'now' | 'settings'>): string {
  const { timezone } = source.settings
  const clock = planClock(source.plan, source.now(), timezone)
  return clock.phase === 'during' ? '' : clock.phase === 'after' ? `${clock.year}年度已结束。` : yearNotice(clock)
}

export function scheduleReminders(source: ReminderSource, options: ScheduleOptions, post: PostReminder): ReminderSchedule {
  const { log } = options
  const cron = options.cron.trim()
  const channels = options.channels.filter(Boolean)
  const run = () => postReminder(source, channels, post, log)
  if (!cron || channels.length === 0) {
    log?.info('remind: no schedule', { reason: cron ? 'BOT_REMIND_CHANNELS is empty' : 'BOT_REMIND_CRON is empty' })
    return { stop: () => {}, nextRun: () => null, runNow: run }
  }
  const job = cronJob(
    cron,
    source.settings.timezone,
    async () => {
      await run()
    },
    log,
  )
  log?.info('remind: scheduled', { cron, timezone: source.settings.timezone, channels, next: job.nextRun()?.toISOString() })
  return { stop: () => job.stop(), nextRun: () => job.nextRun(), runNow: run }
}
