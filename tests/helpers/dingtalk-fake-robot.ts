/**
 * The robot side of the fake DingTalk (dingtalk-fake.ts routes these paths here): the token, robot
 * group and direct messages, file uploads and session webhooks, as the door calls them:
 *
 *   POST /v1.0/oauth2/accessToken {appKey, appSecret} → {accessToken, expireIn}
 *   POST /v1.0/robot/groupMessages/send, /v1.0/robot/oToMessages/batchSend (x-acs-dingtalk-access-token)
 *   POST /media/upload?access_token=…&type=file (multipart `media`) → {errcode: 0, media_id}
 *   POST /robot/sendBySession?session=… (a message's sessionWebhook) → {errcode: 0}
 *   POST /v1.0/robot/messageFiles/download {downloadCode, robotCode} (x-acs-dingtalk-access-token)
 *        → {downloadUrl}: a temporary link on `files` (DingTalk's OSS), for a picture or file users sent
 *
 * What was sent is recorded as people would see it (`shown`); every download-code exchange in `exchanges`.
 */
import { FakeFileHost, type HostOptions } from './fake-file-host.js'

/** A message the robot sent, as people would see it. */
export interface Shown {
  via: 'webhook' | 'api'
  /** The conversation (group cid, or `user:<staffId>` for an OpenAPI direct message). */
  chat: string
  content: string
  atUserIds: string[]
  file?: { name: string; bytes: Buffer }
}

export interface RobotRequest {
  path: string
  url: URL
  headers: Record<string, string | string[] | undefined>
  raw: Buffer
}

export type RobotAnswer = { status: number; body: unknown } | undefined

export class FakeRobotApi {
  readonly shown: Shown[] = []
  /** Where received pictures and files are downloaded from; started and closed with the fake. */
  readonly files = new FakeFileHost()
  /** The download codes the door exchanged, with the robotCode it named. */
  readonly exchanges: Array<{ downloadCode: string; robotCode: unknown }> = []
  private readonly received = new Map<string, { bytes: Buffer; options: HostOptions }>()
  private readonly sessions = new Map<string, { chat: string; expiresAt: number }>()
  private readonly media = new Map<string, { name: string; bytes: Buffer }>()
  private readonly token = 'token-1'
  private seq = 0

  constructor(private readonly app: () => { clientId: string; clientSecret: string }) {}

  /** A session webhook for a conversation, valid `ttlMs`. */
  session(chat: string, ttlMs: number): { id: string; expiresAt: number } {
    const id = `s-${++this.seq}`
    const expiresAt = Date.now() + ttlMs
    this.sessions.set(id, { chat, expiresAt })
    return { id, expiresAt }
  }

  /**
   * A picture or file a user sends the robot: returns the downloadCode its message carries. Each
   * exchange makes a fresh link (as DingTalk's are), hosted with `options` (name, status, chunked).
   */
  receivedFile(bytes: Buffer, options: HostOptions = {}): string {
    const code = `dc-${++this.seq}`
    this.received.set(code, { bytes, options })
    return code
  }

  /** Answers a robot path; undefined for any other path. */
  async handle({ path, url, headers, raw }: RobotRequest): Promise<RobotAnswer> {
    const json = () => JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>
    const ok = (body: unknown) => ({ status: 200, body })
    switch (path) {
      case '/v1.0/oauth2/accessToken': {
        const body = json()
        const app = this.app()
        if (body.appKey !== app.clientId || body.appSecret !== app.clientSecret)
          return { status: 400, body: { code: 'invalidClientSecret', message: 'wrong secret' } }
        return ok({ accessToken: this.token, expireIn: 7200 })
      }
      case '/v1.0/robot/groupMessages/send':
      case '/v1.0/robot/oToMessages/batchSend': {
        if (headers['x-acs-dingtalk-access-token'] !== this.token)
          return { status: 401, body: { code: 'InvalidAuthentication', message: 'token' } }
        const body = json()
        const param = JSON.parse(String(body.msgParam)) as Record<string, string>
        const chats = body.openConversationId ? [String(body.openConversationId)] : (body.userIds as string[]).map((u) => `user:${u}`)
        for (const chat of chats) {
          if (body.msgKey === 'sampleFile') {
            const file = this.media.get(param.mediaId ?? '')
            if (!file) return { status: 400, body: { code: 'invalidMediaId', message: 'no such media' } }
            this.shown.push({ via: 'api', chat, content: '', atUserIds: [], file: { ...file, name: param.fileName ?? file.name } })
          } else this.shown.push({ via: 'api', chat, content: param.content ?? '', atUserIds: [] })
        }
        return ok({ processQueryKey: `q${++this.seq}`, invalidStaffIdList: [], flowControlledStaffIdList: [] })
      }
      case '/media/upload': {
        if (url.searchParams.get('access_token') !== this.token) return ok({ errcode: 40014, errmsg: 'invalid access_token' })
        const request = new Request('http://127.0.0.1/', {
          method: 'POST',
          headers: { 'content-type': String(headers['content-type']) },
          body: raw,
        })
        const media = (await request.formData()).get('media')
        if (!(media instanceof File)) return ok({ errcode: 40004, errmsg: 'no media' })
        const id = `@media${++this.seq}`
        this.media.set(id, { name: media.name, bytes: Buffer.from(await media.arrayBuffer()) })
        return ok({ errcode: 0, errmsg: 'ok', media_id: id, type: 'file' })
      }
      case '/v1.0/robot/messageFiles/download': {
        if (headers['x-acs-dingtalk-access-token'] !== this.token)
          return { status: 401, body: { code: 'InvalidAuthentication', message: 'token' } }
        const body = json()
        this.exchanges.push({ downloadCode: String(body.downloadCode), robotCode: body.robotCode })
        const file = this.received.get(String(body.downloadCode))
        if (!file || body.robotCode !== this.app().clientId)
          return { status: 400, body: { code: 'invalidParameter.downloadCode', message: 'downloadCode is invalid' } }
        return ok({ downloadUrl: this.files.host(file.bytes, file.options) })
      }
      case '/robot/sendBySession': {
        const session = this.sessions.get(url.searchParams.get('session') ?? '')
        if (!session || session.expiresAt < Date.now()) return ok({ errcode: 300001, errmsg: 'session expired' })
        const body = json() as { text?: { content?: string }; at?: { atUserIds?: string[] } }
        this.shown.push({ via: 'webhook', chat: session.chat, content: body.text?.content ?? '', atUserIds: body.at?.atUserIds ?? [] })
        return ok({ errcode: 0, errmsg: 'ok' })
      }
      default:
        return undefined
    }
  }
}
