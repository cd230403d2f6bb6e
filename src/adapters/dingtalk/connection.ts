import { ConfigError } from '../../config.js'
import type { Logger } from '../../core/log.js'
import {
  Backoff,
  type BackoffOptions,
  type DropCause,
  describeCause,
  type LongConnection,
  networkDetail,
  RECONNECT,
  ReadyGate,
  STABLE_MS,
} from '../chat/long-connection.js'
import { type ClosedSocket, type GatewayClient, GatewayRefused } from './gateway-client.js'

/**
 * The DingTalk Stream connection, kept up: open a ticket at the gateway (connections/open), connect
 * the WebSocket, and after any drop do both again on an exponential backoff, logging one line per
 * attempt with the cause. DingTalk lets several connections of one app share its messages, so no
 * connection is ever kicked; the gateway may ask for a reconnect (SYSTEM disconnect) before it
 * closes, which is logged as such.
 */

export interface DingtalkConnectionOptions {
  reconnect?: BackoffOptions
  now?: () => number
}

/** 400, 401 and 403 from connections/open: the Client ID or Secret (or the app's Stream setting) is wrong. */
function causeOf(error: unknown): DropCause {
  if (error instanceof GatewayRefused && [400, 401, 403].includes(error.status))
    return { kind: 'credentials', detail: `the gateway refused DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET (${error.message})` }
  if (error instanceof GatewayRefused) return { kind: 'network', detail: error.message }
  return { kind: 'network', detail: networkDetail(error) }
}

export class DingtalkConnection implements LongConnection {
  private readonly gate = new ReadyGate('dingtalk')
  private opened = false
  private connectedAt = 0
  private timer: NodeJS.Timeout | undefined
  private readonly backoff: Backoff
  private readonly now: () => number

  constructor(
    private readonly client: GatewayClient,
    private readonly log: Logger,
    options: DingtalkConnectionOptions = {},
  ) {
    this.backoff = new Backoff(options.reconnect ?? RECONNECT)
    this.now = options.now ?? Date.now
    client.on('closed', (closed: ClosedSocket) => this.onClosed(closed))
  }

  async open(): Promise<void> {
    if (this.opened) return this.ready()
    this.opened = true
    try {
      await this.attempt()
      this.log.info('dingtalk: connected')
    } catch (error) {
      const cause = causeOf(error)
      if (cause.kind === 'credentials') {
        await this.close()
        throw new ConfigError(
          `钉钉拒绝了应用凭证（${(error as Error).message}）。请核对 DINGTALK_CLIENT_ID 和 DINGTALK_CLIENT_SECRET（钉钉开放平台 → 应用开发 → 该应用 → 凭证与基础信息），并确认机器人的消息接收模式为 Stream 模式。`,
        )
      }
      this.log.warn('dingtalk: not connected yet; the door starts and keeps trying (check DINGTALK_ENDPOINT_URL and the network)')
      this.retry('connection failed', cause)
    }
  }

  ready(): Promise<void> {
    return this.gate.wait()
  }

  async close(): Promise<void> {
    if (this.gate.closed) return
    this.gate.close()
    clearTimeout(this.timer)
    if (this.opened) this.client.disconnect()
  }

  private async attempt(): Promise<void> {
    await this.client.getEndpoint()
    if (this.gate.closed) return
    await this.client._connect()
    if (this.gate.closed) return this.client.disconnect()
    this.connectedAt = this.now()
    this.gate.up()
  }

  private onClosed(closed: ClosedSocket): void {
    const wasUp = this.gate.connected
    this.gate.down()
    if (this.gate.closed || !wasUp) return
    if (this.now() - this.connectedAt > STABLE_MS) this.backoff.reset()
    const cause: DropCause = closed.asked
      ? { kind: 'server', detail: `SYSTEM disconnect, then close code ${closed.code}` }
      : { kind: 'network', detail: `the connection closed (code ${closed.code}${closed.reason ? ` ${closed.reason}` : ''})` }
    this.retry('connection lost', cause)
  }

  private retry(what: string, cause: DropCause): void {
    if (this.gate.closed) return
    const { delayMs, attempt } = this.backoff.next()
    this.log.warn(`dingtalk: ${what} (${describeCause(cause)}); reconnecting in ${delayMs / 1000} s (attempt ${attempt})`)
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.attempt().then(
        () => {
          if (!this.gate.closed) this.log.info('dingtalk: reconnected')
        },
        (error: unknown) => this.retry('reconnect failed', causeOf(error)),
      )
    }, delayMs)
  }
}
