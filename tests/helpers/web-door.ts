import { startWebAdapter, type WebDoor } from '../../src/adapters/web/start.js'
import { ADMIN, type SummaryRuntime, startSummaryRuntime } from './summary-runtime.js'

/**
 * The real runtime (bundled plan, SQLite in a temp folder, fixed clock) with the web door on
 * 127.0.0.1 and a free port. `linkFor(user)` is the signed link the chat would give, pointed at
 * the door's actual port.
 */
export interface WebHarness {
  env: SummaryRuntime
  door: WebDoor
  printed: string[]
  linkFor(user: string): string
  close(): Promise<void>
}

export const LEADER = 'cli:director'
export const SECRET = 'test-secret-0123456789abcdef'

export async function startWebHarness(iso: string, env: Record<string, string> = {}): Promise<WebHarness> {
  const runtime = await startSummaryRuntime(iso, { BOT_WEB_SECRET: SECRET, BOT_LEADERS: LEADER, ...env })
  const printed: string[] = []
  const door = await startWebAdapter(runtime.runtime, { host: '127.0.0.1', port: 0, print: (line) => printed.push(line) })
  return {
    env: runtime,
    door,
    printed,
    linkFor(user) {
      const link = runtime.runtime.context.settings.dashboard?.link(user)
      if (!link) throw new Error(`no dashboard link for ${user}`)
      const url = new URL(link)
      return `${door.origin}${url.pathname}${url.search}`
    },
    async close() {
      await door.stop()
      await runtime.close()
    },
  }
}

export { ADMIN }
