import type { Config } from '../../config.js'
import type { DashboardLinks } from '../../core/answer/context.js'
import { TokenSigner } from './token.js'

/** Port of the web door when `--adapter web` runs without BOT_WEB_PORT. */
export const DEFAULT_WEB_PORT = 8080
const HOUR_MS = 3_600_000

/** Who may hold a dashboard token: admins and leaders, as configured now. */
export function mayOpenDashboard(config: Pick<Config, 'BOT_ADMINS' | 'BOT_LEADERS'>): (user: string) => boolean {
  return (user) => config.BOT_ADMINS.includes(user) || config.BOT_LEADERS.includes(user)
}

/** The base links start with: BOT_WEB_URL, else http://127.0.0.1:BOT_WEB_PORT; no trailing slash. */
export function dashboardBase(config: Pick<Config, 'BOT_WEB_URL' | 'BOT_WEB_PORT'>, port?: number): string {
  return (config.BOT_WEB_URL ?? `http://127.0.0.1:${port ?? config.BOT_WEB_PORT ?? DEFAULT_WEB_PORT}`).replace(/\/+$/, '')
}

export function linkTtlMs(config: Pick<Config, 'BOT_WEB_LINK_HOURS'>): number {
  return config.BOT_WEB_LINK_HOURS * HOUR_MS
}

/**
 * Signed links for chat replies, or undefined without BOT_WEB_SECRET (then only the local one-time
 * link printed by the web door opens the dashboard). Signing needs only the secret, so a chat door
 * in another process makes links the web door accepts.
 */
export function dashboardLinks(config: Config, now: () => Date = () => new Date()): DashboardLinks | undefined {
  if (!config.BOT_WEB_SECRET) return undefined
  const signer = new TokenSigner(config.BOT_WEB_SECRET, mayOpenDashboard(config), now)
  const base = dashboardBase(config)
  const ttl = linkTtlMs(config)
  return { link: (user) => (mayOpenDashboard(config)(user) ? `${base}/?t=${signer.sign(user, ttl)}` : null) }
}
