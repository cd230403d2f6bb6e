import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { boot, type Runtime } from '../../src/boot.js'
import { loadConfig } from '../../src/config.js'
import type { BotReply } from '../../src/core/message.js'

/** A real runtime over the bundled plan with its own temporary SQLite file. */
export async function testRuntime(
  env: Record<string, string> = {},
  now?: () => Date,
): Promise<Runtime & { dir: string; ask(text: string, user?: string): Promise<BotReply> }> {
  const dir = mkdtempSync(join(tmpdir(), 'gzyd-test-'))
  const config = loadConfig({ BOT_DB: join(dir, 'bot.db'), BOT_EXPORT_DIR: join(dir, 'exports'), LOG_LEVEL: 'silent', ...env }, 'cli')
  const runtime = await boot(config, { now })
  return {
    ...runtime,
    dir,
    ask: (text, user = 'tester') => runtime.bot.handle({ text, user, platform: 'cli' }),
    async close() {
      await runtime.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
