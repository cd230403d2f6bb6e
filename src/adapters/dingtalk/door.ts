import { type DWClientDownStream, TOPIC_ROBOT } from 'dingtalk-stream'
import type { Runtime } from '../../boot.js'
import { noticeKey } from '../../core/progress/door-keys.js'
import { routeConsole } from '../chat/console-route.js'
import { DurableOutbox } from '../chat/durable-outbox.js'
import { type DoorOutcome, InboxPipeline } from '../chat/inbox-pipeline.js'
import type { BackoffOptions } from '../chat/long-connection.js'
import { DingtalkApi } from './api.js'
import { DingtalkConnection } from './connection.js'
import { dingtalkFiles } from './files.js'
import { GatewayClient } from './gateway-client.js'
import { type DingtalkPlace, readRobotMessage, type StoredDelivery } from './read.js'
import { type DingtalkPart, type DingtalkTarget, renderDingtalkNotice, renderDingtalkReply } from './render.js'
import { dingtalkSender } from './send.js'

/**
 * The DingTalk door: dingtalk-stream's client on a Stream connection; each robot message goes
 * through the InboxPipeline and is acknowledged (`socketCallBackResponse`) only once it is in the
 * inbox: DingTalk sends an unacknowledged message again after about a minute, so a message the
 * door could not store comes back, and one it stored is never lost. While the door stops, messages
 * are not acknowledged (DingTalk delivers them again to the next connection). No business logic.
 */

export interface DingtalkDoorOptions {
  reconnect?: BackoffOptions
  /** WebSocket ping interval (default 20 s). */
  heartbeatMs?: number
  /** Pauses before retrying an unreachable DingTalk (tests shorten them). */
  retryPausesMs?: number[]
  /** Wait after a 429 without Retry-After. */
  rateLimitWaitMs?: number
  now?: () => Date
  onOutcome?: (outcome: DoorOutcome) => void
}

export interface DingtalkDoor {
  client: GatewayClient
  connection: DingtalkConnection
  /** Answers what the last run left, then connects. Rejects on refused credentials. */
  start(): Promise<void>
  /** Sends a notice through the OpenAPI and the outbox under `key`; rejects when DingTalk refused it. */
  notify(to: DingtalkTarget, text: string, key: string): Promise<void>
  /** Whether `notify` has written anything to the outbox under `key`, sent or not (notice-courier.ts). */
  queued(key: string): Promise<boolean>
  stop(): Promise<void>
}

export function createDingtalkDoor(runtime: Runtime, options: DingtalkDoorOptions = {}): DingtalkDoor {
  const { config, log } = runtime
  const now = options.now ?? (() => new Date())
  const clientId = config.DINGTALK_CLIENT_ID ?? ''
  const clientSecret = config.DINGTALK_CLIENT_SECRET ?? ''
  const client = new GatewayClient({
    clientId,
    clientSecret,
    endpointUrl: config.DINGTALK_ENDPOINT_URL,
    heartbeatMs: options.heartbeatMs ?? 20_000,
  })
  const connection = new DingtalkConnection(client, log, options.reconnect ? { reconnect: options.reconnect } : {})
  const api = new DingtalkApi({
    apiUrl: config.DINGTALK_API_URL,
    oapiUrl: config.DINGTALK_OAPI_URL,
    clientId,
    clientSecret,
    ...(options.rateLimitWaitMs !== undefined ? { rateLimitWaitMs: options.rateLimitWaitMs } : {}),
  })
  const outbox = new DurableOutbox<DingtalkPart>({
    delivery: runtime.store.delivery,
    intervalMs: config.BOT_SEND_INTERVAL_MS,
    send: dingtalkSender({
      api,
      log,
      now,
      timezone: config.BOT_TIMEZONE,
      dashboardLink: (user) => runtime.context.settings.dashboard?.link(user) ?? null,
      ...(options.retryPausesMs ? { retryPausesMs: options.retryPausesMs } : {}),
    }),
    now,
    log,
    label: 'dingtalk',
    door: 'dingtalk',
  })
  const pipeline = new InboxPipeline<DingtalkPlace, DingtalkPart>({
    runtime,
    label: 'dingtalk',
    read: (stored, context) =>
      readRobotMessage(stored, {
        ...context,
        corpId: config.DINGTALK_CORP_ID,
        files: (media, msgId) => dingtalkFiles(media, msgId, api, log),
      }),
    render: renderDingtalkReply,
    outbox,
    now,
    ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
  })

  let stopping = false
  async function onRobotMessage(frame: DWClientDownStream): Promise<void> {
    const messageId = frame.headers.messageId
    if (stopping) return // not acknowledged: DingTalk delivers it again to the next connection
    let data: unknown
    try {
      data = JSON.parse(frame.data)
    } catch {
      log.warn('dingtalk: a robot message that is not JSON; acknowledged and dropped', { messageId })
      client.socketCallBackResponse(messageId, { status: 'SUCCESS' })
      return
    }
    const stored: StoredDelivery = { streamMessageId: messageId, data }
    if (await pipeline.receive(stored)) client.socketCallBackResponse(messageId, { status: 'SUCCESS' })
  }
  client.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => {
    onRobotMessage(frame).catch((error: unknown) => log.error('dingtalk: a robot message failed', { error }))
  })

  const sends = new Set<Promise<unknown>>()
  const track = (work: Promise<unknown>) => {
    sends.add(work)
    void work.finally(() => sends.delete(work)).catch(() => {})
    return work
  }
  let releaseConsole: (() => void) | undefined
  let stopped: Promise<void> | undefined
  return {
    client,
    connection,
    async start() {
      releaseConsole = routeConsole(log, 'dingtalk sdk')
      const open = await runtime.store.delivery.openMessages('dingtalk')
      const replayed = await pipeline.replay(open)
      // Read before connecting, so no live reply is picked up twice.
      void track(
        outbox
          .resume()
          .then(() => outbox.send(replayed))
          .catch((error: unknown) => log.error('dingtalk: resending queued replies failed', { error })),
      )
      try {
        await connection.open()
      } catch (error) {
        releaseConsole()
        throw error
      }
      log.info('dingtalk: listening', { clientId, gateway: config.DINGTALK_ENDPOINT_URL })
    },
    async notify(to, text, key) {
      const entries = await outbox.queue(noticeKey('dingtalk', key), renderDingtalkNotice(to, text))
      if (!(await track(outbox.send(entries)))) throw new Error('dingtalk: could not send a notice')
    },
    queued: (key) => runtime.store.delivery.queued(noticeKey('dingtalk', key)),
    stop() {
      stopped ??= (async () => {
        stopping = true
        await connection.close()
        await pipeline.settle()
        await Promise.all([outbox.drain(), ...sends])
        releaseConsole?.()
        log.info('dingtalk: stopped')
      })()
      return stopped
    },
  }
}
