import { format } from 'node:util'
import { type Logger as SdkLogger, WSClient, type WsFrame } from '@wecom/aibot-node-sdk'
import type { Runtime } from '../../boot.js'
import type { Logger } from '../../core/log.js'
import { noticeKey } from '../../core/progress/door-keys.js'
import { DurableOutbox } from '../chat/durable-outbox.js'
import { type DoorOutcome, InboxPipeline } from '../chat/inbox-pipeline.js'
import type { BackoffOptions } from '../chat/long-connection.js'
import { WECOM_SDK_RETRIES, WecomConnection } from './connection.js'
import { wecomFiles } from './files.js'
import { readWecomFrame, type WecomPlace } from './read.js'
import { renderWecomNotice, renderWecomReply, type WecomPart } from './render.js'
import { wecomSender } from './send.js'

/**
 * The WeCom door: the official SDK's WSClient on the bot's long connection; each message callback
 * goes through the InboxPipeline (stored, deduplicated, answered by `runtime.bot.handle`) and each
 * reply through the durable outbox. WeCom has no acknowledgement for callbacks and does not send
 * them again, so a message is stored the moment it arrives; while the door stops, arrivals are
 * stored and answered at the next start. Pictures and files reach the core as IncomingFiles
 * (files.ts), downloaded only if the core keeps them. No business logic here.
 */

export interface WecomDoorOptions {
  /** The SDK's first reconnect delay (default 1 s; tests shorten it). */
  reconnectBaseMs?: number
  /** Pacing after being kicked by another connection of the same bot. */
  afterKick?: BackoffOptions
  /** The SDK's heartbeat interval (default 30 s). */
  heartbeatMs?: number
  now?: () => Date
  /** How long stop() waits for queued sends before it disconnects (default 10 s); the rest goes at the next start. */
  stopWaitMs?: number
  /** Called once per message with what became of it (tests wait on it). */
  onOutcome?: (outcome: DoorOutcome) => void
}

export interface WecomDoor {
  client: WSClient
  connection: WecomConnection
  /** Answers what the last run left, then connects. Rejects on refused credentials. */
  start(): Promise<void>
  /**
   * Pushes a notice to a chat (a group's chatid, or a userid for a direct message) through the
   * outbox under `key`, with real mentions of `mentionIds`. Resolves once sent, or once queued for
   * the next start if the door is stopping; rejects when WeCom refused it.
   */
  notify(chat: string, text: string, key: string, mentionIds?: readonly string[]): Promise<void>
  /** Whether `notify` has written anything to the outbox under `key`, sent or not (notice-courier.ts). */
  queued(key: string): Promise<boolean>
  /** Stores arrivals without answering, answers what is in hand, sends what is queued, disconnects. */
  stop(): Promise<void>
}

const STOP_WAIT_MS = 10_000

/** The SDK's logs through ours: its chatter at debug, its warnings and errors at info (we log the causes ourselves). */
export function wecomSdkLogger(log: Logger): SdkLogger {
  const line = (message: string, args: unknown[]) => `wecom sdk: ${format(message, ...args)}`
  return {
    debug: (m, ...a) => log.debug(line(m, a)),
    info: (m, ...a) => log.debug(line(m, a)),
    warn: (m, ...a) => log.info(line(m, a)),
    error: (m, ...a) => log.info(line(m, a)),
  }
}

export function createWecomDoor(runtime: Runtime, options: WecomDoorOptions = {}): WecomDoor {
  const { config, log } = runtime
  const botId = config.WECOM_BOT_ID ?? ''
  const now = options.now ?? (() => new Date())
  const reconnectBaseMs = options.reconnectBaseMs ?? 1_000
  const client = new WSClient({
    botId,
    secret: config.WECOM_BOT_SECRET ?? '',
    ...(config.WECOM_WS_URL ? { wsUrl: config.WECOM_WS_URL } : {}),
    reconnectInterval: reconnectBaseMs,
    ...WECOM_SDK_RETRIES,
    ...(options.heartbeatMs ? { heartbeatInterval: options.heartbeatMs } : {}),
    logger: wecomSdkLogger(log),
  })
  const connection = new WecomConnection(client, log, { reconnectBaseMs, ...(options.afterKick ? { afterKick: options.afterKick } : {}) })
  const send = wecomSender({
    client,
    connection,
    log,
    now,
    timezone: config.BOT_TIMEZONE,
    dashboardLink: (user) => runtime.context.settings.dashboard?.link(user) ?? null,
  })
  const outbox = new DurableOutbox<WecomPart>({
    delivery: runtime.store.delivery,
    intervalMs: config.BOT_SEND_INTERVAL_MS,
    send,
    now,
    log,
    label: 'wecom',
    door: 'wecom',
  })
  const pipeline = new InboxPipeline<WecomPlace, WecomPart>({
    runtime,
    label: 'wecom',
    read: (frame, context) => readWecomFrame(frame, { ...context, files: (media, msgid) => wecomFiles(media, msgid, log) }),
    render: renderWecomReply,
    outbox,
    // WeCom never sends a callback again: if it cannot be stored, the asker must hear so now.
    sendUnlogged: async (parts) => {
      for (const part of parts) await send(part.payload)
    },
    now,
    ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
  })

  let stopping = false
  client.on('message', (frame: WsFrame) => {
    void pipeline.receive(frame, { answer: !stopping })
  })

  const sends = new Set<Promise<unknown>>()
  let stopped: Promise<void> | undefined
  return {
    client,
    connection,
    async start() {
      const open = await runtime.store.delivery.openMessages('wecom')
      const replayed = await pipeline.replay(open)
      // Read before connecting, so a live reply is never picked up twice; the sends wait for the connection.
      const resumed = outbox
        .resume()
        .then(() => outbox.send(replayed))
        .catch((error: unknown) => log.error('wecom: resending queued replies failed', { error }))
      sends.add(resumed)
      void resumed.finally(() => sends.delete(resumed))
      await connection.open()
      log.info('wecom: listening', { bot: botId, url: config.WECOM_WS_URL ?? 'the SDK default' })
    },
    async notify(chat, text, key, mentionIds = []) {
      const entries = await outbox.queue(noticeKey('wecom', key), renderWecomNotice(chat, text, mentionIds))
      const sent = outbox.send(entries)
      sends.add(sent)
      void sent.finally(() => sends.delete(sent))
      if (!(await sent) && !stopping) throw new Error(`wecom: could not send to ${chat}`)
    },
    queued: (key) => runtime.store.delivery.queued(noticeKey('wecom', key)),
    stop() {
      stopped ??= (async () => {
        stopping = true
        await pipeline.settle()
        const drained = Promise.all([outbox.drain(), ...sends])
        await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, options.stopWaitMs ?? STOP_WAIT_MS).unref())])
        await connection.close()
        await outbox.drain()
        log.info('wecom: stopped')
      })()
      return stopped
    },
  }
}
