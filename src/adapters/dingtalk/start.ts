import type { Runtime } from '../../boot.js'
import type { CheckInDoor } from '../../core/summary/check-in-schedule.js'
import { renderReminder } from '../../core/summary/reminder.js'
import type { NoticeDoor } from '../chat/notice-courier.js'
import { namedOnly } from '../chat/reminder-names.js'
import { type StartedDoor, startWithSchedules } from '../chat/scheduled-door.js'
import { createDingtalkDoor, type DingtalkDoor, type DingtalkDoorOptions } from './door.js'

/**
 * Entry point used by main.ts (`npm run start:dingtalk`): the DingTalk door, plus on BOT_REMIND_CRON
 * the 催报 to the group conversations in BOT_REMIND_CHANNELS (openConversationIds, `cid…`), each clerk
 * bound as `dingtalk:<staffId>` a check-in by direct message, and the leaders' digest to
 * BOT_LEADERS_CHANNEL, once per period. Robot messages sent through the OpenAPI cannot @ anyone, so
 * the 催报 names the bound clerks (who get their own check-in by direct message).
 */

const DINGTALK_USER = 'dingtalk:'

const nameOnly = namedOnly('dingtalk')

export function dingtalkCheckInDoor(door: Pick<DingtalkDoor, 'notify' | 'queued'>): CheckInDoor & NoticeDoor {
  return {
    platform: 'dingtalk',
    direct: (binding, text, key) => door.notify({ group: false, staffId: binding.user.slice(DINGTALK_USER.length) }, text, key),
    queued: (key) => door.queued(key),
    leaders: (conversationId, text, key) => door.notify({ group: true, conversationId }, text, key),
  }
}

export type StartedDingtalk = StartedDoor<DingtalkDoor>

export function startDingtalkAdapter(runtime: Runtime, options: DingtalkDoorOptions = {}): Promise<StartedDingtalk> {
  const door = createDingtalkDoor(runtime, options)
  return startWithSchedules(runtime, door, dingtalkCheckInDoor(door), (conversationId, reminder, key) =>
    door.notify({ group: true, conversationId }, renderReminder(reminder, nameOnly), key),
  )
}
