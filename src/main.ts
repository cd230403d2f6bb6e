import { runTerminalChat } from './adapters/cli/terminal-chat.js'
import { terminalUser } from './adapters/cli/terminal-user.js'
import { boot } from './boot.js'
import { AdapterName, ConfigError, loadConfig } from './config.js'
import { PgSchemaTooNewError } from './core/progress/pg-schema.js'
import { StoreFileError } from './core/progress/sqlite-open.js'
import { DatabaseTooNewError } from './core/progress/sqlite-schema.js'
import { StoreUnavailableError } from './core/progress/store.js'

/**
 * `npm start` (terminal), `npm run start:slack`, `npm run start:wechat`. Composition only:
 * config → runtime → adapter; SIGTERM/SIGINT drain the adapter and close the database.
 */

function adapterFromArgs(argv: string[]): AdapterName {
  const i = argv.indexOf('--adapter')
  return AdapterName.parse(i >= 0 ? argv[i + 1] : 'cli')
}

async function main(): Promise<void> {
  const adapter = adapterFromArgs(process.argv.slice(2))
  const config = loadConfig(process.env, adapter)
  const runtime = await boot(config)
  if (adapter === 'cli') {
    const web = config.BOT_WEB_PORT !== undefined ? await startWeb(runtime) : null
    const { user, userName } = terminalUser()
    await runTerminalChat({
      bot: runtime.bot,
      input: process.stdin,
      output: process.stdout,
      user,
      userName,
      interactive: Boolean(process.stdin.isTTY),
      banner:
        runtime.plans.size > 1
          ? `工作要点助手 — ${runtime.plans.size} 份工作要点：${runtime.plans.listing()}；默认${runtime.plans.label(runtime.plans.default)}。输入问题，help 查看示例，Ctrl-D 退出。`
          : `工作要点助手 — 《${runtime.plan.title}》，${runtime.plan.tasks.length} 项任务。输入问题，help 查看示例，Ctrl-D 退出。`,
    })
    await web?.stop()
    await runtime.close()
    return
  }
  // The dashboard is its own door (--adapter web) or runs beside a chat door when BOT_WEB_PORT is set.
  const web = adapter === 'web' || config.BOT_WEB_PORT !== undefined ? await startWeb(runtime) : null
  const started = adapter === 'slack' ? await startSlack(runtime) : adapter === 'wechat' ? await startWechat(runtime) : null
  const shutdown = async (signal: string) => {
    runtime.log.info(`received ${signal}: draining and closing`)
    await started?.stop()
    await web?.stop()
    await runtime.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
}

async function startSlack(runtime: Awaited<ReturnType<typeof boot>>): Promise<{ stop(): Promise<void> }> {
  const { startSlackAdapter } = await import('./adapters/slack/start.js')
  return startSlackAdapter(runtime)
}

async function startWeb(runtime: Awaited<ReturnType<typeof boot>>): Promise<{ stop(): Promise<void> }> {
  const { startWebAdapter } = await import('./adapters/web/start.js')
  return startWebAdapter(runtime)
}

async function startWechat(runtime: Awaited<ReturnType<typeof boot>>): Promise<{ stop(): Promise<void> }> {
  const { startWechatLeader } = await import('./adapters/wechat/start.js')
  return startWechatLeader(runtime)
}

main().catch((error) => {
  // Errors that say what to do are printed as they are; anything else with its stack.
  const known =
    error instanceof ConfigError ||
    error instanceof StoreFileError ||
    error instanceof DatabaseTooNewError ||
    error instanceof PgSchemaTooNewError ||
    error instanceof StoreUnavailableError
  process.stderr.write(`${known ? error.message : ((error as Error).stack ?? String(error))}\n`)
  process.exit(1)
})
