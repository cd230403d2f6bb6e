/**
 * A fake DingTalk on 127.0.0.1: the Stream gateway and the HTTP endpoints the DingTalk door calls,
 * speaking what dingtalk-stream and DingTalk's OpenAPI expect.
 *
 *   POST /v1.0/gateway/connections/open {clientId, clientSecret, ua, subscriptions} → {endpoint, ticket}
 *   WS   <endpoint>?ticket=…   server → client {specVersion, type: 'CALLBACK' | 'SYSTEM', headers: {messageId, topic, …}, data}
 *                              client → server {code: 200, headers: {messageId, contentType}, message: 'OK', data}
 *   POST /v1.0/oauth2/accessToken {appKey, appSecret} → {accessToken, expireIn}
 *   POST /v1.0/robot/groupMessages/send, /v1.0/robot/oToMessages/batchSend (x-acs-dingtalk-access-token)
 *   POST /media/upload?access_token=…&type=file (multipart `media`) → {errcode: 0, media_id}
 *   POST /robot/sendBySession?session=… (a message's sessionWebhook) → {errcode: 0}
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
import { Waiters } from './waiters.js'

export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get'

/** A message the robot sent, as people would see it. */
export interface Shown {
  via: 'webhook' | 'api'
  /** The conversation (group cid, or `user:<staffId>` for an OpenAPI direct message). */
  chat: string
  content: string
  atUserIds: string[]
  file?: { name: string; bytes: Buffer }
}

export interface Delivery {
  messageId: string
  data: Record<string, unknown>
  acks: number
  pushes: number
}

export class FakeDingtalk {
  readonly shown: Shown[] = []
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
  private readonly sessions = new Map<string, { chat: string; expiresAt: number }>()
  private readonly media = new Map<string, { name: string; bytes: Buffer }>()
  private readonly refusals = new Map<string, { status: number; body: unknown; headers?: Record<string, string> }>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly waiters = new Waiters('FakeDingtalk', () => `requests: ${this.requests.map((r) => r.path).join(', ')}`)
  private seq = 0
  private token = 'token-1'

  constructor(private app: { clientId: string; clientSecret: string }) {
    this.server.on('upgrade', (req, socket, head) => {
      const ticket = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('ticket') ?? ''
      if (this.tickets.delete(ticket)) this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws))
      else socket.destroy()
    })
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
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
    const session = `s-${n}`
    const expiresAt = Date.now() + (m.webhookTtlMs ?? 90 * 60_000)
    this.sessions.set(session, { chat: conversationId, expiresAt })
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
    const json = () => JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>
    switch (url.pathname) {
      case '/v1.0/gateway/connections/open': {
        const body = json()
        const ok = body.clientId === this.app.clientId && body.clientSecret === this.app.clientSecret
        this.openings.push({ ok, subscriptions: body.subscriptions })
        if (!ok) return answer(401, { code: 'Forbidden.AccessDenied', message: 'clientId or clientSecret is wrong' })
        const ticket = randomUUID()
        this.tickets.add(ticket)
        return answer(200, { endpoint: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/connect`, ticket })
      }
      case '/v1.0/oauth2/accessToken': {
        const body = json()
        if (body.appKey !== this.app.clientId || body.appSecret !== this.app.clientSecret)
          return answer(400, { code: 'invalidClientSecret', message: 'wrong secret' })
        return answer(200, { accessToken: this.token, expireIn: 7200 })
      }
      case '/v1.0/robot/groupMessages/send':
      case '/v1.0/robot/oToMessages/batchSend': {
        if (req.headers['x-acs-dingtalk-access-token'] !== this.token)
          return answer(401, { code: 'InvalidAuthentication', message: 'token' })
        const body = json()
        const param = JSON.parse(String(body.msgParam)) as Record<string, string>
        const chats = body.openConversationId ? [String(body.openConversationId)] : (body.userIds as string[]).map((u) => `user:${u}`)
        for (const chat of chats) {
          if (body.msgKey === 'sampleFile') {
            const file = this.media.get(param.mediaId ?? '')
            if (!file) return answer(400, { code: 'invalidMediaId', message: 'no such media' })
            this.shown.push({ via: 'api', chat, content: '', atUserIds: [], file: { ...file, name: param.fileName ?? file.name } })
          } else this.shown.push({ via: 'api', chat, content: param.content ?? '', atUserIds: [] })
        }
        return answer(200, { processQueryKey: `q${++this.seq}`, invalidStaffIdList: [], flowControlledStaffIdList: [] })
      }
      case '/media/upload': {
        if (url.searchParams.get('access_token') !== this.token) return answer(200, { errcode: 40014, errmsg: 'invalid access_token' })
        const form = await new Request('http://127.0.0.1/', {
          method: 'POST',
          headers: { 'content-type': String(req.headers['content-type']) },
          body: raw,
        }).formData()
        const media = form.get('media')
        if (!(media instanceof File)) return answer(200, { errcode: 40004, errmsg: 'no media' })
        const id = `@media${++this.seq}`
        this.media.set(id, { name: media.name, bytes: Buffer.from(await media.arrayBuffer()) })
        return answer(200, { errcode: 0, errmsg: 'ok', media_id: id, type: 'file' })
      }
      case '/robot/sendBySession': {
        const session = this.sessions.get(url.searchParams.get('session') ?? '')
        if (!session || session.expiresAt < Date.now()) return answer(200, { errcode: 300001, errmsg: 'session expired' })
        const body = json() as { text?: { content?: string }; at?: { atUserIds?: string[] } }
        this.shown.push({ via: 'webhook', chat: session.chat, content: body.text?.content ?? '', atUserIds: body.at?.atUserIds ?? [] })
        return answer(200, { errcode: 0, errmsg: 'ok' })
      }
      default:
        return answer(404, { code: 'NotFound', message: url.pathname })
    }
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
