import type { z } from 'zod'
import { redactUrl } from './core/progress/store-target.js'

/**
 * Configuration errors as an operator reads them: one line per setting, in Chinese, naming the
 * variable, the value given (never for a secret) and what a good value looks like. zod's own
 * message comes in Chinese too (`z.config(z.locales.zhCN())` in config.ts).
 */

/** What a good value of each setting looks like, said after zod's message. */
export const SETTING_HINTS: Record<string, string> = {
  BOT_SILENT_PERIODS: '应为正整数（报送周期数），例如 2',
  BOT_EVIDENCE_MAX_MB: '应为正整数（MB），例如 20',
  BOT_WEB_LINK_HOURS: '应为正整数（小时），例如 24',
  BOT_BACKLOG_SECONDS: '应为正整数（秒），例如 120',
  BOT_LATE_REPLY_MINUTES: '应为正整数（分钟），例如 10',
  BOT_NUDGE_DAYS: '应为 0 或正整数（天数），例如 3',
  BOT_SEND_INTERVAL_MS: '应为 0 或正整数（毫秒），例如 1000',
  BOT_PLAN_MAX_MB: '应为正整数（MB），例如 20',
  BOT_PLAN_MAX_UNZIPPED_MB: '应为正整数（MB），例如 30',
  BOT_PLAN_MAX_ROWS: '应为正整数，例如 20000',
  BOT_PLAN_MAX_CELLS: '应为正整数，例如 200000',
  BOT_PLAN_MAX_PAGES: '应为正整数，例如 500',
  BOT_WEB_PORT: '应为 1–65535 之间的端口号，例如 8080',
  PORT: '应为 1–65535 之间的端口号，例如 3000',
  BOT_REPORT_PERIOD: '可选 week（周）、month（月）、quarter（季度）',
  BOT_BINDING_POLICY: '可选 open（自行绑定）或 approval（管理员审批）',
  LOG_LEVEL: '可选 debug、info、warn、error、silent',
  BOT_TIMEZONE: '应为 IANA 时区名，例如 Asia/Shanghai',
  BOT_REMIND_CRON: '应为 cron 表达式（分 时 日 月 周），例如 0 9 25 * *；留空则不发提醒',
  BOT_WEB_URL: '应为完整网址，例如 https://kanban.example.gov.cn',
  SLACK_API_URL: '应为完整网址，例如 https://slack.com/api/',
  BOT_WEB_SECRET: '应为至少 16 个字符的随机字符串，例如用 openssl rand -hex 32 生成',
  SLACK_SLASH_COMMAND: '应以 / 开头，例如 /gzyd',
  SLACK_BOT_TOKEN: '在 Slack 应用后台 OAuth & Permissions 页复制 Bot User OAuth Token（xoxb- 开头）',
  SLACK_APP_TOKEN: '在 Slack 应用后台 Basic Information → App-Level Tokens 生成（xapp- 开头，权限 connections:write）',
  SLACK_SIGNING_SECRET: '在 Slack 应用后台 Basic Information 页复制 Signing Secret',
  BOT_DB: '应为 SQLite 数据库文件的路径，例如 /var/lib/gzyd/bot.db',
}

/** Settings whose value is a secret: never echoed in an error. */
const SECRETS = /TOKEN|SECRET|PASSWORD/

/** One line per issue: 「✖ BOT_SILENT_PERIODS（当前值 "soon"）：无效输入：期望 数字，实际接收 NaN。应为正整数（报送周期数），例如 2」. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], env: Record<string, unknown>): string {
  return issues
    .map((issue) => {
      const name = issue.path.map(String).join('.') || '配置'
      const value = env[name]
      // A URL's password is never shown (BOT_DB=mysql://user:password@host/db).
      const shown = typeof value === 'string' && !SECRETS.test(name) ? `（当前值 ${JSON.stringify(redactUrl(value))}）` : ''
      const hint = SETTING_HINTS[name]
      return `  ✖ ${name}${shown}：${issue.message.replace(/[。.]$/, '')}${hint ? `。${hint}` : ''}`
    })
    .join('\n')
}
