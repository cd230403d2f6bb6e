import type { Runtime } from '../../boot.js'
import { type CheckInDoor, scheduleCheckIns } from '../../core/summary/check-in-schedule.js'
import type { Reminder } from '../../core/summary/reminder.js'
import type { ReminderSchedule } from '../../core/summary/reminder-schedule.js'
import { checkInSettings } from './check-in-settings.js'
import { dailyReminders } from './daily-reminders.js'
import { everyPlan } from './every-plan.js'
import { type NoticeCourier, type NoticeDoor, startNoticeCourier } from './notice-courier.js'

/**
 * A long-connection door started with its schedules: the 催报 on BOT_REMIND_CRON to the door's
 * BOT_REMIND_CHANNELS (once a day per plan and room, dailyReminders), and the check-ins and the
 * leaders' digest through `checkIns` (once per period, check-in-schedule.ts). The schedules are
 * made first, so a bad BOT_REMIND_CRON fails start-up before the platform is contacted, and are
 * stopped again if the door cannot start. Once it runs, the 督办 cycle's notices to the door's
 * platform go out through `checkIns.direct` (notice-courier.ts).
 */

export interface Door {
  start(): Promise<void>
  stop(): Promise<void>
}

export interface StartedDoor<D extends Door> {
  door: D
  reminders: ReminderSchedule
  checkIns: ReminderSchedule
  notices: NoticeCourier
  stop(): Promise<void>
}

export async function startWithSchedules<D extends Door>(
  runtime: Runtime,
  door: D,
  checkIns: CheckInDoor & NoticeDoor,
  postReminder: (room: string, reminder: Reminder, key: string) => Promise<void>,
): Promise<StartedDoor<D>> {
  const { config, log } = runtime
  const reminders = dailyReminders(runtime, checkIns.platform, postReminder)
  let rounds: ReminderSchedule | undefined
  try {
    rounds = everyPlan(runtime, (context) => scheduleCheckIns(context, checkInSettings(config, log), checkIns))
    await door.start()
  } catch (error) {
    reminders.stop()
    rounds?.stop()
    await door.stop()
    throw error
  }
  const running = rounds
  const notices = startNoticeCourier(runtime, checkIns)
  notices.sweep().catch((error) => log.error('notices: first sweep failed; tried again shortly', { error }))
  return {
    door,
    reminders,
    checkIns: running,
    notices,
    async stop() {
      reminders.stop()
      running.stop()
      await notices.stop()
      await door.stop()
    },
  }
}
