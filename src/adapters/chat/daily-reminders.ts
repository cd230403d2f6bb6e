import type { Runtime } from '../../boot.js'
import type { Reminder } from '../../core/summary/reminder.js'
import type { ReminderSchedule } from '../../core/summary/reminder-schedule.js'
import { formatTime } from '../../core/time.js'
import { remindersEveryPlan } from './every-plan.js'

/**
 * 催报 for a door that sends through the delivery log: each plan's reminder to each of the door's
 * BOT_REMIND_CHANNELS rooms, at most once a day per (plan, room): the post is claimed in the store
 * (`remind:<plan>:<room>:<day>`, as the Slack door does) before it is sent, so a restart or a
 * second instance on the same database does not post it twice. `post` gets the claim key.
 */
export function dailyReminders(
  runtime: Pick<Runtime, 'plans' | 'config' | 'log' | 'store'>,
  platform: string,
  post: (room: string, reminder: Reminder, key: string) => Promise<void>,
): ReminderSchedule {
  const { config, log } = runtime
  return remindersEveryPlan(runtime, platform, async (context, room, reminder) => {
    const now = context.now()
    const day = formatTime(now.toISOString(), config.BOT_TIMEZONE).slice(0, 10)
    const key = `remind:${context.identity?.key ?? context.plan.title}:${room}:${day}`
    if (!(await runtime.store.claimMessage(`${platform}-${key}`, now.toISOString()))) {
      log.info(`${platform}: 催报 already posted today; not posting again`, { room })
      return
    }
    await post(room, reminder, key)
  })
}
