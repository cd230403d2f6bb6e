/**
 * Requests exactly as Slack sends them: Events API envelopes (JSON) and slash commands (form),
 * signed with v0 HMAC-SHA256 over `v0:${timestamp}:${body}` with the signing secret.
 */
import { createHmac, randomUUID } from 'node:crypto'

export const SIGNING_SECRET = 'test-signing-secret-0123456789'

export interface SendOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number
  /** Sign with this secret instead (a wrong one makes a bad signature). */
  secret?: string
  /** Adds X-Slack-Retry-Num / X-Slack-Retry-Reason as Slack does on redelivery. */
  retryNum?: number
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: SendOptions = {},
): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': sign(options.secret ?? SIGNING_SECRET, timestamp, body),
  }
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum)
    headers['x-slack-retry-reason'] = 'http_timeout'
  }
  const res = await fetch(url, { method: 'POST', headers, body })
  return { status: res.status, text: await res.text() }
}

/** A Slack message timestamp (`seconds.micro`) for a time, default now. */
export function slackTs(date = new Date(), micro = Math.floor(Math.random() * 1e6)): string {
  return `${Math.floor(date.getTime() / 1000)}.${String(micro).padStart(6, '0')}`
}

export interface MessageEventInput {
  type?: 'message' | 'app_mention'
  text: string
  user?: string
  channel?: string
  channel_type?: 'channel' | 'group' | 'im' | 'mpim'
  ts?: string
  thread_ts?: string
  bot_id?: string
  subtype?: string
  /** Files shared with the message (subtype file_share), as Slack describes them. */
  files?: Record<string, unknown>[]
}

/** An `event_callback` envelope; returns the JSON body and the ids a test waits on. */
export function eventEnvelope(input: MessageEventInput, eventId = `Ev${randomUUID().slice(0, 8).toUpperCase()}`) {
  const ts = input.ts ?? slackTs()
  const type = input.type ?? 'message'
  const event = {
    type,
    channel: input.channel ?? 'C0GENERAL',
    ...(type === 'message' ? { channel_type: input.channel_type ?? 'channel' } : {}),
    text: input.text,
    ts,
    event_ts: ts,
    ...(input.user !== undefined ? { user: input.user } : input.bot_id ? {} : { user: 'U0ZHANG' }),
    ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
    ...(input.bot_id ? { bot_id: input.bot_id } : {}),
    ...(input.subtype ? { subtype: input.subtype } : {}),
    ...(input.files ? { files: input.files } : {}),
    ...(input.bot_id ? {} : { client_msg_id: randomUUID() }),
  }
  const body = {
    token: 'legacy-verification-token',
    team_id: 'T0TEAM',
    api_app_id: 'A0APP',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Number(ts)),
    authorizations: [{ team_id: 'T0TEAM', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  }
  return { body: JSON.stringify(body), eventId, ts, event }
}

export interface CommandInput {
  command: string
  text: string
  responseUrl: string
  user?: string
  channel?: string
}

/** A slash command form body. */
export function commandForm(input: CommandInput): { body: string; triggerId: string } {
  const triggerId = `${Date.now()}.${Math.floor(Math.random() * 1e9)}.trigger`
  const form = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0TEAM',
    team_domain: 'test',
    channel_id: input.channel ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: input.user ?? 'U0ZHANG',
    user_name: 'zhang',
    command: input.command,
    text: input.text,
    api_app_id: 'A0APP',
    response_url: input.responseUrl,
    trigger_id: triggerId,
  })
  return { body: form.toString(), triggerId }
}
