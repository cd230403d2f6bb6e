import { z } from 'zod'
import { DoorSettings, requireDoorSettings } from './config-doors.js'
import { describeIssues } from './config-messages.js'
import { parseGroupMembers } from './core/plan/group-members.js'
import { DEFAULT_READ_LIMITS, type ReadLimits } from './core/plan/read/limits.js'
import { unsupportedStoreUrl } from './core/progress/store-target.js'
import { DEFAULT_NUDGE_DAYS } from './core/summary/check-ins.js'
import { nextReminderRun } from './core/summary/reminder-schedule.js'

/**
 * The whole environment the bot reads, as one zod schema. `loadConfig` fails fast with a message
 * naming every missing or bad variable, in Chinese (zod's Chinese locale and our own messages, see
 * config-messages.ts); nothing else in the code reads `process.env` for settings.
 */

// Every zod message in the process in Chinese: the operators of a bureau read them.
z.config(z.locales.zhCN())

const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(/[,，\s]+/)
      .map((x) => x.trim())
      .filter(Boolean),
  )

const MB = 1024 * 1024

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)

export const AdapterName = z.enum(['cli', 'slack', 'wechat', 'wecom', 'dingtalk', 'web'])
export type AdapterName = z.infer<typeof AdapterName>

export const Config = z
  .object({
    adapter: AdapterName.default('cli'),
    /** Relative paths are taken from the current folder; unset ones default inside the project. */
    BOT_SEEDS: z.string().min(1).optional(),
    /** A SQLite file (default data/bot.db) or a PostgreSQL URL (postgres://…) for several instances. */
    BOT_DB: z
      .string()
      .min(1)
      .optional()
      .superRefine((value, ctx) => {
        const refused = value === undefined ? null : unsupportedStoreUrl(value)
        if (refused) ctx.addIssue({ code: 'custom', message: refused })
      }),
    BOT_INDEX_DIR: z.string().min(1).optional(),
    BOT_EXPORT_DIR: z.string().min(1).optional(),
    /**
     * The plan questions go to when they name none, with several plans in BOT_SEEDS: its year (2024),
     * key, title, file name or issuer. Default: the newest year.
     */
    BOT_DEFAULT_PLAN: z.string().trim().min(1).optional(),
    /** Rooms tied to a plan: `slack:C0123=2023,wechat:<room id>=津市局`; a room's questions (and 催报) go to its plan. */
    BOT_ROOM_PLANS: z
      .union([z.string(), z.record(z.string(), z.string())])
      .optional()
      .transform((s, ctx) => {
        // An already-read config (a record) passes through, so a parsed config can be loaded again.
        if (typeof s === 'object') return s
        const rooms: Record<string, string> = {}
        for (const pair of (s ?? '')
          .split(/[,，;；]/)
          .map((x) => x.trim())
          .filter(Boolean)) {
          const m = pair.match(/^((?:slack|wechat|wecom|dingtalk|cli|web):[^=]+)=(.+)$/)
          if (!m) {
            ctx.addIssue({ code: 'custom', message: `「${pair}」应写成 平台:房间=工作要点，例如 slack:C0123=2023` })
            continue
          }
          rooms[(m[1] as string).trim()] = (m[2] as string).trim()
        }
        return rooms
      }),
    /** User ids (as adapters namespace them, e.g. `slack:U123`) allowed to approve and log for anyone. */
    BOT_ADMINS: list,
    /** User ids of leaders: with admins, the only ones who get dashboard links and may export the 台账. */
    BOT_LEADERS: list,
    /** Port of the read-only dashboard (web door); set it to run the door beside a chat door. */
    BOT_WEB_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** HMAC key for signed dashboard links; without it the door listens on 127.0.0.1 with a one-time link. */
    BOT_WEB_SECRET: z.string().min(16, '至少要 16 个字符').optional(),
    /** Public base of dashboard links, default http://127.0.0.1:BOT_WEB_PORT. */
    BOT_WEB_URL: z.url().optional(),
    /** Hours a signed dashboard link stays valid. */
    BOT_WEB_LINK_HOURS: positiveInt(24),
    /** `open`: self-declared bindings; `approval`: an admin approves. Default: open in the terminal, approval in chats. */
    BOT_BINDING_POLICY: z.enum(['open', 'approval']).optional(),
    /**
     * Members of group words a plan uses (各县级局, 食品相关科室): who binds, reports and is reminded for
     * them. `各县级局=武陵区市场监督管理局|津市市场监督管理局;食品相关科室=食品生产科|食品抽检科` or JSON
     * {"各县级局": ["武陵区市场监督管理局"]}. Unset: the plan's units the word covers, and for county
     * words the bodies the closing paragraph names and any 区/县/市 bureau named as such.
     */
    BOT_GROUP_MEMBERS: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (!s?.trim()) return undefined
        try {
          return parseGroupMembers(s)
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message })
          return undefined
        }
      }),
    /** Reporting periods in a row without a report that put a task on the leaders' list (silence alone is never red). */
    BOT_SILENT_PERIODS: positiveInt(2),
    /** Largest 佐证材料 file (picture, PDF, office document) kept with a report, in MB. */
    BOT_EVIDENCE_MAX_MB: positiveInt(20),
    /** The reporting period used by 「哪些单位还没报送」 and reminders. */
    BOT_REPORT_PERIOD: z.enum(['week', 'month', 'quarter']).default('month'),
    BOT_TIMEZONE: z.string().default('Asia/Shanghai'),
    /** Cron expression for 催报 reminders (minute hour day month weekday); empty disables them. */
    BOT_REMIND_CRON: z.string().default('0 9 25 * *'),
    /** Channels (Slack) or room ids (WeChat) that receive reminders. */
    BOT_REMIND_CHANNELS: list,
    /** Days before the reporting period ends when clerks still missing get a second check-in; 0: none. */
    BOT_NUDGE_DAYS: z.coerce.number().int().min(0).default(DEFAULT_NUDGE_DAYS),
    /** Slack channel id or WeChat room (topic or id) for the leaders' digest of who has reported; unset: none. */
    BOT_LEADERS_CHANNEL: z.string().trim().min(1).optional(),
    /**
     * WeChat: messages older than this when they arrive are the backlog replayed after a login; of
     * those only progress reports, bindings and withdrawals are carried out. Slack never replays.
     */
    BOT_BACKLOG_SECONDS: positiveInt(120),
    /** A reply left unsent by a stopped run and sent more than this many minutes after it was queued says it is late. */
    BOT_LATE_REPLY_MINUTES: positiveInt(10),
    /**
     * Several instances: how often each one looks for the work of instances that are gone (messages
     * accepted and not answered, replies not sent) and tries to take over a long connection.
     */
    BOT_TAKEOVER_SECONDS: positiveInt(15),
    /** Minimum gap between two sends to the same room or channel. */
    BOT_SEND_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
    /** Limits of a plan file (src/core/plan/read/limits.ts): sizes in MB, then rows, cells, pages. */
    BOT_PLAN_MAX_MB: positiveInt(DEFAULT_READ_LIMITS.fileBytes / MB),
    BOT_PLAN_MAX_UNZIPPED_MB: positiveInt(DEFAULT_READ_LIMITS.unzippedBytes / MB),
    BOT_PLAN_MAX_ROWS: positiveInt(DEFAULT_READ_LIMITS.sheetRows),
    BOT_PLAN_MAX_CELLS: positiveInt(DEFAULT_READ_LIMITS.sheetCells),
    BOT_PLAN_MAX_PAGES: positiveInt(DEFAULT_READ_LIMITS.pdfPages),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', '不是机器人令牌（应以 xoxb- 开头）').optional(),
    SLACK_SIGNING_SECRET: z.string().optional(),
    SLACK_APP_TOKEN: z.string().startsWith('xapp-', '不是应用级令牌（应以 xapp- 开头）').optional(),
    SLACK_API_URL: z.url().optional(),
    SLACK_SLASH_COMMAND: z
      .string()
      .regex(/^\/[\w-]+$/, '格式不对')
      .default('/gzyd'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    WECHATY_PUPPET: z.string().default('wechaty-puppet-wechat4u'),
    WECHATY_PUPPET_SERVICE_TOKEN: z.string().optional(),
    /** Room topics or ids the bot answers in; empty means every room it is in. */
    WECHAT_ROOMS: list,
    ...DoorSettings,
  })
  .superRefine((c, ctx) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: c.BOT_TIMEZONE })
    } catch {
      ctx.addIssue({ code: 'custom', path: ['BOT_TIMEZONE'], message: `不认识的时区「${c.BOT_TIMEZONE}」` })
      return
    }
    try {
      nextReminderRun(c.BOT_REMIND_CRON, c.BOT_TIMEZONE, new Date())
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['BOT_REMIND_CRON'], message: `无法解读：${(error as Error).message}` })
    }
    if (c.adapter === 'slack') {
      if (!c.SLACK_BOT_TOKEN) ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: '运行 Slack 必须设置' })
      if (!c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN)
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_SIGNING_SECRET'],
          message: '请设置 SLACK_SIGNING_SECRET（HTTP 模式）或 SLACK_APP_TOKEN（Socket Mode，无需公网地址）',
        })
    }
    requireDoorSettings(c, ctx)
  })
export type Config = z.infer<typeof Config>

/** A setting that stops start-up; the message, in Chinese, names the variable and what to do. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(`配置有误：${message}`)
    this.name = 'ConfigError'
  }
}

/** Reads the environment (plus the chosen adapter) and throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, adapter: AdapterName = 'cli'): Config {
  const parsed = Config.safeParse({ ...env, adapter })
  if (!parsed.success)
    throw new ConfigError(`请修改以下环境变量（或 .env / systemd 单元里的设置）后重新启动：\n${describeIssues(parsed.error.issues, env)}`)
  return parsed.data
}

/** The plan-file limits in force (settings in MB become bytes). */
export function readLimits(config: Config): ReadLimits {
  return {
    ...DEFAULT_READ_LIMITS,
    fileBytes: config.BOT_PLAN_MAX_MB * MB,
    unzippedBytes: config.BOT_PLAN_MAX_UNZIPPED_MB * MB,
    sheetRows: config.BOT_PLAN_MAX_ROWS,
    sheetCells: config.BOT_PLAN_MAX_CELLS,
    pdfPages: config.BOT_PLAN_MAX_PAGES,
  }
}

/** The binding policy in force: the explicit setting, else open in the terminal and approval in chats. */
export function bindingPolicy(config: Config): 'open' | 'approval' {
  return config.BOT_BINDING_POLICY ?? (config.adapter === 'cli' ? 'open' : 'approval')
}

/**
 * Settings that load but cannot work as meant, said once at start (boot logs each as a warning)
 * rather than discovered when the first user is left waiting.
 */
export function startupWarnings(config: Config): string[] {
  const warnings: string[] = []
  // The dashboard alone binds nobody: chat settings do not apply to it.
  if (config.adapter !== 'web' && bindingPolicy(config) === 'approval' && config.BOT_ADMINS.length === 0)
    warnings.push(
      'config: BOT_BINDING_POLICY 为 approval（需审批），但 BOT_ADMINS 为空：没有人能批准绑定，也就没有人能报送进度。' +
        '请设置 BOT_ADMINS（例如 slack:U123, wechat:wxid_abc, wecom:zhangsan, dingtalk:<staffId>, cli:<登录名>），或设 BOT_BINDING_POLICY=open',
    )
  return warnings
}
