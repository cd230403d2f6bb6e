import type { Logger } from '../log.js'
import { planNaming } from '../plans/naming.js'
import type { CheckInKey, CheckInRecord } from '../progress/check-ins.js'
import type { Binding, ProgressStore } from '../progress/store.js'
import { formatTime } from '../time.js'
import { type CheckInRound, type CheckInStage, checkInRound, reportingPeriod, stageAt } from './check-ins.js'
import { closedTasks } from './cycle.js'
import { boundUsers } from './reminder.js'
import { cronJob, nextReminderRun, outOfYear, type ReminderSchedule, type ReminderSource } from './reminder-schedule.js'

/**
 * Sends the check-ins of check-ins.ts through a chat door, once per period. Every day at the time
 * of day BOT_REMIND_CRON fires, the round that is due goes out: the nudge from BOT_NUDGE_DAYS
 * before the period's end, else the check-in once the cron has fired in this period (so a clerk
 * bound after the 25th, or a bot that was down then, still gets it the next day). Each message is
 * claimed in the store's check-in log before it is sent and settled after, keyed by (plan, period
 * start, kind, recipient): a restart or a second run in the same period sends nothing twice; a
 * failed send is tried again by the next run. Messages of one run leave `intervalMs` apart, each
 * through the door's own throttled queue, and every send, skip and failure is logged.
 */

/** The chat platforms whose bindings can get a direct message (binding ids are `platform:id`). */
export const CHAT_PLATFORMS = ['slack', 'wechat', 'wecom', 'dingtalk'] as const

export interface CheckInSource extends Omit<ReminderSource, 'store'> {
  store: Pick<ProgressStore, 'liveUpdates' | 'usersOfUnit' | 'checkIns' | 'cycle'>
  // identity and library come from ReminderSource: check-ins are recorded under the identity's key
  // (else the plan's title), and with several plans they name their plan (naming.ts).
}

export interface CheckInSettings {
  /** BOT_REMIND_CRON; empty: no check-ins are scheduled. */
  cron: string
  /** BOT_NUDGE_DAYS; 0: no nudge. */
  nudgeDays: number
  /** BOT_LEADERS_CHANNEL: where the digest goes; unset: no digest is sent. */
  leadersChannel?: string | undefined
  /** Gap between two messages of one run (BOT_SEND_INTERVAL_MS). */
  intervalMs?: number
  log?: Logger
  sleep?: (ms: number) => Promise<void>
}

/** What a chat door does for check-ins. `key` is unique per message (for the door's own outbox). */
export interface CheckInDoor {
  /** `slack`, `wechat`, `wecom` or `dingtalk`: only bindings `${platform}:…` get direct messages from this door. */
  platform: string
  direct(binding: Binding, text: string, key: string): Promise<void>
  leaders(channel: string, text: string, key: string): Promise<void>
}

export type OutgoingCheckIn = { key: CheckInKey; text: string; already: CheckInRecord | null } & (
  | { to: 'direct'; binding: Binding }
  | { to: 'leaders'; channel: string }
)

export interface CheckInPlan {
  /** Why nothing goes out at all (the plan year is over or has not begun), else ''. */
  notice: string
  /** The round due now (what the schedule would send), or null. */
  due: CheckInStage | null
  round: CheckInRound | null
  messages: OutgoingCheckIn[]
}

/** The plan a check-in is recorded under: its identity key, else its title. */
export function checkInPlanKey(source: Pick<CheckInSource, 'identity' | 'plan'>): string {
  return source.identity?.key ?? source.plan.title
}

const keyText = (k: CheckInKey) => `check-in:${k.plan}:${k.periodStart}:${k.kind}:${k.user}`

/**
 * The messages of the round due now (or of `stage`, for previews), for one door's `platform` or
 * for every chat platform (null, the dry run: one digest). `already` is the record of a message
 * sent or queued earlier in this period (failed sends are not counted).
 */
export async function planCheckIns(
  source: CheckInSource,
  settings: Pick<CheckInSettings, 'cron' | 'nudgeDays' | 'leadersChannel'>,
  platform: string | null,
  stage?: CheckInStage,
): Promise<CheckInPlan> {
  const notice = outOfYear(source)
  if (notice) return { notice, due: null, round: null, messages: [] }
  const now = source.now()
  const opts = { now, period: source.settings.reportPeriod, timezone: source.settings.timezone }
  const period = reportingPeriod(opts)
  const firstRun = settings.cron.trim() ? nextReminderRun(settings.cron, opts.timezone, new Date(period.start.getTime() - 1)) : null
  const due = stageAt(now, period, settings.nudgeDays, firstRun)
  const kind = stage ?? due
  if (!kind) return { notice: '', due, round: null, messages: [] }
  const updates = await source.store.liveUpdates()
  const usersOf = await boundUsers(source.store, source.units, source.plan)
  const round = checkInRound(source.plan, updates, usersOf, kind, opts, {
    naming: planNaming(source),
    leads: source.units,
    closed: closedTasks(source.plan, await source.store.cycle.list(), now),
  })
  const base = { plan: checkInPlanKey(source), periodStart: period.since }
  const recorded = async (key: CheckInKey) => {
    const record = await source.store.checkIns.get(key)
    return record && !record.error ? record : null
  }
  const platforms: readonly string[] = platform ? [platform] : CHAT_PLATFORMS
  const messages: OutgoingCheckIn[] = await Promise.all(
    round.messages
      .filter((m) => platforms.some((p) => m.binding.user.startsWith(`${p}:`)))
      .map(async (m): Promise<OutgoingCheckIn> => {
        const key = { ...base, kind, user: m.binding.user }
        return { to: 'direct', binding: m.binding, key, text: m.text, already: await recorded(key) }
      }),
  )
  const channel = settings.leadersChannel?.trim()
  if (round.digest && channel) {
    const keys = platforms.map((p) => ({ ...base, kind: `${kind}-digest`, user: `${p}:${channel}` }))
    const already = (await Promise.all(keys.map(recorded))).find(Boolean) ?? null
    messages.push({ to: 'leaders', channel, key: keys[0] as CheckInKey, text: round.digest.text, already })
  }
  return { notice: '', due, round, messages }
}

export interface CheckInResult {
  stage: CheckInStage | null
  sent: number
  skipped: number
  failed: number
}

/** Sends the round due now (or `stage`) through `door`, each message once per period. */
export async function sendCheckIns(
  source: CheckInSource,
  settings: CheckInSettings,
  door: CheckInDoor,
  stage?: CheckInStage,
): Promise<CheckInResult> {
  const { log } = settings
  const sleep = settings.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const planned = await planCheckIns(source, settings, door.platform, stage)
  const result: CheckInResult = { stage: stage ?? planned.due, sent: 0, skipped: 0, failed: 0 }
  if (planned.notice) log?.info(`check-in: ${planned.notice} nothing sent`)
  else if (!result.stage) log?.debug('check-in: no round due now')
  for (const m of planned.messages) {
    const where = { kind: m.key.kind, to: m.key.user, plan: m.key.plan, period: m.key.periodStart }
    if (m.already || !(await source.store.checkIns.claim(m.key, m.text, source.now().toISOString()))) {
      result.skipped++
      log?.debug('check-in: already sent this period; skipped', where)
      continue
    }
    if (result.sent + result.failed > 0 && settings.intervalMs) await sleep(settings.intervalMs)
    try {
      if (m.to === 'direct') await door.direct(m.binding, m.text, keyText(m.key))
      else await door.leaders(m.channel, m.text, keyText(m.key))
      await source.store.checkIns.settle(m.key, source.now().toISOString())
      result.sent++
      log?.info('check-in: sent', where)
    } catch (error) {
      await source.store.checkIns.settle(m.key, source.now().toISOString(), error instanceof Error ? error.message : String(error))
      result.failed++
      log?.error('check-in: send failed; the next run tries again', { ...where, error })
    }
  }
  if (result.stage) log?.info('check-in: round done', { ...result })
  return result
}

/** The daily check-in job at the time of day of `settings.cron`; `runNow` sends the round due now. */
export function scheduleCheckIns(source: CheckInSource, settings: CheckInSettings, door: CheckInDoor): ReminderSchedule {
  const { log } = settings
  const timezone = source.settings.timezone
  // One run at a time: the claim would stop a double send anyway, but runs then log sensibly.
  let chain: Promise<unknown> = Promise.resolve()
  const runNow = (): Promise<number> => {
    const next = chain.then(() => sendCheckIns(source, settings, door))
    chain = next.catch(() => {})
    return next.then((r) => r.sent)
  }
  const first = nextReminderRun(settings.cron, timezone, source.now())
  if (!first) {
    log?.info('check-in: no schedule', { reason: 'BOT_REMIND_CRON is empty' })
    return { stop: () => {}, nextRun: () => null, runNow }
  }
  const [hour, minute] = formatTime(first.toISOString(), timezone).slice(11, 16).split(':').map(Number)
  const daily = `${minute} ${hour} * * *`
  const job = cronJob(
    daily,
    timezone,
    async () => {
      await runNow()
    },
    log,
  )
  log?.info('check-in: scheduled', { daily, timezone, nudgeDays: settings.nudgeDays, leaders: settings.leadersChannel ?? null })
  return { stop: () => job.stop(), nextRun: () => job.nextRun(), runNow }
}
