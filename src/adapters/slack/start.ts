/**
 * Entry point used by main.ts (`npm run start:slack`): build the adapter, check the token, start
 * receiving, and send check-ins on BOT_REMIND_CRON: each clerk bound as `slack:U…` gets a direct
 * message (conversations.open, then chat.postMessage), BOT_LEADERS_CHANNEL the digest
 * (check-in-schedule.ts). They go through the delivery log and a throttled Outbox like replies, so
 * one queued before a crash is sent at the next start. The returned `stop()` cancels the schedule,
 * stops receiving and drains the send queues; main.ts closes the runtime afterwards.
 */
import type { Runtime } from '../../boot.js'
import { type CheckInDoor, scheduleCheckIns } from '../../core/summary/check-in-schedule.js'
import type { ReminderSchedule } from '../../core/summary/reminder-schedule.js'
import { checkInSettings } from '../chat/check-in-settings.js'
import { createSlackApp, type SlackAdapter, type SlackAppOptions } from './app.js'
import { DurableSender } from './durable-sender.js'
import { Outbox } from './outbox.js'

const SLACK_USER = 'slack:'

export interface StartedSlack {
  adapter: SlackAdapter
  checkIns: ReminderSchedule
  stop(): Promise<void>
}

/** Check-ins as Slack direct messages and the digest as a channel post, through the delivery log. */
export function slackCheckInDoor(runtime: Runtime, adapter: SlackAdapter, outbox: Outbox, now: () => Date): CheckInDoor {
  const token = runtime.config.SLACK_BOT_TOKEN ?? ''
  const client = adapter.app.client
  const sender = new DurableSender(runtime.store.delivery, outbox, { client, token, log: runtime.log }, now, runtime.log)
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
    leaders: post,
  }
}

export async function startSlackAdapter(runtime: Runtime, options: SlackAppOptions = {}): Promise<StartedSlack> {
  const slack = createSlackApp(runtime, options)
  const outbox = new Outbox(runtime.config.BOT_SEND_INTERVAL_MS, runtime.log)
  const door = slackCheckInDoor(runtime, slack, outbox, options.now ?? (() => new Date()))
  // Scheduling first: a bad BOT_REMIND_CRON fails start-up before Slack is contacted.
  const checkIns = scheduleCheckIns(runtime.context, checkInSettings(runtime.config, runtime.log), door)
  try {
    await slack.start()
  } catch (error) {
    checkIns.stop()
    throw error
  }
  return {
    adapter: slack,
    checkIns,
    async stop() {
      checkIns.stop()
      await slack.stop()
      await outbox.drain()
    },
  }
}
