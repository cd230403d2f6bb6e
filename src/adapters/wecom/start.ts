import type { Runtime } from '../../boot.js'
import type { CheckInDoor } from '../../core/summary/check-in-schedule.js'
import { type Reminder, renderReminder } from '../../core/summary/reminder.js'
import type { NoticeDoor } from '../chat/notice-courier.js'
import { namedOnly } from '../chat/reminder-names.js'
import { type StartedDoor, startWithSchedules } from '../chat/scheduled-door.js'
import { createWecomDoor, type WecomDoor, type WecomDoorOptions } from './door.js'

/**
 * Entry point used by main.ts (`npm run start:wecom`): the WeCom door, plus on BOT_REMIND_CRON the
 * 催报 to the group chats in BOT_REMIND_CHANNELS (chatids; bound clerks @-mentioned), each clerk
 * bound as `wecom:<userid>` a check-in by direct message, and the leaders' digest to
 * BOT_LEADERS_CHANNEL (a chatid), once per period. Everything goes through the door's durable
 * outbox, so what was queued before a crash is sent at the next start.
 */

const WECOM_USER = 'wecom:'

const nameOnly = namedOnly('wecom')

export function wecomReminder(reminder: Reminder): { text: string; mentionIds: string[] } {
  const ids = reminder.units.flatMap((u) => u.users).filter((b) => b.user.startsWith(WECOM_USER))
  return { text: renderReminder(reminder, nameOnly), mentionIds: [...new Set(ids.map((b) => b.user.slice(WECOM_USER.length)))] }
}

export function wecomCheckInDoor(door: Pick<WecomDoor, 'notify' | 'queued'>): CheckInDoor & NoticeDoor {
  return {
    platform: 'wecom',
    direct: (binding, text, key) => door.notify(binding.user.slice(WECOM_USER.length), text, key),
    queued: (key) => door.queued(key),
    leaders: (chat, text, key) => door.notify(chat, text, key),
  }
}

export type StartedWecom = StartedDoor<WecomDoor>

export function startWecomAdapter(runtime: Runtime, options: WecomDoorOptions = {}): Promise<StartedWecom> {
  const door = createWecomDoor(runtime, options)
  return startWithSchedules(runtime, door, wecomCheckInDoor(door), (chat, reminder, key) => {
    const { text, mentionIds } = wecomReminder(reminder)
    return door.notify(chat, text, key, mentionIds)
  })
}
