import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from '../../core/log.js'
import type { Plan } from '../../core/plan/types.js'
import { asOfFromIsoDay } from '../../core/summary/as-of.js'
import { type FactsStore, readFacts } from '../../core/summary/facts.js'
import { buildOverview } from '../../core/summary/overview.js'
import type { Period } from '../../core/time.js'
import { send, sendError, sendFile } from './headers.js'
import type { PageContext } from './layout.js'
import { listPage } from './pages/list.js'
import { overviewPage } from './pages/overview.js'
import { sectionPage } from './pages/section.js'
import { taskPage } from './pages/task.js'
import { unitPage } from './pages/unit.js'
import { matchRoute, redirectTarget } from './routes.js'
import { DASHBOARD_CSS } from './stylesheet.js'
import type { TokenSigner } from './token.js'

/**
 * The dashboard's request handler: access check, then one read-only page per route, or a stored
 * 佐证材料 file (/evidence/<id>). No business logic: every number comes from core/summary's
 * buildOverview over the facts the store holds (facts.ts), as in 「汇总」 and the 台账.
 *
 * Access: a link carries `?t=<token>` (signed, or one-time for the local link); a valid one is
 * swapped for an HttpOnly cookie holding a signed session and the browser is sent (303) to the same
 * page without the token, so tokens never stay in the address bar or history. Anything without a
 * valid token or cookie gets 401. Routes are matched exactly (routes.ts) and the redirect's target
 * is built from the matched route; nothing maps a path to a file, and a path that is no route is 404.
 * Logging names method, path and status only: never the query (tokens) nor cookies.
 */

export interface DashboardSource {
  plan: Plan
  store: FactsStore
  now: () => Date
  settings: { timezone: string; reportPeriod: Period; silentPeriods: number }
}

/** One loaded plan as the dashboard offers it (`?plan=<key>`); the first is shown without a choice. */
export interface DashboardPlan {
  key: string
  label: string
  source: DashboardSource
}

export interface DashboardOptions {
  /** The default plan. */
  source: DashboardSource
  /** Every loaded plan, default included, when there are several: the header links between them. */
  plans?: DashboardPlan[]
  signer: TokenSigner
  log: Logger
  /** Lifetime of the session cookie a link is exchanged for. */
  sessionMs: number
  /** Mark the cookie Secure (the public base is https). */
  secureCookie: boolean
}

export const SESSION_COOKIE = 'gzyd_dashboard'
const NOT_FOUND = '没有这个页面。'
const DENIED = '看板链接无效或已过期。请在聊天中发送「看板」获取新链接（仅限领导和管理员）。'

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}

export function dashboardHandler(opts: DashboardOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { source, signer, log } = opts
  return (req, res) => {
    const started = performance.now()
    // The request target is appended to a fixed origin rather than resolved against it, so `//host/…`
    // stays a path (of no route) instead of becoming another host.
    const target = req.url ?? '/'
    let url: URL
    try {
      url = new URL(target.startsWith('/') ? `http://dashboard.invalid${target}` : 'http://dashboard.invalid/400')
    } catch {
      url = new URL('http://dashboard.invalid/400')
    }
    res.on('finish', () =>
      log.info('web: request', {
        method: req.method,
        path: url.pathname,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      }),
    )
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, '只读看板，只接受 GET。', { Allow: 'GET, HEAD' })

    const route = matchRoute(url.pathname)
    const token = url.searchParams.get('t')
    if (token !== null) {
      const claims = signer.verify(token) ?? signer.redeem(token)
      if (!claims) return sendError(res, 401, DENIED)
      // The target is built from the route, never from the raw path: nothing can point off the site.
      if (!route) return sendError(res, 404, NOT_FOUND)
      const session = signer.sign(claims.user, Math.min(opts.sessionMs, claims.expires.getTime() - source.now().getTime()))
      const cookie = `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${Math.floor(opts.sessionMs / 1000)}${opts.secureCookie ? '; Secure' : ''}`
      return sendError(res, 303, '正在打开看板…', { Location: redirectTarget(route, url.searchParams), 'Set-Cookie': cookie })
    }
    if (!signer.verify(cookieOf(req, SESSION_COOKIE))) return sendError(res, 401, DENIED)
    if (!route) return sendError(res, 404, NOT_FOUND)
    if (route.kind === 'stylesheet') return send(res, 200, 'text/css; charset=utf-8', DASHBOARD_CSS)
    if (route.kind === 'evidence') return void sendEvidence(res, url, route.id, opts)
    void sendPage(res, url, opts)
  }
}

/**
 * A 佐证材料 file, to a signed-in leader only (this runs after the session check): the plan's own
 * files (`?plan=` chooses, as for pages), with the type checked when it was stored.
 */
async function sendEvidence(res: ServerResponse, url: URL, id: number, opts: DashboardOptions): Promise<void> {
  const key = url.searchParams.get('plan')
  const source = key === null ? opts.source : opts.plans?.find((p) => p.key === key)?.source
  try {
    const found = source ? await source.store.evidence.read(id) : null
    if (!found) return sendError(res, 404, '没有这份佐证材料。')
    sendFile(res, found.evidence.mime, found.evidence.name, found.bytes)
  } catch (error) {
    opts.log.error('web: evidence failed', { id, error })
    sendError(res, 500, '佐证材料暂时无法打开，请稍后再试。')
  }
}

/** Renders the page for `url` (a known route) and sends it (or 404). */
async function sendPage(res: ServerResponse, url: URL, opts: DashboardOptions): Promise<void> {
  let page: string | null | undefined
  try {
    page = await renderRoute(opts.source, url, opts.plans)
  } catch (error) {
    // A store that fails (its file removed) must cost one page, never the process.
    opts.log.error('web: page failed', { path: url.pathname, error })
    return sendError(res, 500, '看板暂时无法显示，请稍后再试；如持续出现，请管理员检查机器人的数据库文件（BOT_DB）。')
  }
  if (page === undefined) return sendError(res, 404, NOT_FOUND)
  if (page === null) return sendError(res, 404, '工作要点中没有这一项。')
  send(res, 200, 'text/html; charset=utf-8', page)
}

/**
 * The page for a URL: HTML, null for a task/section/unit the plan lacks (or a plan that is not
 * loaded), undefined for a path that is no page (routes.ts). `?plan=<key>` chooses among `plans`;
 * without it, `source`.
 */
export async function renderRoute(source: DashboardSource, url: URL, plans: DashboardPlan[] = []): Promise<string | null | undefined> {
  const route = matchRoute(url.pathname)
  if (!route || route.kind === 'stylesheet' || route.kind === 'evidence') return undefined
  const query = url.searchParams
  const key = query.get('plan')
  const chosen = key === null ? null : plans.find((p) => p.key === key)
  if (key !== null && !chosen) return null
  const ctx = await pageContext(chosen?.source ?? source, query.get('asof'), { plans, key })
  switch (route.kind) {
    case 'task':
      return taskPage(ctx, route.number)
    case 'section':
      return sectionPage(ctx, route.number)
    case 'unit':
      return unitPage(ctx, route.name)
    case 'list':
      return listPage(ctx, route.name)
    case 'overview':
      return overviewPage(ctx)
  }
}

export async function pageContext(
  source: DashboardSource,
  asof: string | null,
  choice: { plans: DashboardPlan[]; key: string | null } = { plans: [], key: null },
): Promise<PageContext> {
  const now = source.now()
  const { timezone, reportPeriod, silentPeriods } = source.settings
  // `asof=YYYY-MM-DD` → the end of that day in the bureau's zone, never later than now; null when absent or malformed.
  const chosen = asOfFromIsoDay(asof, now, timezone)
  const overview = buildOverview(source.plan, await readFacts(source.store), {
    now: chosen ?? now,
    timezone,
    period: reportPeriod,
    alertPeriods: silentPeriods,
  })
  const planQuery = choice.key === null ? '' : `plan=${encodeURIComponent(choice.key)}`
  const query = [planQuery, chosen && asof ? `asof=${asof}` : ''].filter(Boolean).join('&')
  const current = choice.key ?? choice.plans[0]?.key
  const plans = choice.plans.map((p, k) => ({
    label: p.label,
    path: k === 0 ? '/' : `/?plan=${encodeURIComponent(p.key)}`,
    current: p.key === current,
  }))
  return { overview, query, timezone, plans, planKey: choice.key }
}
