import { parseArgs } from 'node:util'
import { boot } from '../boot.js'
import { ConfigError, loadConfig } from '../config.js'
import { currentReminder, nextReminderRun, ScheduleError } from '../core/summary/reminder-schedule.js'
import { formatTime } from '../core/time.js'
import { runTool } from './run-tool.js'

/**
 * `npm run remind -- --dry-run`: prints the 催报 message that would be sent now, once per configured
 * channel (BOT_REMIND_CHANNELS), or once when none is configured. It never sends anything: the
 * Slack and WeChat adapters post reminders themselves on BOT_REMIND_CRON while they run, because
 * only they hold a live connection. Exit codes: 0 printed, 2 bad arguments or configuration.
 */

const USAGE = `用法 (usage): npm run remind -- --dry-run
  --dry-run  打印现在会发送的催报消息，不发送 / print the reminder that would be sent now, send nothing`

const NOT_SENDING = `本命令不发送消息：催报由运行中的 Slack / 微信适配器按 BOT_REMIND_CRON 自动发送到 BOT_REMIND_CHANNELS。
加 --dry-run 可预览现在会发送的内容。
(This command sends nothing: the running Slack/WeChat adapters post reminders on BOT_REMIND_CRON to
BOT_REMIND_CHANNELS. Add --dry-run to preview what would be sent now.)`

function fail(message: string, usage = false): number {
  process.stderr.write(`${message}\n${usage ? `${USAGE}\n` : ''}`)
  return 2
}

async function main(): Promise<number> {
  let values: { 'dry-run'?: boolean; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { 'dry-run': { type: 'boolean', short: 'n' }, help: { type: 'boolean', short: 'h' } },
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
  const runtime = await boot(config)
  try {
    const now = runtime.context.now()
    const tz = runtime.context.settings.timezone
    let next: Date | null
    try {
      next = nextReminderRun(config.BOT_REMIND_CRON, tz, now)
    } catch (error) {
      if (error instanceof ScheduleError) return fail(error.message)
      throw error
    }
    const reminder = currentReminder(runtime.context)
    const schedule = next
      ? `计划 (schedule): ${config.BOT_REMIND_CRON}（${tz}），下次 (next) ${formatTime(next.toISOString(), tz)}`
      : '计划 (schedule): 未设置 BOT_REMIND_CRON，不会自动发送 (no schedule; nothing is sent automatically)'
    const out = [`# 预览，未发送 (dry run, nothing sent) — ${formatTime(now.toISOString(), tz)}`, `# ${schedule}`]
    const body =
      reminder.text || `（${reminder.periodName}各牵头单位都已报送，不会发送催报 / every lead unit has reported; nothing would be sent）`
    const channels = config.BOT_REMIND_CHANNELS
    if (channels.length === 0)
      out.push(
        '# 未设置 BOT_REMIND_CHANNELS，适配器不会自动发送；以下仅为内容预览 (no channels configured: adapters send nothing; content preview)',
        body,
      )
    else for (const channel of channels) out.push(`## → ${channel}`, body)
    process.stdout.write(`${out.join('\n')}\n`)
    return 0
  } finally {
    runtime.close()
  }
}

runTool(main, '催报预览失败 (remind failed)')
