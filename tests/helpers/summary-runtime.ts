import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { boot, type Runtime } from '../../src/boot.js'
import { loadConfig } from '../../src/config.js'
import { silentLogger } from '../../src/core/log.js'
import type { BotReply } from '../../src/core/message.js'

/**
 * The real runtime (bundled plan in seeds/, SqliteStore in a temporary folder) on a clock the test
 * sets: `at(iso)` moves it, and everything the bot stores or computes uses it.
 */
export interface SummaryRuntime {
  runtime: Runtime
  dir: string
  exportDir: string
  /** Sets the clock (an ISO string with its offset, e.g. 2023-07-02T12:00:00+08:00). */
  at(iso: string): void
  now(): Date
  say(user: string, text: string, userName?: string): Promise<BotReply>
  close(): Promise<void>
}

export const ADMIN = 'cli:admin'

export async function startSummaryRuntime(iso: string, env: Record<string, string> = {}): Promise<SummaryRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'gzyd-summary-'))
  const exportDir = join(dir, 'exports')
  let clock = new Date(iso)
  const config = loadConfig({
    BOT_DB: join(dir, 'bot.db'),
    BOT_EXPORT_DIR: exportDir,
    BOT_BINDING_POLICY: 'open',
    BOT_ADMINS: ADMIN,
    LOG_LEVEL: 'silent',
    ...env,
  })
  const runtime = await boot(config, { now: () => clock, log: silentLogger })
  return {
    runtime,
    dir,
    exportDir,
    at: (next) => {
      clock = new Date(next)
    },
    now: () => clock,
    say: (user, text, userName) => runtime.bot.handle({ text, user, userName, platform: 'cli' }),
    close: async () => {
      await runtime.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
