import { startAsLeader } from './adapters/chat/leader-door.js'
import { terminalBanner } from './adapters/cli/banner.js'
import { runTerminalChat } from './adapters/cli/terminal-chat.js'
import { terminalUser } from './adapters/cli/terminal-user.js'
import { boot, type Runtime } from './boot.js'
import { AdapterName, ConfigError, loadConfig } from './config.js'
import { keepServingOnRejection, reportFailure } from './failure.js'

/**
 * `npm start` (terminal), `npm run start:slack`, `start:wechat`, `start:wecom`, `start:dingtalk`,
 * `start:web`. Composition only: config → runtime → adapter; SIGTERM/SIGINT drain the adapter and
 * close the database.
 */

function adapterFromArgs(argv: string[]): AdapterName {
  const i = argv.indexOf('--adapter')
  const name = AdapterName.safeParse(i >= 0 ? argv[i + 1] : 'cli')
  if (!name.success) throw new ConfigError(`--adapter 只能是 ${AdapterName.options.join('、')}（收到「${argv[i + 1] ?? ''}」）`)
  return name.data
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
      banner: terminalBanner(runtime, runtime.context.now()),
    })
    await web?.stop()
    await runtime.close()
    return
  }
  keepServingOnRejection(runtime.log)
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
  // In Chinese, naming what to fix; the stack only in the log at debug level.
  reportFailure(error, '启动')
  process.exit(1)
})
