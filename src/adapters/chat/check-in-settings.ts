import type { Config } from '../../config.js'
import type { Logger } from '../../core/log.js'
import type { CheckInSettings } from '../../core/summary/check-in-schedule.js'

/** Check-in settings from the configuration, the same for both chat doors. */
export function checkInSettings(config: Config, log?: Logger): CheckInSettings {
  return {
    cron: config.BOT_REMIND_CRON,
    nudgeDays: config.BOT_NUDGE_DAYS,
    leadersChannel: config.BOT_LEADERS_CHANNEL,
    intervalMs: config.BOT_SEND_INTERVAL_MS,
    ...(log ? { log } : {}),
  }
}
