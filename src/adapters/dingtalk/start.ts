import type { Runtime } from '../../boot.js'
import { type CheckInDoor, scheduleCheckIns } from '../../core/summary/check-in-schedule.js'
import { type Mention, renderReminder } from '../../core/summary/reminder.js'
import type { ReminderSchedule } from '../../core/summary/reminder-schedule.js'
import { checkInSettings } from '../chat/check-in-settings.js'
import { dailyReminders } from '../chat/daily-reminders.js'
import { everyPlan } from '../chat/every-plan.js'
import { createDingtalkDoor, type DingtalkDoor, type DingtalkDoorOptions } from './door.js'

/**
 * Entry point used by main.ts (`npm run start:dingtalk`): the DingTalk door, plus on BOT_REMIND_CRON
 * the 催报 to the group conversations in BOT_REMIND_CHANNELS (openConversationIds, `cid…`), each clerk
 * bound as `dingtalk:<staffId>` a check-in by direct message, and the leaders' digest to
 * BOT_LEADERS_CHANNEL, once per period. Robot messages sent through the OpenAPI cannot @ anyone, so
 * the 催报 names the bound clerks (who get their own check-in by direct message).
 */

const DINGTALK_USER = 'dingtalk:'

const nameOnly: Mention = (b) => (b.user.startsWith(DINGTALK_USER) ? (b.userName ?? b.user.slice(DINGTALK_USER.length)) : null)

export function dingtalkCheckInDoor(door: Pick<DingtalkDoor, 'notify'>): CheckInDoor {
  return {
    platform: 'dingtalk',
    direct: (binding, text, key) => door.notify({ group: false, staffId: binding.user.slice(DINGTALK_USER.length) }, text, key),
    leaders: (conversationId, text, key) => door.notify({ group: true, conversationId }, text, key),
  }
}

export interface StartedDingtalk {
  door: DingtalkDoor
  reminders: ReminderSchedule
  checkIns: ReminderSchedule
  stop(): Promise<void>
}

export async function startDingtalkAdapter(runtime: Runtime, options: DingtalkDoorOptions = {}): Promise<StartedDingtalk> {
  const door = createDingtalkDoor(runtime, options)
  const { config, log } = runtime
  // Scheduling first: a bad BOT_REMIND_CRON fails start-up before DingTalk is contacted.
  const reminders = dailyReminders(runtime, 'dingtalk', (conversationId, reminder, key) =>
    door.notify({ group: true, conversationId }, renderReminder(reminder, nameOnly), key),
  )
  let checkIns: ReminderSchedule | undefined
  try {
    checkIns = everyPlan(runtime, (context) => scheduleCheckIns(context, checkInSettings(config, log), dingtalkCheckInDoor(door)))
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
