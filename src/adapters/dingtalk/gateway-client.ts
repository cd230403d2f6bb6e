import { DWClient, type DWClientDownStream, TOPIC_ROBOT } from 'dingtalk-stream'
import type WebSocket from 'ws'

/**
 * dingtalk-stream's DWClient with what the published SDK lacks, changed only where it must be:
 *
 * - `getEndpoint()` posts to DINGTALK_ENDPOINT_URL (the SDK hard-codes DingTalk's public gateway),
 *   with fetch, and says why the gateway refused (GatewayRefused carries the HTTP status);
 * - it subscribes to the robot topic only (the SDK's default adds every EVENT);
 * - its own reconnect (a fixed 1 s, forever, silent) and keep-alive (an interval never cleared
 *   after a drop) are off: DingtalkConnection reconnects with backoff and names the cause, and
 *   `_connect` adds a ping/pong heartbeat that lives and dies with its socket;
 * - `closed` is emitted when a socket closes, saying whether the gateway asked for it (SYSTEM
 *   `disconnect`, sent before maintenance or rebalancing).
 *
 * Frames are still read and answered by the SDK: SYSTEM pings echoed, callbacks emitted by topic,
 * acknowledgements sent by `socketCallBackResponse`. The SDK writes to console; the door routes the
 * console to the log while it runs (console-route.ts).
 */

export interface GatewaySettings {
  clientId: string
  clientSecret: string
  endpointUrl: string
  /** Heartbeat: a WebSocket ping every this many ms; no pong by the next one ends the socket. */
  heartbeatMs: number
}

export class GatewayRefused extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`the gateway answered HTTP ${status}: ${detail}`)
    this.name = 'GatewayRefused'
  }
}

export interface ClosedSocket {
  code: number
  reason: string
  /** The gateway sent SYSTEM `disconnect` first. */
  asked: boolean
}

/** Private fields of DWClient this subclass sets or reads (the SDK declares them private). */
interface DWClientInternals {
  dw_url?: string
  socket?: WebSocket
}

export class GatewayClient extends DWClient {
  private askedToDisconnect = false

  constructor(private readonly settings: GatewaySettings) {
    const options = {
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      ua: 'gzyd-bot',
      keepAlive: false,
      autoReconnect: false,
      subscriptions: [{ type: 'CALLBACK', topic: TOPIC_ROBOT }],
    }
    super(options)
  }

  override async getEndpoint(): Promise<this> {
    const { clientId, clientSecret, endpointUrl } = this.settings
    const res = await fetch(endpointUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ clientId, clientSecret, ua: this.config.ua, subscriptions: this.config.subscriptions }),
      signal: AbortSignal.timeout(15_000),
    })
    const text = await res.text()
    if (!res.ok) throw new GatewayRefused(res.status, text.slice(0, 300))
    const { endpoint, ticket } = JSON.parse(text) as { endpoint?: string; ticket?: string }
    if (!endpoint || !ticket) throw new GatewayRefused(res.status, `no endpoint or ticket in ${text.slice(0, 300)}`)
    ;(this as unknown as DWClientInternals).dw_url = `${endpoint}?ticket=${ticket}`
    return this
  }

  override async _connect(): Promise<void> {
    this.askedToDisconnect = false
    await super._connect()
    const socket = (this as unknown as DWClientInternals).socket
    if (!socket) return
    let alive = true
    socket.on('pong', () => {
      alive = true
    })
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate()
      alive = false
      socket.ping()
    }, this.settings.heartbeatMs)
    socket.once('close', (code: number, reason: Buffer) => {
      clearInterval(heartbeat)
      const closed: ClosedSocket = { code, reason: reason.toString(), asked: this.askedToDisconnect }
      this.emit('closed', closed)
    })
  }

  override onSystem(downstream: DWClientDownStream): void {
    if (downstream.headers.topic === 'disconnect') this.askedToDisconnect = true
    super.onSystem(downstream)
  }
}
