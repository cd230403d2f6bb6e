import { terminalBanner } from './adapters/cli/banner.js'
import { runTerminalChat } from './adapters/cli/terminal-chat.js'
import { terminalUser } from './adapters/cli/terminal-user.js'
import { boot } from './boot.js'
import { AdapterName, ConfigError, loadConfig } from './config.js'
import { keepServingOnRejection, reportFailure } from './failure.js'

/**
 * `npm start` (terminal), `npm run start:slack`, `npm run start:wechat`. Composition only:
 * config → runtime → adapter; SIGTERM/SIGINT drain the adapter and close the database.
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
  // In Chinese, naming what to fix; the stack only in the log at debug level.
  reportFailure(error, '启动')
  process.exit(1)
})
