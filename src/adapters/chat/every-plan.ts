import type { Runtime } from '../../boot.js'
import type { AnswerContext } from '../../core/answer/context.js'
import type { Reminder } from '../../core/summary/reminder.js'
import { type ReminderSchedule, scheduleReminders } from '../../core/summary/reminder-schedule.js'
import { formatTime } from '../../core/time.js'

/** The reminder channels a plan posts to: all but those BOT_ROOM_PLANS ties to another plan. */
export function channelsOf(runtime: Pick<Runtime, 'plans'>, platform: string, channels: string[], context: AnswerContext): string[] {
  return channels.filter((c) => {
    const tied = runtime.plans.tiedTo(platform, c)
    return !tied || tied.value === context
  })
}

/**
 * One schedule (催报, check-ins) per loaded plan, seen as one. Each plan's messages are built from
 * its own tasks and progress, and a plan outside its year sends nothing (the schedules check), so
 * last year's plan stays quiet while this year's city and county plans each remind their clerks.
 */
export function everyPlan(runtime: Pick<Runtime, 'plans'>, make: (context: AnswerContext) => ReminderSchedule): ReminderSchedule {
  const schedules: ReminderSchedule[] = []
  try {
    for (const p of runtime.plans.plans) schedules.push(make(p.value))
  } catch (error) {
    // A bad schedule fails start-up; the ones already made must not keep running.
    for (const s of schedules) s.stop()
    throw error
  }
  return {
    stop: () => {
      for (const s of schedules) s.stop()
    },
    nextRun: () =>
      schedules
        .map((s) => s.nextRun())
        .filter((d): d is Date => d !== null)
        .sort((a, b) => a.getTime() - b.getTime())[0] ?? null,
    async runNow() {
      let sent = 0
      for (const s of schedules) sent += await s.runNow()
      return sent
    },
  }
}

/**
 * The 催报 of every plan on BOT_REMIND_CRON, each to the reminder rooms of `platform` it may post
 * to (channelsOf); `post` sends one plan's reminder to one room the door's own way.
 */
export function remindersEveryPlan(
  runtime: Pick<Runtime, 'plans' | 'config' | 'log'>,
  platform: string,
  post: (context: AnswerContext, channel: string, reminder: Reminder) => Promise<void>,
): ReminderSchedule {
  const { config, log } = runtime
  return everyPlan(runtime, (context) =>
    scheduleReminders(
      context,
      { cron: config.BOT_REMIND_CRON, channels: channelsOf(runtime, platform, config.BOT_REMIND_CHANNELS, context), log },
      (channel, reminder) => post(context, channel, reminder),
    ),
  )
}

/**
 * Claims one plan's 催报 to one room for today (in BOT_TIMEZONE) in the store, so that of several
 * instances, or several runs in a day, one posts it; the key, or null when it was claimed before.
 * `door` keeps each door's keys apart (Slack's are unprefixed, as they always were).
 */
export async function claimReminder(
  runtime: Pick<Runtime, 'store' | 'config'>,
  context: AnswerContext,
  channel: string,
  door = '',
): Promise<string | null> {
  const now = context.now()
  const day = formatTime(now.toISOString(), runtime.config.BOT_TIMEZONE).slice(0, 10)
  const key = `remind:${door}${context.identity?.key ?? context.plan.title}:${channel}:${day}`
  return (await runtime.store.claimMessage(key, now.toISOString())) ? key : null
}
