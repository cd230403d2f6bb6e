import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { boot, type Runtime } from '../../src/boot.js'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/core/log.js'
import type { BotReply, IncomingMessage } from '../../src/core/message.js'

/**
 * Runtimes for the WeChat tests: the real `boot()` on a temporary database, with the bot wrapped so
 * a test can see what the adapter handed to the core (`seen`) and what was logged (`logged`).
 */

export interface RecordingRuntime extends Runtime {
  /** The booted runtime underneath, for asking the core directly. */
  inner: Runtime
  seen: IncomingMessage[]
  /** What the core answered, in the order of `seen`. */
  answers: BotReply[]
  logged: string[]
  env: Record<string, string>
}

type Handle = (message: IncomingMessage, inner: (m: IncomingMessage) => Promise<BotReply>) => Promise<BotReply>

const TEST_ENV = { BOT_BINDING_POLICY: 'open', BOT_SEND_INTERVAL_MS: '0', WECHAT_ROOMS: '', LOG_LEVEL: 'silent' }
const dirs: string[] = []

/** Boots a real runtime. With `base`, it opens the same database (a restart); otherwise a fresh one. */
export async function startRuntime(env: Record<string, string> = {}, base?: RecordingRuntime, handle?: Handle): Promise<RecordingRuntime> {
  if (base && (Object.keys(env).length > 0 || handle)) return variant(base, env, handle)
  const dir = base ? undefined : mkdtempSync(join(tmpdir(), 'gzyd-wechat-'))
  if (dir) dirs.push(dir)
  const fullEnv = {
    ...process.env,
    ...TEST_ENV,
    ...(base?.env ?? {}),
    ...(dir ? { BOT_DB: join(dir, 'bot.db') } : {}),
    ...env,
  } as Record<string, string>
  const logged: string[] = []
  const log = createLogger('debug', (line) => logged.push(line))
  const inner = await boot(loadConfig(fullEnv, 'wechat'), { log })
  return record(inner, fullEnv, logged, handle)
}

/** The same store and core under another configuration or bot behaviour (no second database connection). */
function variant(base: RecordingRuntime, env: Record<string, string>, handle?: Handle): RecordingRuntime {
  const fullEnv = { ...base.env, ...env }
  const logged: string[] = []
  const inner: Runtime = {
    ...base.inner,
    config: loadConfig(fullEnv, 'wechat'),
    log: createLogger('debug', (line) => logged.push(line)),
    async close() {},
  }
  return record(inner, fullEnv, logged, handle)
}

function record(inner: Runtime, env: Record<string, string>, logged: string[], handle?: Handle): RecordingRuntime {
  const seen: IncomingMessage[] = []
  const answers: BotReply[] = []
  const ask = (m: IncomingMessage) => inner.bot.handle(m)
  return {
    ...inner,
    close: () => inner.close(),
    inner,
    seen,
    answers,
    logged,
    env,
    bot: {
      async handle(message) {
        seen.push(message)
        const answer = await (handle ? handle(message, ask) : ask(message))
        answers.push(answer)
        return answer
      },
    },
  }
}

/** Removes the temporary databases (call after every runtime is closed). */
export function removeRuntimeDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}
