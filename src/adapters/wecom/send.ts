import { readFile } from 'node:fs/promises'
import type { WSClient } from '@wecom/aibot-node-sdk'
import type { Logger } from '../../core/log.js'
import { lateNote, SendLater } from '../chat/durable-outbox.js'
import type { LongConnection } from '../chat/long-connection.js'
import { escapeMentions, type WecomPart } from './render.js'

/**
 * Sends one outbox part over the WeCom connection. Waits for the connection (a reply made during
 * a reconnect goes out after it); when the door stops first, the part stays queued (SendLater).
 *
 * What WeCom answers decides what happens next:
 * - the ack frame with errcode ≠ 0 is a refusal. A refused answer to a callback (its reply window
 *   has passed, e.g. after a restart) is pushed to the chat instead; any other refusal is final.
 * - the connection dropping mid-send, or no ack within the SDK's 5 s, leaves it unknown whether
 *   WeCom took the part: an answer to a callback is sent again after the reconnect (its stream id
 *   makes a repeat replace the first copy); a push is not repeated (it could appear twice), and is
 *   reported as failed.
 */

export interface WecomSendDeps {
  client: WSClient
  connection: LongConnection
  log: Logger
  now: () => Date
  timezone: string
  /** A signed dashboard link for a user who may have one, offered when a file cannot be sent. */
  dashboardLink?: (user: string) => string | null
  /** Attempts for an answer interrupted by the connection (default 3). */
  attempts?: number
}

/** The ack frame of a refused send (the SDK rejects with the frame itself, not an Error). */
export function refusal(error: unknown): { errcode: number; errmsg: string } | undefined {
  const e = error as { errcode?: unknown; errmsg?: unknown } | null
  return e && typeof e === 'object' && !(e instanceof Error) && typeof e.errcode === 'number'
    ? { errcode: e.errcode, errmsg: String(e.errmsg ?? '') }
    : undefined
}

/** Before trying again, so the socket's close event (and the reconnect) can come first. */
const RETRY_PAUSE_MS = 200
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The SDK's error for a frame it never wrote (no open socket). */
function notSent(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('WebSocket not connected')
}

export class WecomRefused extends Error {
  constructor(what: string, r: { errcode: number; errmsg: string }) {
    super(`wecom: ${what} refused: errcode ${r.errcode} ${r.errmsg}`)
    this.name = 'WecomRefused'
  }
}

export function wecomSender(deps: WecomSendDeps): (part: WecomPart) => Promise<void> {
  const { client, connection } = deps
  const waitForConnection = () =>
    connection.ready().catch(() => {
      throw new SendLater('wecom: the door stopped before this part was sent')
    })
  const push = async (chat: string, content: string): Promise<void> => {
    for (;;) {
      await waitForConnection()
      try {
        await client.sendMessage(chat, { msgtype: 'markdown', markdown: { content } })
        return
      } catch (error) {
        // Refused before it left (the socket is closing): safe to try again once the close is seen.
        if (notSent(error)) {
          await pause(RETRY_PAUSE_MS)
          continue
        }
        const r = refusal(error)
        throw r ? new WecomRefused(`push to ${chat}`, r) : error
      }
    }
  }

  const respond = async (part: Extract<WecomPart, { kind: 'respond' }>, content: string) => {
    const attempts = deps.attempts ?? 3
    for (let attempt = 1; ; attempt++) {
      await waitForConnection()
      try {
        await client.replyStream({ headers: { req_id: part.reqId } }, part.streamId, content, true)
        return
      } catch (error) {
        const r = refusal(error)
        if (r) {
          deps.log.info('wecom: the callback can no longer be answered; pushing the reply to the chat', { chat: part.chat, ...r })
          return push(part.chat, content)
        }
        if (attempt >= attempts) throw error
        deps.log.warn('wecom: an answer was interrupted; sending it again', { chat: part.chat, attempt, error })
        await pause(RETRY_PAUSE_MS)
      }
    }
  }

  const sendFile = async (part: Extract<WecomPart, { kind: 'file' }>) => {
    try {
      const bytes = await readFile(part.path)
      await waitForConnection()
      const uploaded = await client.uploadMedia(bytes, { type: 'file', filename: part.name })
      await client.sendMediaMessage(part.chat, 'file', uploaded.media_id)
    } catch (error) {
      if (error instanceof SendLater) throw error
      deps.log.error('wecom: could not send a file; saying so instead', { chat: part.chat, file: part.name, error })
      const link = deps.dashboardLink?.(part.user)
      const text = `文件「${part.name}」已生成，但发送到企业微信失败。${link ? `可以在看板查看：${link}` : '请稍后再发「导出台账」，或联系管理员。'}`
      await push(part.chat, escapeMentions(text))
    }
  }

  return async (part) => {
    if (part.kind === 'file') return sendFile(part)
    const content = lateNote(part.sentAt, deps.now(), deps.timezone) + part.content
    return part.kind === 'respond' ? respond(part, content) : push(part.chat, content)
  }
}
