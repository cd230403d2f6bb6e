import { parseArgs } from 'node:util'
import { boot } from '../boot.js'
import { type Config, ConfigError, loadConfig } from '../config.js'
import type { AnswerContext } from '../core/answer/context.js'
import { asOfFromIsoDay } from '../core/summary/as-of.js'
import { type OutgoingCheckIn, planCheckIns } from '../core/summary/check-in-schedule.js'
import { currentReminder, nextReminderRun, outOfYear, ScheduleError } from '../core/summary/reminder-schedule.js'
import { formatTime } from '../core/time.js'
import { runTool } from './run-tool.js'

/**
 * `npm run remind -- --dry-run [--as-of YYYY-MM-DD]`: prints every message the reminder schedule
 * would send now: the 催报 once per configured channel (BOT_REMIND_CHANNELS), each clerk's check-in
 * (or the nudge, when it is due) with its recipient, and the leaders' digest. It never sends or
 * records anything: the chat doors (Slack, WeChat, WeCom, DingTalk) send while they run, because
 * only they hold a live connection. A message already sent this period is shown as such (it would not go again).
 * Outside the plan year nothing would be sent, and it says so. Exit codes: 0 printed, 2 bad
 * arguments or configuration.
 */

const USAGE = `用法 (usage): npm run remind -- --dry-run [--as-of YYYY-MM-DD]
  --dry-run  打印现在会发送的催报、报送提醒和报送情况，不发送 / print what would be sent now, send nothing
  --as-of    按这一天结束时预览 / preview as at the end of that day (默认 default: now)`

const NOT_SENDING = `本命令不发送消息：催报和报送提醒由运行中的 Slack / 微信 / 企业微信 / 钉钉适配器按 BOT_REMIND_CRON 自动发送。
加 --dry-run 可预览现在会发送的内容。
(This command sends nothing: the running Slack/WeChat/WeCom/DingTalk doors send reminders and check-ins on
BOT_REMIND_CRON. Add --dry-run to preview what would be sent now.)`

function fail(message: string, usage = false): number {
  process.stderr.write(`${message}\n${usage ? `${USAGE}\n` : ''}`)
  return 2
}

/** The 催报 to each channel. */
async function reminderLines(context: AnswerContext, config: Config): Promise<string[]> {
  const reminder = await currentReminder(context)
  const body =
    reminder.text || `（${reminder.periodName}各牵头单位都已报送，不会发送催报 / every lead unit has reported; nothing would be sent）`
  const channels = config.BOT_REMIND_CHANNELS
  if (channels.length === 0)
    return [
      '# 未设置 BOT_REMIND_CHANNELS，适配器不会自动发送；以下仅为内容预览 (no channels configured: adapters send nothing; content preview)',
      body,
    ]
  return channels.flatMap((channel) => [`## → ${channel}`, body])
}

function checkInHeading(m: OutgoingCheckIn, tz: string): string {
  const to =
    m.to === 'direct'
      ? `## 私信 (DM) → ${m.binding.user}（${m.binding.userName ? `${m.binding.userName}，` : ''}${m.binding.unit}）`
      : `## 领导频道 (leaders) → ${m.channel}`
  return m.already ? `${to} — 本期已发送 ${formatTime(m.already.queuedAt, tz)}，不会重发 (already sent)` : to
}

/** Each check-in (or nudge) with its recipient, then the digest. */
async function checkInLines(context: AnswerContext, config: Config): Promise<string[]> {
  const tz = context.settings.timezone
  const settings = { cron: config.BOT_REMIND_CRON, nudgeDays: config.BOT_NUDGE_DAYS, leadersChannel: config.BOT_LEADERS_CHANNEL }
  const now = await planCheckIns(context, settings, null)
  const due = now.due
  const planned = now.round ? now : await planCheckIns(context, settings, null, 'check-in')
  const round = planned.round
  if (!round) return []
  const p = round.period
  const nudgeFrom = formatTime(new Date(p.end.getTime() - config.BOT_NUDGE_DAYS * 86_400_000).toISOString(), tz).slice(0, 10)
  const nudge = config.BOT_NUDGE_DAYS > 0 ? `再提醒 (nudge) ${nudgeFrom} 起` : '不再提醒 (BOT_NUDGE_DAYS=0: no nudge)'
  const when =
    due === 'nudge'
      ? '现在发送再提醒 (the nudge is due now)'
      : due
        ? '现在发送报送提醒 (the check-in is due now)'
        : '现在不在发送时间，以下为按现有数据的预览 (nothing is due now; preview)'
  const out = [`# 报送提醒 (check-ins): ${p.name}（${p.since} 至 ${p.until}），${nudge}；${when}`]
  if (!round.messages.length) out.push('（没有需要私信提醒的报送人 / no bound clerk has anything to report）')
  for (const m of planned.messages) out.push(checkInHeading(m, tz), m.text)
  if (!config.BOT_LEADERS_CHANNEL && round.digest)
    out.push('## 领导频道 (leaders): 未设置 BOT_LEADERS_CHANNEL，不发送；以下仅为内容预览 (not configured; preview)', round.digest.text)
  return out
}

async function main(): Promise<number> {
  let values: { 'dry-run'?: boolean; 'as-of'?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { 'dry-run': { type: 'boolean', short: 'n' }, 'as-of': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    return fail(`参数有误 (bad arguments): ${(error as Error).message}`, true)
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (!values['dry-run']) return fail(NOT_SENDING)
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(process.env, 'cli')
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message)
    throw error
  }
  const asOfDay = values['as-of']
  const runtime = await boot(config)
  try {
    const tz = runtime.context.settings.timezone
    const asOf = asOfDay === undefined ? runtime.context.now() : asOfFromIsoDay(asOfDay, runtime.context.now(), tz)
    if (!asOf) return fail(`--as-of 需要日期 YYYY-MM-DD，收到「${asOfDay}」 (--as-of needs a date YYYY-MM-DD, got '${asOfDay}')`, true)
    let next: Date | null
    try {
      next = nextReminderRun(config.BOT_REMIND_CRON, tz, asOf)
    } catch (error) {
      if (error instanceof ScheduleError) return fail(error.message)
      throw error
    }
    const schedule = next
      ? `计划 (schedule): ${config.BOT_REMIND_CRON}（${tz}），下次 (next) ${formatTime(next.toISOString(), tz)}`
      : '计划 (schedule): 未设置 BOT_REMIND_CRON，不会自动发送 (no schedule; nothing is sent automatically)'
    const out = [`# 预览，未发送 (dry run, nothing sent) — ${formatTime(asOf.toISOString(), tz)}`, `# ${schedule}`]
    // Every loaded plan: each in its year sends its own messages; the others send nothing.
    for (const entry of runtime.plans.plans) {
      const context: AnswerContext = { ...entry.value, now: () => asOf }
      if (runtime.plans.size > 1) out.push(`# ===== ${runtime.plans.label(entry)}（${entry.identity.file}）=====`)
      const notice = outOfYear(context)
      if (notice) out.push(`# ${notice}不发送催报、报送提醒或报送情况 (outside the plan year: nothing would be sent)`)
      else out.push(...(await reminderLines(context, config)), ...(await checkInLines(context, config)))
    }
    process.stdout.write(`${out.join('\n')}\n`)
    return 0
  } finally {
    await runtime.close()
  }
}

runTool(main, '催报预览')
