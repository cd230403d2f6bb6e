import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import type { Logger } from '../../core/log.js'
import { lateNote } from '../chat/durable-outbox.js'
import { type DingtalkApi, DingtalkRefused } from './api.js'
import type { DingtalkPart, DingtalkTarget } from './render.js'

/**
 * Sends one outbox part to DingTalk over HTTP. A reply goes through the message's session webhook
 * while it lasts (with a real @ of the asker in groups), else through the robot OpenAPI; a refused
 * webhook (expired early, revoked) falls back to the OpenAPI once. Files are uploaded, then sent as
 * a file message; if that fails the chat is told so, with a dashboard link for those who may have
 * one, never a server path.
 *
 * A request that never reached DingTalk (connection refused, name not resolved) is tried again
 * after a pause, a few times; one that may have reached it (a timeout, a reset) is not, since
 * DingTalk has no idempotency key and the message could appear twice: it fails and is logged.
 */

export interface DingtalkSendDeps {
  api: DingtalkApi
  log: Logger
  now: () => Date
  timezone: string
  dashboardLink?: (user: string) => string | null
  /** Pauses before the retries of an unreachable DingTalk (default 1, 2, 4, 8 s). */
  retryPausesMs?: number[]
}

/** A session webhook this close to its expiry is not used. */
const WEBHOOK_MARGIN_MS = 60_000
const UNREACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

function neverReached(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code
  return error instanceof TypeError && typeof code === 'string' && UNREACHED.has(code)
}

export function dingtalkSender(deps: DingtalkSendDeps): (part: DingtalkPart) => Promise<void> {
  const { api, log } = deps
  const pauses = deps.retryPausesMs ?? [1_000, 2_000, 4_000, 8_000]
  const retrying = async <T>(work: () => Promise<T>): Promise<T> => {
    for (let i = 0; ; i++) {
      try {
        return await work()
      } catch (error) {
        const pause = pauses[i]
        if (!neverReached(error) || pause === undefined) throw error
        log.warn(`dingtalk: DingTalk unreachable; trying again in ${pause / 1000} s`, { error })
        await new Promise((resolve) => setTimeout(resolve, pause))
      }
    }
  }

  const viaApi = (to: DingtalkTarget, msgKey: string, msgParam: Record<string, unknown>) => {
    if (to.group) return api.sendToGroup(to.conversationId, msgKey, msgParam)
    if (!to.staffId) throw new DingtalkRefused('direct message', 0, 'no staffId', 'this sender can only be answered within 90 minutes')
    return api.sendToUser(to.staffId, msgKey, msgParam)
  }

  const sendText = async (part: Extract<DingtalkPart, { kind: 'text' }>) => {
    const note = lateNote(part.sentAt, deps.now(), deps.timezone)
    const { webhook, mention } = part
    if (webhook && webhook.expiresAt - WEBHOOK_MARGIN_MS > deps.now().getTime()) {
      const at = mention?.staffId
      const content = `${note}${at ? `@${at} ` : mention?.nick ? `@${mention.nick} ` : ''}${part.text}`
      try {
        await retrying(() =>
          api.webhook(webhook.url, { msgtype: 'text', text: { content }, ...(at ? { at: { atUserIds: [at], isAtAll: false } } : {}) }),
        )
        return
      } catch (error) {
        if (!(error instanceof DingtalkRefused)) throw error
        log.info('dingtalk: the session webhook refused; sending through the OpenAPI', { error: error.message })
      }
    }
    const content = `${note}${mention?.nick ? `@${mention.nick} ` : ''}${part.text}`
    await retrying(() => viaApi(part.to, 'sampleText', { content }))
  }

  const sendFile = async (part: Extract<DingtalkPart, { kind: 'file' }>) => {
    try {
      const bytes = await readFile(part.path)
      const mediaId = await retrying(() => api.uploadFile(bytes, part.name))
      await retrying(() => viaApi(part.to, 'sampleFile', { mediaId, fileName: part.name, fileType: extname(part.name).slice(1) || 'file' }))
    } catch (error) {
      log.error('dingtalk: could not send a file; saying so instead', { file: part.name, error })
      const link = deps.dashboardLink?.(part.user)
      const text = `文件「${part.name}」已生成，但发送到钉钉失败。${link ? `可以在看板查看：${link}` : '请稍后再发「导出台账」，或联系管理员。'}`
      await retrying(() => viaApi(part.to, 'sampleText', { content: text }))
    }
  }

  return (part) => (part.kind === 'file' ? sendFile(part) : sendText(part))
}
