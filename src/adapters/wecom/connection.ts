import type { WSClient, WsFrame } from '@wecom/aibot-node-sdk'
import { ConfigError } from '../../config.js'
import type { Logger } from '../../core/log.js'
import {
  AFTER_KICK,
  Backoff,
  type BackoffOptions,
  type DropCause,
  describeCause,
  type LongConnection,
  networkDetail,
  ReadyGate,
  STABLE_MS,
} from '../chat/long-connection.js'

/**
 * The WeCom long connection, kept up. The SDK reconnects by itself with exponential backoff (1 s
 * doubling to 30 s) once it is built with unlimited attempts (`WECOM_SDK_RETRIES`); what it does
 * not do is come back after a `disconnected_event` (another connection of the same bot took over):
 * this class reconnects then too, on a slower backoff, since two copies fighting over one bot
 * should not flap every second. Every drop is logged once per attempt, naming the cause: the
 * credentials (the SDK's auth reply), a kick, or the network (the socket's error).
 */

/** Unlimited SDK retries (its defaults give up after 10 drops or 5 refused logins). */
export const WECOM_SDK_RETRIES = { maxReconnectAttempts: -1, maxAuthFailureAttempts: -1 } as const
/** The SDK's own cap on its reconnect delay. */
const SDK_MAX_DELAY_MS = 30_000

export interface WecomConnectionOptions {
  /** The SDK's reconnectInterval (its first delay), to say when the next attempt comes. */
  reconnectBaseMs: number
  /** Pacing after a kick. */
  afterKick?: BackoffOptions
  now?: () => number
}

export class WecomConnection implements LongConnection {
  private readonly gate = new ReadyGate('wecom')
  private opened = false
  private connectedAt = 0
  private cause: DropCause | undefined
  private kickTimer: NodeJS.Timeout | undefined
  private readonly kicks: Backoff
  private first: { resolve: () => void; reject: (e: Error) => void } | undefined
  private readonly now: () => number

  constructor(
    private readonly client: WSClient,
    private readonly log: Logger,
    private readonly options: WecomConnectionOptions,
  ) {
    this.kicks = new Backoff(options.afterKick ?? AFTER_KICK)
    this.now = options.now ?? Date.now
    client.on('authenticated', () => this.onAuthenticated())
    client.on('error', (error: Error) => this.onError(error))
    client.on('event.disconnected_event', (_frame: WsFrame) => {
      this.cause = { kind: 'kicked', detail: 'WeCom closed this connection because another one of WECOM_BOT_ID logged in' }
    })
    client.on('disconnected', (reason: string) => this.onDisconnected(reason))
    client.on('reconnecting', (attempt: number) => this.onReconnecting(attempt))
  }

  open(): Promise<void> {
    if (this.opened) return this.ready()
    this.opened = true
    return new Promise<void>((resolve, reject) => {
      this.first = { resolve, reject }
      this.client.connect()
    })
  }

  ready(): Promise<void> {
    return this.gate.wait()
  }

  async close(): Promise<void> {
    if (this.gate.closed) return
    this.gate.close()
    clearTimeout(this.kickTimer)
    if (this.opened) this.client.disconnect()
    this.first?.resolve()
    this.first = undefined
  }

  private onAuthenticated(): void {
    if (this.gate.closed) return
    const reconnected = this.cause !== undefined
    this.connectedAt = this.now()
    this.cause = undefined
    this.log.info(reconnected ? 'wecom: reconnected' : 'wecom: connected')
    this.first?.resolve()
    this.first = undefined
    this.gate.up()
  }

  private onError(error: Error): void {
    // The SDK's give-up errors cannot occur with unlimited retries; anything else says why we are down.
    if (/^Authentication failed/.test(error.message)) {
      this.cause = { kind: 'credentials', detail: `WeCom refused WECOM_BOT_ID / WECOM_BOT_SECRET (${error.message})` }
      if (this.first) {
        const reject = this.first.reject
        this.first = undefined
        void this.close().then(() =>
          reject(
            new ConfigError(
              `企业微信拒绝了机器人凭证（${error.message}）。请核对 WECOM_BOT_ID 和 WECOM_BOT_SECRET：企业微信管理后台 → 应用管理 → 智能机器人 → API 模式（长连接）。`,
            ),
          ),
        )
      }
    } else if (this.cause?.kind !== 'kicked') this.cause = { kind: 'network', detail: networkDetail(error) }
  }

  private onDisconnected(reason: string): void {
    const wasUp = this.gate.connected
    this.gate.down()
    if (this.gate.closed) return
    this.cause ??= { kind: 'network', detail: `the connection closed (${reason})` }
    if (this.cause.kind !== 'kicked') return // the SDK reconnects; onReconnecting logs it
    if (wasUp && this.now() - this.connectedAt > STABLE_MS) this.kicks.reset()
    const { delayMs, attempt } = this.kicks.next()
    this.log.warn(`wecom: connection lost (${describeCause(this.cause)}); reconnecting in ${delayMs / 1000} s (attempt ${attempt})`)
    clearTimeout(this.kickTimer)
    this.kickTimer = setTimeout(() => {
      if (!this.gate.closed) this.client.connect()
    }, delayMs)
  }

  private onReconnecting(attempt: number): void {
    if (this.gate.closed) return
    const cause = this.cause ?? { kind: 'network', detail: 'the connection closed' }
    const delayMs = Math.min(this.options.reconnectBaseMs * 2 ** (attempt - 1), SDK_MAX_DELAY_MS)
    this.log.warn(`wecom: connection lost (${describeCause(cause)}); reconnecting in ${delayMs / 1000} s (attempt ${attempt})`)
    // A network failure before the first login: start-up goes on, the SDK keeps trying.
    if (this.first && cause.kind === 'network') {
      this.log.warn('wecom: not connected yet; the door starts and keeps trying (check WECOM_WS_URL and the network)')
      this.first.resolve()
      this.first = undefined
    }
  }
}
