/**
 * A fake DingTalk on 127.0.0.1: the Stream gateway and the HTTP endpoints the DingTalk door calls,
 * speaking what dingtalk-stream and DingTalk's OpenAPI expect.
 *
 *   POST /v1.0/gateway/connections/open {clientId, clientSecret, ua, subscriptions} → {endpoint, ticket}
 *   WS   <endpoint>?ticket=…   server → client {specVersion, type: 'CALLBACK' | 'SYSTEM', headers: {messageId, topic, …}, data}
 *                              client → server {code: 200, headers: {messageId, contentType}, message: 'OK', data}
 *   and the robot OpenAPI, session webhooks, uploads and received files (dingtalk-fake-robot.ts)
 *
 * A callback the client does not acknowledge is pushed again after `redeliverMs` (DingTalk: about a
 * minute), to whichever connection is open. SYSTEM pings must be echoed. Tests can refuse the
 * credentials, drop the socket, ask for a reconnect (SYSTEM disconnect), refuse or rate-limit a
 * path once, and hold a request unanswered.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'
import { FakeRobotApi, type Shown } from './dingtalk-fake-robot.js'
import { Waiters } from './waiters.js'

export type { Shown }

export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get'

export interface Delivery {
  messageId: string
  data: Record<string, unknown>
  acks: number
  pushes: number
}

export class FakeDingtalk {
  readonly robot = new FakeRobotApi(() => this.app)
  readonly requests: Array<{ path: string; status: number; at: number }> = []
  readonly openings: Array<{ ok: boolean; subscriptions: unknown }> = []
  readonly deliveries = new Map<string, Delivery>()
  /** Milliseconds before an unacknowledged callback is pushed again. */
  redeliverMs = 60_000
  /** Milliseconds each send waits before DingTalk answers. */
  sendDelayMs = 0
  private readonly server: Server = createServer((req, res) => void this.route(req, res))
  private readonly wss = new WebSocketServer({ noServer: true })
  private socket: WebSocket | undefined
  private readonly tickets = new Set<string>()
  private readonly refusals = new Map<string, { status: number; body: unknown; headers?: Record<string, string> }>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly waiters = new Waiters('FakeDingtalk', () => `requests: ${this.requests.map((r) => r.path).join(', ')}`)
  private seq = 0

  constructor(private app: { clientId: string; clientSecret: string }) {
    this.server.on('upgrade', (req, socket, head) => {
      const ticket = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('ticket') ?? ''
      if (this.tickets.delete(ticket)) this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws))
      else socket.destroy()
    })
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    await this.robot.files.start()
    return this
  }

  get base(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  get online(): boolean {
    return this.socket?.readyState === 1
  }

  /** Pushes a robot message; returns its Stream messageId and msgId. */
  deliver(m: {
    staffId?: string
    nick?: string
    text?: string
    conversationId?: string
    group?: boolean
    inAtList?: boolean
    msgId?: string
    corpId?: string
    extra?: Record<string, unknown>
    webhookTtlMs?: number
  }) {
    const n = ++this.seq
    const group = m.group ?? m.conversationId !== undefined
    const conversationId = m.conversationId ?? `cidDM-${m.staffId ?? 'x'}`
    const { id: session, expiresAt } = this.robot.session(conversationId, m.webhookTtlMs ?? 90 * 60_000)
    const data = {
      conversationId,
      conversationType: group ? '2' : '1',
      ...(group ? { conversationTitle: '工作群', isInAtList: m.inAtList ?? true } : {}),
      chatbotCorpId: 'dingCORP',
      chatbotUserId: '$:LWCP_v1:$bot',
      msgId: m.msgId ?? `msg${n}`,
      senderNick: m.nick ?? m.staffId ?? 'someone',
      senderCorpId: m.corpId ?? 'dingCORP',
      senderId: `$:LWCP_v1:$${m.staffId ?? n}`,
      ...(m.staffId ? { senderStaffId: m.staffId } : {}),
      sessionWebhook: `${this.base}/robot/sendBySession?session=${session}`,
      sessionWebhookExpiredTime: expiresAt,
      createAt: Date.now(),
      robotCode: this.app.clientId,
      msgtype: 'text',
      text: { content: m.text ?? '' },
      ...m.extra,
    }
    const messageId = `stream-${n}-${randomUUID().slice(0, 6)}`
    this.deliveries.set(messageId, { messageId, data, acks: 0, pushes: 0 })
    this.push(messageId)
    return { messageId, msgId: data.msgId as string, conversationId }
  }

  /** The gateway asks the client to reconnect, then closes. */
  askToReconnect(): void {
    this.socket?.send(
      JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'disconnect', messageId: `sys-${++this.seq}` }, data: '{}' }),
    )
    const socket = this.socket
    this.later(() => socket?.close(1000, 'reconnect'), 30)
  }

  /** Sends a SYSTEM ping; resolves once the client echoed it. */
  async ping(): Promise<void> {
    const messageId = `ping-${++this.seq}`
    const echoed = new Promise<void>((resolve) => this.pings.set(messageId, resolve))
    this.socket?.send(
      JSON.stringify({
        specVersion: '1.0',
        type: 'SYSTEM',
        headers: { topic: 'ping', messageId, contentType: 'application/json' },
        data: '{"opaque":"x"}',
      }),
    )
    return echoed
  }
  private readonly pings = new Map<string, () => void>()

  drop(): void {
    this.socket?.terminate()
    this.socket = undefined
  }

  setSecret(secret: string): void {
    this.app = { ...this.app, clientSecret: secret }
  }

  /** The next request to `path` is answered with this status and body. */
  refuseNext(path: string, status: number, body: unknown, headers?: Record<string, string>): void {
    this.refusals.set(path, { status, body, ...(headers ? { headers } : {}) })
  }

  /** What the robot sent, in order. */
  get shown(): Shown[] {
    return this.robot.shown
  }

  visible(chat?: string): Shown[] {
    return this.shown.filter((s) => chat === undefined || s.chat === chat)
  }

  until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    return this.waiters.until(predicate, timeoutMs)
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t)
    for (const ws of this.wss.clients) ws.terminate()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
    await this.robot.files.close()
  }

  private push(messageId: string): void {
    const d = this.deliveries.get(messageId)
    if (!d || d.acks > 0) return
    if (this.online) {
      d.pushes++
      const headers = {
        appId: 'app',
        connectionId: 'c',
        contentType: 'application/json',
        messageId,
        time: String(Date.now()),
        topic: ROBOT_TOPIC,
      }
      this.socket?.send(JSON.stringify({ specVersion: '1.0', type: 'CALLBACK', headers, data: JSON.stringify(d.data) }))
    }
    this.later(() => this.push(messageId), this.redeliverMs)
  }

  private onSocket(ws: WebSocket): void {
    this.socket?.terminate()
    this.socket = ws
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { code?: number; headers?: { messageId?: string }; data?: string }
      const id = frame.headers?.messageId ?? ''
      const delivery = this.deliveries.get(id)
      if (delivery && frame.code === 200) delivery.acks++
      this.pings.get(id)?.()
      this.pings.delete(id)
      this.wake()
    })
    ws.on('close', () => this.wake())
    // Unacknowledged callbacks go to the new connection at once, as after a restart.
    for (const d of this.deliveries.values()) if (d.acks === 0) this.later(() => this.push(d.messageId), 10)
    this.wake()
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks)
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ path: url.pathname, status, at: Date.now() })
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
      this.wake()
    }
    const refusal = this.refusals.get(url.pathname)
    if (refusal) {
      this.refusals.delete(url.pathname)
      return answer(refusal.status, refusal.body, refusal.headers)
    }
    if (url.pathname !== '/v1.0/gateway/connections/open' && url.pathname !== '/v1.0/oauth2/accessToken' && this.sendDelayMs)
      await new Promise((resolve) => setTimeout(resolve, this.sendDelayMs))
    if (url.pathname === '/v1.0/gateway/connections/open') {
      const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>
      const ok = body.clientId === this.app.clientId && body.clientSecret === this.app.clientSecret
      this.openings.push({ ok, subscriptions: body.subscriptions })
      if (!ok) return answer(401, { code: 'Forbidden.AccessDenied', message: 'clientId or clientSecret is wrong' })
      const ticket = randomUUID()
      this.tickets.add(ticket)
      return answer(200, { endpoint: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/connect`, ticket })
    }
    const robot = await this.robot.handle({ path: url.pathname, url, headers: req.headers, raw })
    return robot ? answer(robot.status, robot.body) : answer(404, { code: 'NotFound', message: url.pathname })
  }

  private later(work: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      work()
    }, ms)
    this.timers.add(timer)
  }

  private wake(): void {
    this.waiters.wake()
  }
}
