/**
 * A fake Slack Web API on 127.0.0.1 for the adapter tests. It answers the methods the adapter uses
 * (auth.test, chat.postMessage, conversations.open (a DM channel `D<user>`), files.getUploadURLExternal + upload URL + files.completeUploadExternal,
 * apps.connections.open for Socket Mode, conversations.history and conversations.replies over the
 * messages it was sent, with their metadata when asked with include_all_metadata) and slash-command
 * response_urls (`/respond/…`), records every call in arrival order, and can answer a method once
 * with 429 + Retry-After or delay every answer of one (`delay`), as a slow network would.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const FAKE_IDENTITY = { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0TEAM', user: 'gzyd' } as const

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), `upload` for an upload URL, `respond` for a response_url. */
  method: string
  params: Record<string, unknown>
  /** HTTP status the fake answered with. */
  status: number
  /** For uploads: the bytes received. */
  bytes?: Buffer
}

export class FakeSlackApi {
  readonly calls: RecordedCall[] = []
  private server: Server | undefined
  private port = 0
  private readonly limited = new Map<string, number>()
  private readonly holding = new Set<string>()
  /** Calls received and never answered (see `holdNext`). */
  readonly held: Omit<RecordedCall, 'status'>[] = []
  private waiters: Array<() => void> = []
  private seq = 0
  private readonly delays = new Map<string, number>()
  private readonly hosted = new Map<string, { bytes: Buffer; type: string }>()

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res))
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
    return this
  }

  /** Base URL for SLACK_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`
  }

  /** The underlying server (the Socket Mode fake listens for upgrades on it). */
  get httpServer(): Server {
    if (!this.server) throw new Error('FakeSlackApi: not started')
    return this.server
  }

  /** A response_url for a slash command payload. */
  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/respond/${id}`
  }

  /**
   * Serves `bytes` as a shared file at a URL of this fake (what `url_private_download` names). Like
   * Slack, it gives the file only to a request carrying the bot token; anyone else gets the sign-in
   * page (HTML, status 200). Each download is recorded as method `file`.
   */
  hostFile(name: string, bytes: Buffer, type = 'application/octet-stream'): { id: string; url: string } {
    const id = `F${++this.seq}`
    this.hosted.set(id, { bytes, type })
    return { id, url: `http://127.0.0.1:${this.port}/files-pri/${id}/${encodeURIComponent(name)}` }
  }

  /** The next call of `method` gets 429 with `Retry-After: seconds`. */
  rateLimitOnce(method: string, seconds = 1): void {
    this.limited.set(method, seconds)
  }

  /** Every later call of `method` is answered after `ms` (the message counts as posted on arrival). */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms)
  }

  /** The next call of `method` is received but never answered, like a request lost in a crash. */
  holdNext(method: string): void {
    this.holding.add(method)
  }

  /** Successful calls of one method, in arrival order. */
  ok(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200)
  }

  /** Successful chat.postMessage calls (the messages that appeared in Slack). */
  get posts(): RecordedCall[] {
    return this.ok('chat.postMessage')
  }

  /** Resolves once `predicate` holds over the recorded calls. */
  async until(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!predicate(this.calls)) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`FakeSlackApi: condition not met; calls: ${JSON.stringify(this.calls.map((c) => c.method))}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  async close(): Promise<void> {
    const server = this.server
    if (!server) return
    // Connections first: a held request (holdNext) would otherwise keep close() waiting forever.
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req)
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    if (path.startsWith('/upload/')) return this.answer(res, { method: 'upload', params: { path }, bytes: body }, 'OK')
    if (path.startsWith('/files-pri/')) return this.serveFile(req, res, path)
    if (path.startsWith('/respond/'))
      return this.answer(res, { method: 'respond', params: { path, ...parseParams(req, body) } }, { ok: true })
    const method = path.replace(/^\/api\//, '')
    const params = parseParams(req, body)
    if (this.holding.delete(method)) {
      this.held.push({ method, params })
      for (const wake of this.waiters.splice(0)) wake()
      return
    }
    const retryAfter = this.limited.get(method)
    if (retryAfter !== undefined) {
      this.limited.delete(method)
      return this.answer(res, { method, params }, { ok: false, error: 'ratelimited' }, 429, { 'retry-after': String(retryAfter) })
    }
    const payload = this.reply(method, params)
    const wait = this.delays.get(method)
    if (wait) await new Promise((resolve) => setTimeout(resolve, wait))
    return this.answer(res, { method, params }, payload)
  }

  /** Messages posted so far (recorded when the post arrives, before it is answered), with their ts. */
  readonly messages: Array<Record<string, unknown> & { ts: string }> = []

  /** A channel's top-level messages (history) or one thread's (replies) since `oldest`, newest first. */
  private history(method: string, params: Record<string, unknown>): unknown[] {
    const oldest = Number(params.oldest ?? 0)
    const inThread = (m: Record<string, unknown>) =>
      method === 'conversations.replies' ? m.thread_ts === params.ts || m.ts === params.ts : m.thread_ts === undefined
    return this.messages
      .filter((m) => m.channel === params.channel && Number(m.ts) >= oldest && inThread(m))
      .map(({ metadata, ...m }) => (String(params.include_all_metadata) === 'true' && metadata ? { ...m, metadata } : m))
      .reverse()
  }

  private serveFile(req: IncomingMessage, res: ServerResponse, path: string): void {
    const file = this.hosted.get(path.split('/')[2] ?? '')
    const authorised = req.headers.authorization === 'Bearer xoxb-test-token'
    this.calls.push({ method: 'file', params: { path, authorised }, status: 200 })
    if (!file || !authorised) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end('<!doctype html><title>Slack</title><p>Sign in to continue</p>')
      return
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.bytes.length) })
    res.end(file.bytes)
  }

  private reply(method: string, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://test.slack.com/', team: 'Test', ...FAKE_IDENTITY }
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` }
      case 'chat.postMessage': {
        // A real-time ts (seconds.sequence), so history queries by `oldest` find it.
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`
        this.messages.push({ ...params, ts })
        return { ok: true, channel: params.channel, ts }
      }
      case 'conversations.history':
      case 'conversations.replies':
        return { ok: true, messages: this.history(method, params), has_more: false }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${params.users}` } }
      case 'files.getUploadURLExternal': {
        const id = `F${++this.seq}`
        return { ok: true, file_id: id, upload_url: `http://127.0.0.1:${this.port}/upload/${id}` }
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: params.files ?? [] }
      default:
        return { ok: false, error: 'unknown_method' }
    }
  }

  private answer(
    res: ServerResponse,
    call: Omit<RecordedCall, 'status'>,
    payload: unknown,
    status = 200,
    headers: Record<string, string> = {},
  ): void {
    this.calls.push({ ...call, status })
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload)
    res.writeHead(status, { 'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json', ...headers })
    res.end(text)
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Form bodies (the Web API client) and JSON bodies (response_url); JSON-looking form values decoded. */
function parseParams(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8')
  if ((req.headers['content-type'] ?? '').includes('application/json')) return text ? JSON.parse(text) : {}
  const out: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(text)) {
    out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value
  }
  return out
}
