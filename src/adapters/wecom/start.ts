import type { Runtime } from '../../boot.js'
import { type CheckInDoor, scheduleCheckIns } from '../../core/summary/check-in-schedule.js'
import { type Mention, type Reminder, renderReminder } from '../../core/summary/reminder.js'
import type { ReminderSchedule } from '../../core/summary/reminder-schedule.js'
import { checkInSettings } from '../chat/check-in-settings.js'
import { dailyReminders } from '../chat/daily-reminders.js'
import { everyPlan } from '../chat/every-plan.js'
import { createWecomDoor, type WecomDoor, type WecomDoorOptions } from './door.js'

/**
 * Entry point used by main.ts (`npm run start:wecom`): the WeCom door, plus on BOT_REMIND_CRON the
 * 催报 to the group chats in BOT_REMIND_CHANNELS (chatids; bound clerks @-mentioned), each clerk
 * bound as `wecom:<userid>` a check-in by direct message, and the leaders' digest to
 * BOT_LEADERS_CHANNEL (a chatid), once per period (check-in-schedule.ts). Everything goes through
 * the door's durable outbox, so what was queued before a crash is sent at the next start.
 */

const WECOM_USER = 'wecom:'

/** In the text a bound WeCom user is named without `@`; the real mention goes on the message. */
const nameOnly: Mention = (b) => (b.user.startsWith(WECOM_USER) ? (b.userName ?? b.user.slice(WECOM_USER.length)) : null)

export function wecomReminder(reminder: Reminder): { text: string; mentionIds: string[] } {
  const ids = reminder.units.flatMap((u) => u.users).filter((b) => b.user.startsWith(WECOM_USER))
  return { text: renderReminder(reminder, nameOnly), mentionIds: [...new Set(ids.map((b) => b.user.slice(WECOM_USER.length)))] }
}

export function wecomCheckInDoor(door: Pick<WecomDoor, 'notify'>): CheckInDoor {
  return {
    platform: 'wecom',
    direct: (binding, text, key) => door.notify(binding.user.slice(WECOM_USER.length), text, key),
    leaders: (chat, text, key) => door.notify(chat, text, key),
  }
}

export interface StartedWecom {
  door: WecomDoor
  reminders: ReminderSchedule
  checkIns: ReminderSchedule
  stop(): Promise<void>
}

export async function startWecomAdapter(runtime: Runtime, options: WecomDoorOptions = {}): Promise<StartedWecom> {
  const door = createWecomDoor(runtime, options)
  const { config, log } = runtime
  // Scheduling first: a bad BOT_REMIND_CRON fails start-up before WeCom is contacted.
  const reminders = dailyReminders(runtime, 'wecom', async (chat, reminder, key) => {
    const { text, mentionIds } = wecomReminder(reminder)
    await door.notify(chat, text, key, mentionIds)
  })
  let checkIns: ReminderSchedule | undefined
  try {
    checkIns = everyPlan(runtime, (context) => scheduleCheckIns(context, checkInSettings(config, log), wecomCheckInDoor(door)))
    await door.start()
  } catch (error) {
    reminders.stop()
    checkIns?.stop()
    await door.stop()
    throw error
  }
  const running = checkIns
  return {
    door,
    reminders,
    checkIns: running,
    async stop() {
      reminders.stop()
      running.stop()
      await door.stop()
    },
  }
}
