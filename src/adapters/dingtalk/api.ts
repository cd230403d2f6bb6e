/**
 * The DingTalk HTTP calls the door makes, on the bases the settings give (DINGTALK_API_URL for the
 * OpenAPI and its token, DINGTALK_OAPI_URL for file uploads), so a 浙政钉-style private deployment
 * or a test fake is only a URL away. Node's fetch, no SDK: dingtalk-stream covers the connection
 * only, and hard-codes DingTalk's public token URL.
 *
 * - token: POST /v1.0/oauth2/accessToken {appKey, appSecret} → {accessToken, expireIn}, kept until a
 *   minute before it expires, fetched again once when a call answers 401;
 * - robot messages: POST /v1.0/robot/groupMessages/send (openConversationId) and
 *   /v1.0/robot/oToMessages/batchSend (staff ids), header x-acs-dingtalk-access-token;
 * - files: POST /media/upload?access_token=…&type=file (multipart `media`) → media_id;
 * - files received: POST /v1.0/robot/messageFiles/download {downloadCode, robotCode} → {downloadUrl}
 *   (a temporary link that needs no token; permission 企业内机器人发送消息权限, qyapi_robot_sendmsg);
 * - session webhooks: the URL each message carries, valid about 90 minutes, no token.
 *
 * A refusal (HTTP ≥ 400, or errcode ≠ 0) is a DingtalkRefused; a 429 is waited out (Retry-After)
 * up to twice, so a busy chat slows down rather than losing a reply.
 */

export class DingtalkRefused extends Error {
  constructor(
    what: string,
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(`dingtalk: ${what} refused: ${status ? `HTTP ${status} ` : ''}${code} ${detail}`.trim())
    this.name = 'DingtalkRefused'
  }
}

export interface DingtalkApiOptions {
  apiUrl: string
  oapiUrl: string
  clientId: string
  clientSecret: string
  /** Wait after a 429 without Retry-After (default 60 s; DingTalk's limit is per minute). */
  rateLimitWaitMs?: number
  now?: () => number
}

type Json = Record<string, unknown>

const TIMEOUT_MS = 15_000

export class DingtalkApi {
  private token: { value: string; expiresAt: number } | undefined

  constructor(private readonly o: DingtalkApiOptions) {}

  /** The robot's code: for an internal app's robot, its Client ID. */
  get robotCode(): string {
    return this.o.clientId
  }

  sendToGroup(openConversationId: string, msgKey: string, msgParam: Json): Promise<Json> {
    return this.authorised('group message', '/v1.0/robot/groupMessages/send', {
      robotCode: this.robotCode,
      openConversationId,
      msgKey,
      msgParam: JSON.stringify(msgParam),
    })
  }

  async sendToUser(staffId: string, msgKey: string, msgParam: Json): Promise<Json> {
    const answer = await this.authorised('direct message', '/v1.0/robot/oToMessages/batchSend', {
      robotCode: this.robotCode,
      userIds: [staffId],
      msgKey,
      msgParam: JSON.stringify(msgParam),
    })
    for (const [list, why] of [
      ['invalidStaffIdList', 'not a member the robot can reach'],
      ['flowControlledStaffIdList', 'rate-limited'],
    ] as const) {
      if ((answer[list] as unknown[] | undefined)?.includes(staffId))
        throw new DingtalkRefused('direct message', 200, list, `${staffId}: ${why}`)
    }
    return answer
  }

  /** Uploads a file for a file message; returns its media_id. */
  async uploadFile(bytes: Buffer, name: string): Promise<string> {
    const form = new FormData()
    form.append('media', new Blob([new Uint8Array(bytes)]), name)
    const call = async (token: string) =>
      this.call('file upload', `${this.o.oapiUrl.replace(/\/+$/, '')}/media/upload?access_token=${encodeURIComponent(token)}&type=file`, {
        method: 'POST',
        body: form,
      })
    const answer = await this.withToken(call)
    const mediaId = answer.media_id
    if (typeof mediaId !== 'string' || !mediaId) throw new DingtalkRefused('file upload', 200, 'no media_id', JSON.stringify(answer))
    return mediaId
  }

  /** The temporary download link of a picture or file a user sent the robot. */
  async downloadUrl(downloadCode: string): Promise<string> {
    const answer = await this.authorised('file download link', '/v1.0/robot/messageFiles/download', {
      downloadCode,
      robotCode: this.robotCode,
    })
    const url = answer.downloadUrl
    if (typeof url !== 'string' || !url) throw new DingtalkRefused('file download link', 200, 'no downloadUrl', JSON.stringify(answer))
    return url
  }

  /** Posts to a message's session webhook. */
  webhook(url: string, body: Json): Promise<Json> {
    return this.call('session webhook', url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  }

  private authorised(what: string, path: string, body: Json): Promise<Json> {
    return this.withToken((token) =>
      this.call(what, `${this.o.apiUrl.replace(/\/+$/, '')}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
        body: JSON.stringify(body),
      }),
    )
  }

  /** Runs `call` with the token; once more with a fresh token when DingTalk says it is no longer valid. */
  private async withToken(call: (token: string) => Promise<Json>): Promise<Json> {
    try {
      return await call(await this.accessToken())
    } catch (error) {
      if (!(error instanceof DingtalkRefused) || (error.status !== 401 && !/token/i.test(error.code))) throw error
      this.token = undefined
      return call(await this.accessToken())
    }
  }

  private async accessToken(): Promise<string> {
    const now = (this.o.now ?? Date.now)()
    if (this.token && this.token.expiresAt > now) return this.token.value
    const answer = await this.call('access token', `${this.o.apiUrl.replace(/\/+$/, '')}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: this.o.clientId, appSecret: this.o.clientSecret }),
    })
    const value = answer.accessToken
    if (typeof value !== 'string' || !value) throw new DingtalkRefused('access token', 200, 'no accessToken', '')
    const seconds = typeof answer.expireIn === 'number' ? answer.expireIn : 7200
    this.token = { value, expiresAt: now + Math.max(seconds - 60, 30) * 1000 }
    return value
  }

  private async call(what: string, url: string, init: RequestInit, attempt = 1): Promise<Json> {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) })
    const text = await res.text()
    let body: Json = {}
    try {
      body = text ? (JSON.parse(text) as Json) : {}
    } catch {
      body = { message: text.slice(0, 200) }
    }
    if (res.status === 429 && attempt < 3) {
      const seconds = Number(res.headers.get('retry-after'))
      await new Promise((resolve) =>
        setTimeout(resolve, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : (this.o.rateLimitWaitMs ?? 60_000)),
      )
      return this.call(what, url, init, attempt + 1)
    }
    if (res.status >= 400) throw new DingtalkRefused(what, res.status, String(body.code ?? ''), String(body.message ?? ''))
    if (typeof body.errcode === 'number' && body.errcode !== 0)
      throw new DingtalkRefused(what, 0, `errcode ${body.errcode}`, String(body.errmsg ?? ''))
    return body
  }
}
