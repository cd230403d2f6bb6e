import type { BotReply } from '../message.js'
import type { AnswerContext, Answerer } from './context.js'
import { audit, isAdmin } from './identity.js'

/**
 * Who sees the leaders' views: users in BOT_LEADERS and admins. They get dashboard links and may
 * export the 台账; anyone else gets neither, and no link ever appears in a reply to them.
 */

export function mayLead(ctx: AnswerContext, user: string): boolean {
  return isAdmin(ctx, user) || (ctx.settings.leaders ?? []).includes(user)
}

/** A signed dashboard link for a leader or admin, or null (anyone else, or no signing key). */
export function dashboardLink(ctx: AnswerContext, user: string): string | null {
  const url = mayLead(ctx, user) ? (ctx.settings.dashboard?.link(user) ?? null) : null
  // With several plans, the link opens the plan the question was about (the dashboard keeps `plan`).
  if (!url || !ctx.identity || !ctx.library || ctx.library.size <= 1 || ctx.library.default.value === ctx) return url
  return `${url}${url.includes('?') ? '&' : '?'}plan=${encodeURIComponent(ctx.identity.key)}`
}

export const LEADERS_ONLY = '这项功能仅对领导和管理员开放（BOT_LEADERS / BOT_ADMINS）。如需开通，请联系管理员。'

/** 「看板」: the link, with when it expires; a refusal for everyone else. Every request is audited. */
export const answerDashboard: Answerer = async (ctx, _routed, q) => {
  if (!mayLead(ctx, q.user)) {
    await audit(ctx, q, 'dashboard', false, 'not a leader or admin')
    return { intent: 'dashboard', reply: LEADERS_ONLY, tasks: [] }
  }
  const url = dashboardLink(ctx, q.user)
  await audit(ctx, q, 'dashboard', url !== null, url ? 'link issued' : 'no BOT_WEB_SECRET')
  if (!url)
    return {
      intent: 'dashboard',
      reply: '看板未配置签名链接（BOT_WEB_SECRET 未设置）：请在运行机器人的电脑上打开启动时打印的本机链接。',
      tasks: [],
    }
  return dashboardReply(url)
}

function dashboardReply(url: string): BotReply {
  return {
    intent: 'dashboard',
    reply: `领导看板：${url}\n（链接仅限本人使用，到期后请重新发送「看板」获取。）`,
    tasks: [],
    link: { url, label: '打开看板' },
  }
}
