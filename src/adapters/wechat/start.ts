import type { Runtime } from '../../boot.js'
import { type CheckInDoor, scheduleCheckIns } from '../../core/summary/check-in-schedule.js'
import { type Mention, type Reminder, renderReminder } from '../../core/summary/reminder.js'
import type { ReminderSchedule } from '../../core/summary/reminder-schedule.js'
import { checkInSettings } from '../chat/check-in-settings.js'
import { claimReminder, everyPlan, remindersEveryPlan } from '../chat/every-plan.js'
import { startAsLeader } from '../chat/leader-door.js'
import { type NoticeCourier, startNoticeCourier } from '../chat/notice-courier.js'
import { createWechatBot, type WechatBot, type WechatBotOptions } from './wechat-bot.js'

/**
 * Entry point used by main.ts (`npm run start:wechat`): build the adapter, start Wechaty (the QR
 * code appears on stderr), and post 催报 reminders on BOT_REMIND_CRON to the rooms in
 * BOT_REMIND_CHANNELS (room topics or ids); on the same schedule each clerk bound as `wechat:<id>`
 * gets their check-in in a private chat, and BOT_LEADERS_CHANNEL (a room) the digest
 * (check-in-schedule.ts). `stop()` cancels the schedules, finishes the messages in hand and drains
 * the send queue; main.ts closes the runtime afterwards.
 */

const WECHAT_USER = 'wechat:'

/** In the text a bound WeChat user is named without `@`; the real mention goes on the message. */
const nameOnly: Mention = (b) => (b.user.startsWith(WECHAT_USER) ? (b.userName ?? b.user.slice(WECHAT_USER.length)) : null)

/** The reminder text for WeChat and the contact ids to @-mention with it. */
export function wechatReminder(reminder: Reminder): { text: string; mentionIds: string[] } {
  const mentionIds = reminder.units
    .flatMap((u) => u.users)
    .filter((b) => b.user.startsWith(WECHAT_USER))
    .map((b) => b.user.slice(WECHAT_USER.length))
  return { text: renderReminder(reminder, nameOnly), mentionIds }
}

/**
 * Check-ins as WeChat private chats; the digest to a room, by topic or id. No `queued`: a private
 * chat goes straight to the puppet, not through an outbox, so a notice stranded by a crash is
 * reported and never sent twice (notice-courier.ts).
 */
export function wechatCheckInDoor(wechat: Pick<WechatBot, 'sendToContact' | 'sendToRoom'>): CheckInDoor {
  return {
    platform: 'wechat',
    direct: (binding, text) => wechat.sendToContact(binding.user.slice(WECHAT_USER.length), text),
    leaders: (room, text) => wechat.sendToRoom(room, text),
  }
}

export interface StartedWechat {
  wechat: WechatBot
  reminders: ReminderSchedule
  /** Check-ins to clerks and the leaders' digest. */
  checkIns: ReminderSchedule
  /** The 督办 cycle's notices to `wechat:` users, as private chats (notice-courier.ts). */
  notices: NoticeCourier
  stop(): Promise<void>
}

export async function startWechatAdapter(runtime: Runtime, options: WechatBotOptions = {}): Promise<StartedWechat> {
  const wechat = createWechatBot(runtime, options)
  const { config, log } = runtime
  // Scheduling first: a bad BOT_REMIND_CRON fails start-up before anyone is asked to scan.
  const reminders = remindersEveryPlan(runtime, 'wechat', async (context, room, reminder) => {
    if (!(await claimReminder(runtime, context, room, 'wechat:'))) {
      log.info('remind: already posted today; not posting again', { room })
      return
    }
    const { text, mentionIds } = wechatReminder(reminder)
    await wechat.sendToRoom(room, text, mentionIds)
  })
  const checkIns = everyPlan(runtime, (context) => scheduleCheckIns(context, checkInSettings(config, log), wechatCheckInDoor(wechat)))
  try {
    await wechat.start()
  } catch (error) {
    reminders.stop()
    checkIns.stop()
    throw error
  }
  const notices = startNoticeCourier(runtime, wechatCheckInDoor(wechat))
  notices.sweep().catch((error) => log.error('notices: first sweep failed; tried again shortly', { error }))
  return {
    wechat,
    reminders,
    checkIns,
    notices,
    async stop() {
      reminders.stop()
      checkIns.stop()
      await notices.stop()
      await wechat.stop()
    },
  }
}

/**
 * The WeChat door for several instances (main.ts): one bot account can be logged in once, so only
 * the instance holding the `wechat` lock runs the door (login, messages, 催报 and check-ins); the
 * others wait and one takes over, with a new door, when it stops. Resolves after the first attempt.
 * With wechat4u the login lives in data/wechaty on the machine that scanned: an instance taking
 * over on another machine prints a new QR code; a puppet service (WECHATY_PUPPET_SERVICE_TOKEN)
 * keeps the login on its side.
 */
export async function startWechatLeader(runtime: Runtime, options: WechatBotOptions = {}): Promise<{ stop(): Promise<void> }> {
  return startAsLeader(runtime, 'wechat', () => startWechatAdapter(runtime, options))
}
