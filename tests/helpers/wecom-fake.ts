/**
 * A fake WeCom 智能机器人 long-connection server on 127.0.0.1, speaking the frames the official SDK
 * sends and expects (@wecom/aibot-node-sdk, WsConnectionManager / WSClient):
 *
 *   client → server  {cmd: 'aibot_subscribe', headers: {req_id}, body: {bot_id, secret}}
 *                    {cmd: 'ping' | 'aibot_respond_msg' | 'aibot_send_msg' | 'aibot_upload_media_*', headers: {req_id}, body}
 *   server → client  {headers: {req_id}, errcode, errmsg, body?}            (the reply to each, same req_id)
 *                    {cmd: 'aibot_msg_callback', headers: {req_id}, body}   (a message to the bot)
 *                    {cmd: 'aibot_event_callback', headers: {req_id}, body: {event: {eventtype: 'disconnected_event'}}}
 *
 * One connection per bot, as WeCom allows: a second login of the same bot gets the first kicked
 * with a disconnected_event. An answer (aibot_respond_msg) must quote a callback's req_id within the
 * reply window; a stream message with an id seen before replaces that message (WeCom's stream
 * semantics), so `visible()` counts what a user would see. Uploads, and the encrypted media a
 * callback links to (served by `media`): wecom-fake-media.ts. Tests can drop the socket, delay or
 * refuse acks, and hold a frame unanswered.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'
import { FakeFileHost } from './fake-file-host.js'
import { Waiters } from './waiters.js'
import { FakeMediaUploads } from './wecom-fake-media.js'

export interface Frame {
  cmd?: string
  headers: { req_id: string }
  body?: Record<string, unknown>
  errcode?: number
  errmsg?: string
}

/** A message the bot sent, as a user would see it. */
export interface Visible {
  via: 'respond' | 'push'
  /** The group's chatid, or the user's id for a direct message. */
  chat: string
  msgtype: string
  content: string
  /** For files: the uploaded file's name and bytes. */
  file?: { name: string; bytes: Buffer }
  streamId?: string
}

export type Received = Frame & { at: number; answered?: number; answeredAt?: number }

interface Callback {
  botId: string
  chat: string
  at: number
}

export class FakeWecom {
  /** Every frame a client sent, in arrival order, when, and the errcode it was answered with and when. */
  readonly received: Received[] = []
  readonly logins: Array<{ botId: string; ok: boolean }> = []
  /** Where the media of callbacks are downloaded from (WeCom's own file storage). */
  readonly media = new FakeFileHost()
  private readonly visibleList: Visible[] = []
  private readonly server: Server = createServer()
  private readonly wss = new WebSocketServer({ server: this.server })
  private readonly sockets = new Map<string, WebSocket>()
  private readonly callbacks = new Map<string, Callback>()
  private readonly uploads = new FakeMediaUploads()
  private readonly refusals = new Map<string, { errcode: number; errmsg: string }>()
  private readonly holds = new Set<string>()
  private readonly waiters = new Waiters('FakeWecom', () => `frames: ${this.received.map((f) => f.cmd).join(', ')}`)
  private seq = 0
  /** Milliseconds each answer and push waits before it is acknowledged. */
  ackDelayMs = 0
  /** How long after a callback WeCom still takes an answer quoting it. */
  replyWindowMs = 6 * 60_000

  constructor(private readonly bots: Record<string, string>) {
    this.wss.on('connection', (ws) => this.onConnection(ws))
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    await this.media.start()
    return this
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  /** Whether a bot is logged in now. */
  online(botId: string): boolean {
    return this.sockets.get(botId)?.readyState === 1
  }

  /** Delivers a message callback to the bot; returns its req_id and msgid. */
  deliver(
    botId: string,
    m: { userid: string; text?: string; chatid?: string; msgid?: string; msgtype?: string; body?: Record<string, unknown> },
  ) {
    const socket = this.sockets.get(botId)
    if (!socket) throw new Error(`FakeWecom: ${botId} is not connected`)
    const reqId = `req-${++this.seq}-${randomUUID().slice(0, 8)}`
    const msgid = m.msgid ?? `msg-${this.seq}`
    const group = m.chatid !== undefined
    const body = {
      msgid,
      aibotid: botId,
      ...(group ? { chatid: m.chatid } : {}),
      chattype: group ? 'group' : 'single',
      from: { userid: m.userid },
      create_time: Math.floor(Date.now() / 1000),
      msgtype: m.msgtype ?? 'text',
      ...(m.text !== undefined ? { text: { content: m.text } } : {}),
      ...m.body,
    }
    this.callbacks.set(reqId, { botId, chat: group ? (m.chatid as string) : m.userid, at: Date.now() })
    socket.send(JSON.stringify({ cmd: 'aibot_msg_callback', headers: { req_id: reqId }, body }))
    return { reqId, msgid, body }
  }

  /** Sends the same callback frame again (a duplicate delivery). */
  redeliver(botId: string, reqId: string, body: Record<string, unknown>): void {
    this.sockets.get(botId)?.send(JSON.stringify({ cmd: 'aibot_msg_callback', headers: { req_id: reqId }, body }))
  }

  /** What WeCom does when another connection of the bot logs in: tells this one, then closes it. */
  kick(botId: string): void {
    const socket = this.sockets.get(botId)
    if (!socket) return
    const body = { msgid: `ev-${++this.seq}`, aibotid: botId, msgtype: 'event', create_time: 0, event: { eventtype: 'disconnected_event' } }
    socket.send(JSON.stringify({ cmd: 'aibot_event_callback', headers: { req_id: `ev-${this.seq}` }, body }))
    this.sockets.delete(botId)
    setTimeout(() => socket.close(1000, 'kicked'), 20)
  }

  /** The network fails: the socket is cut without a close frame. */
  drop(botId: string): void {
    this.sockets.get(botId)?.terminate()
    this.sockets.delete(botId)
  }

  /** Changes a bot's secret (the next login with the old one is refused). */
  setSecret(botId: string, secret: string): void {
    this.bots[botId] = secret
  }

  /** The next frame of `cmd` is answered with this error. */
  refuseNext(cmd: string, errcode: number, errmsg: string): void {
    this.refusals.set(cmd, { errcode, errmsg })
  }

  /** The next frame of `cmd` is carried out but never answered (its ack lost in a crash). */
  holdNext(cmd: string): void {
    this.holds.add(cmd)
  }

  /** Messages the bot made visible, in order (a repeated stream id replaces its message). */
  visible(chat?: string): Visible[] {
    return this.visibleList.filter((v) => chat === undefined || v.chat === chat)
  }

  /** Resolves once `predicate` holds (checked after every frame). */
  until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    return this.waiters.until(predicate, timeoutMs)
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate()
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
    await this.media.close()
  }

  private onConnection(ws: WebSocket): void {
    let botId: string | undefined
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame
      const record: Received = { ...frame, at: Date.now() }
      this.received.push(record)
      const answer = (errcode: number, errmsg = 'ok', body?: Record<string, unknown>) => {
        record.answered = errcode
        record.answeredAt = Date.now()
        ws.send(JSON.stringify({ headers: { req_id: frame.headers.req_id }, errcode, errmsg, ...(body ? { body } : {}) }))
        this.wake()
      }
      if (frame.cmd === 'aibot_subscribe') {
        const id = String(frame.body?.bot_id ?? '')
        const ok = this.bots[id] !== undefined && this.bots[id] === frame.body?.secret
        this.logins.push({ botId: id, ok })
        if (!ok) return answer(40001, 'invalid bot_id or secret')
        if (this.sockets.has(id)) this.kick(id)
        botId = id
        this.sockets.set(id, ws)
        return answer(0)
      }
      if (!botId) return answer(40002, 'not subscribed')
      if (frame.cmd === 'ping') return answer(0)
      const refusal = this.refusals.get(frame.cmd ?? '')
      if (refusal) {
        this.refusals.delete(frame.cmd ?? '')
        return answer(refusal.errcode, refusal.errmsg)
      }
      const outcome = this.handle(botId, frame)
      // Held: WeCom took the frame, but its answer is lost (the process is killed before it arrives).
      if (this.holds.delete(frame.cmd ?? '')) return this.wake()
      setTimeout(() => answer(outcome.errcode, outcome.errmsg, outcome.body), this.ackDelayMs)
    })
    ws.on('close', () => {
      if (botId && this.sockets.get(botId) === ws) this.sockets.delete(botId)
      this.wake()
    })
  }

  private handle(botId: string, frame: Frame): { errcode: number; errmsg: string; body?: Record<string, unknown> } {
    const body = frame.body ?? {}
    const ok = { errcode: 0, errmsg: 'ok' }
    switch (frame.cmd) {
      case 'aibot_respond_msg': {
        const callback = this.callbacks.get(frame.headers.req_id)
        if (!callback || callback.botId !== botId || Date.now() - callback.at > this.replyWindowMs)
          return { errcode: 846609, errmsg: 'req_id expired or unknown' }
        const stream = body.stream as { id: string; content: string; finish: boolean }
        this.show({ via: 'respond', chat: callback.chat, msgtype: 'stream', content: stream.content, streamId: stream.id })
        return ok
      }
      case 'aibot_send_msg': {
        const chat = String(body.chatid)
        if (body.msgtype === 'markdown')
          this.show({ via: 'push', chat, msgtype: 'markdown', content: (body.markdown as { content: string }).content })
        else if (body.msgtype === 'file') {
          const file = this.uploads.get((body.file as { media_id: string }).media_id)
          if (!file) return { errcode: 40007, errmsg: 'invalid media_id' }
          this.show({ via: 'push', chat, msgtype: 'file', content: '', file })
        } else return { errcode: 40008, errmsg: `unsupported msgtype ${String(body.msgtype)}` }
        return ok
      }
      default:
        return this.uploads.handle(frame.cmd, body) ?? { errcode: 40004, errmsg: `unknown cmd ${String(frame.cmd)}` }
    }
  }

  private show(v: Visible): void {
    const same = v.streamId ? this.visibleList.findIndex((x) => x.streamId === v.streamId) : -1
    if (same >= 0) this.visibleList[same] = v
    else this.visibleList.push(v)
  }

  private wake(): void {
    this.waiters.wake()
  }
}
