/**
 * Entry point used by main.ts (`npm run start:slack`): build the adapter, check the token, start
 * receiving, and send check-ins on BOT_REMIND_CRON: each clerk bound as `slack:U…` gets a direct
 * message (conversations.open, then chat.postMessage), BOT_LEADERS_CHANNEL the digest
 * (check-in-schedule.ts), and BOT_REMIND_CHANNELS the 催报, per loaded plan in its year. They go
 * through the delivery log and a throttled Outbox like replies, so
 * one queued before a crash is sent at the next start. The returned `stop()` cancels the schedule,
 * stops receiving and drains the send queues; main.ts closes the runtime afterwards.
 */
import type { Runtime } from '../../boot.js'
import { type CheckInDoor, scheduleCheckIns } from '../../core/summary/check-in-schedule.js'
import { renderReminder } from '../../core/summary/reminder.js'
import type { ReminderSchedule } from '../../core/summary/reminder-schedule.js'
import { checkInSettings } from '../chat/check-in-settings.js'
import { claimReminder, everyPlan, remindersEveryPlan } from '../chat/every-plan.js'
import { type NoticeCourier, type NoticeDoor, startNoticeCourier } from '../chat/notice-courier.js'
import { createSlackApp, type SlackAdapter, type SlackAppOptions } from './app.js'
import { DurableSender, resumeSettings } from './durable-sender.js'
import { Outbox } from './outbox.js'

const SLACK_USER = 'slack:'

export interface StartedSlack {
  adapter: SlackAdapter
  checkIns: ReminderSchedule
  /** 催报 to BOT_REMIND_CHANNELS on BOT_REMIND_CRON, one per plan in its year. */
  reminders: ReminderSchedule
  /** The 督办 cycle's notices to `slack:` users, as direct messages (notice-courier.ts). */
  notices: NoticeCourier
  stop(): Promise<void>
}

/** Check-ins as Slack direct messages and the digest as a channel post, through the delivery log. */
export function slackCheckInDoor(runtime: Runtime, adapter: SlackAdapter, outbox: Outbox, now: () => Date): CheckInDoor & NoticeDoor {
  const token = runtime.config.SLACK_BOT_TOKEN ?? ''
  const client = adapter.app.client
  const sender = new DurableSender(
    runtime.store.delivery,
    outbox,
    { client, token, log: runtime.log },
    now,
    runtime.log,
    resumeSettings(runtime.config),
  )
  const post = async (channel: string, text: string, key: string) => {
    if (!(await sender.send(key, { channel, threadTs: undefined }, { intent: 'notice', reply: text, tasks: [] })))
      throw new Error(`slack: could not post to ${channel}`)
  }
  return {
    platform: 'slack',
    async direct(binding, text, key) {
      const opened = await client.conversations.open({ token, users: binding.user.slice(SLACK_USER.length) })
      const channel = opened.channel?.id
      if (!channel) throw new Error(`slack: conversations.open gave no channel for ${binding.user}`)
      await post(channel, text, key)
    },
    // DurableSender queues under the key itself: Slack's outbox keys carry no door prefix (door-keys.ts).
    queued: (key) => runtime.store.delivery.queued(key),
    leaders: post,
  }
}

/**
 * 催报 to each BOT_REMIND_CHANNELS channel, through the same delivery log as check-ins. People are
 * named, not @-mentioned: the text is escaped like every reply, and bound clerks get their own
 * check-in by direct message. Each post claims (plan, channel, day) first, so a restart or a second
 * run that day does not post it twice.
 */
function slackReminders(runtime: Runtime, door: CheckInDoor): ReminderSchedule {
  const { log } = runtime
  return remindersEveryPlan(runtime, 'slack', async (context, channel, reminder) => {
    const key = await claimReminder(runtime, context, channel)
    if (!key) {
      log.info('remind: already posted today; not posting again', { channel })
      return
    }
    await door.leaders(channel, renderReminder(reminder), key)
  })
}

export async function startSlackAdapter(runtime: Runtime, options: SlackAppOptions = {}): Promise<StartedSlack> {
  const slack = createSlackApp(runtime, options)
  const outbox = new Outbox(runtime.config.BOT_SEND_INTERVAL_MS, runtime.log)
  const door = slackCheckInDoor(runtime, slack, outbox, options.now ?? (() => new Date()))
  // Scheduling first: a bad BOT_REMIND_CRON fails start-up before Slack is contacted.
  const checkIns = everyPlan(runtime, (context) => scheduleCheckIns(context, checkInSettings(runtime.config, runtime.log), door))
  let reminders: ReminderSchedule
  try {
    reminders = slackReminders(runtime, door)
  } catch (error) {
    checkIns.stop()
    throw error
  }
  try {
    await slack.start()
  } catch (error) {
    checkIns.stop()
    reminders.stop()
    throw error
  }
  const notices = startNoticeCourier(runtime, door)
  notices.sweep().catch((error) => runtime.log.error('notices: first sweep failed; tried again shortly', { error }))
  return {
    adapter: slack,
    checkIns,
    reminders,
    notices,
    async stop() {
      checkIns.stop()
      reminders.stop()
      await notices.stop()
      await slack.stop()
      await outbox.drain()
    },
  }
}
