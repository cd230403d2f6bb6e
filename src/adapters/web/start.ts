import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Runtime } from '../../boot.js'
import { listenError } from '../../failure.js'
import { DEFAULT_WEB_PORT, dashboardBase, linkTtlMs, mayOpenDashboard } from './links.js'
import { dashboardHandler } from './server.js'
import { TokenSigner } from './token.js'

/**
 * Starts the read-only dashboard door on the runtime's plan and store. With BOT_WEB_SECRET it
 * listens on all interfaces (put it behind the bureau's HTTPS proxy) and accepts signed links from
 * the chat; without one it listens on 127.0.0.1 only and prints a local link with a one-time token,
 * the one place a token is ever written out (to the terminal, not the log).
 */

export interface WebDoorOptions {
  /** Overrides BOT_WEB_PORT (0 picks a free port: tests). */
  port?: number
  /** Overrides the listening address (tests pass 127.0.0.1). */
  host?: string
  /** Where the local one-time link goes; stderr by default. */
  print?: (line: string) => void
}

export interface WebDoor {
  server: Server
  /** http://host:port of the listening socket. */
  origin: string
  /** The one-time local link, when there is no secret. */
  localLink: string | null
  stop(): Promise<void>
}

export const LOCAL_USER = 'web:local'

export async function startWebAdapter(runtime: Runtime, options: WebDoorOptions = {}): Promise<WebDoor> {
  const { config, context, log } = runtime
  const secret = config.BOT_WEB_SECRET
  const allowed = mayOpenDashboard(config)
  const signer = new TokenSigner(secret, secret ? allowed : (user) => user === LOCAL_USER || allowed(user), context.now)
  const handler = dashboardHandler({
    source: context,
    plans:
      runtime.plans.size > 1
        ? [runtime.plans.default, ...runtime.plans.plans.filter((p) => p !== runtime.plans.default)].map((p) => ({
            key: p.identity.key,
            label: runtime.plans.label(p),
            source: p.value,
          }))
        : [],
    signer,
    log,
    sessionMs: linkTtlMs(config),
    secureCookie: dashboardBase(config).startsWith('https:'),
  })
  const server = createServer(handler)
  const host = options.host ?? (secret ? '0.0.0.0' : '127.0.0.1')
  const port = options.port ?? config.BOT_WEB_PORT ?? DEFAULT_WEB_PORT
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, port, 'BOT_WEB_PORT')))
    server.listen(port, host, () => resolve())
  })
  const actual = (server.address() as AddressInfo).port
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`
  let localLink: string | null = null
  if (!secret) {
    localLink = `http://127.0.0.1:${actual}/?t=${signer.issueOneTime(LOCAL_USER, linkTtlMs(config))}`
    ;(options.print ?? ((line) => process.stderr.write(`${line}\n`)))(
      `领导看板（仅本机，一次有效，${config.BOT_WEB_LINK_HOURS} 小时内打开）：${localLink}`,
    )
  }
  log.info('web: dashboard listening', { host, port: actual, signedLinks: Boolean(secret) })
  return {
    server,
    origin,
    localLink,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
