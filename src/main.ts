import { startAsLeader } from './adapters/chat/leader-door.js'
import { runTerminalChat } from './adapters/cli/terminal-chat.js'
import { terminalUser } from './adapters/cli/terminal-user.js'
import { boot, type Runtime } from './boot.js'
import { AdapterName, ConfigError, loadConfig } from './config.js'
import { PgSchemaTooNewError } from './core/progress/pg-schema.js'
import { StoreFileError } from './core/progress/sqlite-open.js'
import { DatabaseTooNewError } from './core/progress/sqlite-schema.js'
import { StoreUnavailableError } from './core/progress/store.js'

/**
 * `npm start` (terminal), `npm run start:slack`, `start:wechat`, `start:wecom`, `start:dingtalk`,
 * `start:web`. Composition only: config → runtime → adapter; SIGTERM/SIGINT drain the adapter and
 * close the database.
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
  // Signals are caught before the door starts: a SIGTERM while it connects (and says it listens)
  // still drains and closes, instead of ending the process in the middle.
  let starting: Promise<{ stop(): Promise<void> } | null> = Promise.resolve(null)
  const shutdown = async (signal: string) => {
    runtime.log.info(`received ${signal}: draining and closing`)
    await (await starting.catch(() => null))?.stop()
    await web?.stop()
    await runtime.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
  if (adapter !== 'web') {
    starting = startChatDoor(adapter, runtime)
    await starting
  }
}

/** Each chat door is imported only when chosen, so one door's SDK never loads for another. */
async function startChatDoor(adapter: Exclude<AdapterName, 'cli' | 'web'>, runtime: Runtime): Promise<{ stop(): Promise<void> }> {
  switch (adapter) {
    case 'slack':
      return (await import('./adapters/slack/start.js')).startSlackAdapter(runtime)
    // A login or long connection the platform allows once per bot runs on one elected instance.
    case 'wechat':
      return (await import('./adapters/wechat/start.js')).startWechatLeader(runtime)
    case 'wecom': {
      const { startWecomAdapter } = await import('./adapters/wecom/start.js')
      return startAsLeader(runtime, 'wecom', () => startWecomAdapter(runtime))
    }
    case 'dingtalk': {
      const { startDingtalkAdapter } = await import('./adapters/dingtalk/start.js')
      return startAsLeader(runtime, 'dingtalk', () => startDingtalkAdapter(runtime))
    }
  }
}

async function startWeb(runtime: Runtime): Promise<{ stop(): Promise<void> }> {
  const { startWebAdapter } = await import('./adapters/web/start.js')
  return startWebAdapter(runtime)
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
