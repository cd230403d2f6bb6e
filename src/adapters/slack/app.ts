/**
 * The Slack door: a real @slack/bolt App that converts events and slash commands into
 * IncomingMessages, calls `runtime.bot.handle`, and renders the replies. No business logic here.
 *
 * - HTTP mode (SLACK_SIGNING_SECRET, PORT): bolt's HTTPReceiver on `/slack/events` checks every
 *   request's signature and timestamp (401 otherwise); `GET /healthz` answers `ok`.
 * - Socket Mode when SLACK_APP_TOKEN is set (no public URL needed; it wins over HTTP if both are set).
 * - SLACK_API_URL points the Web API client elsewhere (tests, proxies).
 *
 * Several instances may share one database: in HTTP mode each receives what the load balancer gives
 * it; in Socket Mode only the instance holding the `slack-socket-mode` lock connects (Slack would
 * spread events over every connection, but one bot's connections are one door), and another takes
 * over when it dies. Every BOT_TAKEOVER_SECONDS each instance answers the events and sends the
 * replies that instances which are gone left behind.
 *
 * The bot's ids come from one `auth.test` call, made by `start()` (so a bad token stops start-up)
 * and shared with bolt through `authorize`; bolt's own `ignoreSelf` is off because `readEvent`
 * compares the same ids and logs why it drops a message.
 */
import { App, webApi } from '@slack/bolt'
import type { Runtime } from '../../boot.js'
import { ConfigError } from '../../config.js'
import { holdWhileLeader, type LeaderLoop } from '../../core/progress/leadership.js'
import { listenError } from '../../failure.js'
import { RecentReporters } from '../chat/recent-reporters.js'
import { BARE_MENTION_TEXT } from './addressing.js'
import { boltLogger, boltLogLevel } from './bolt-logger.js'
import { DurableSender, respondVia, resumeSettings } from './durable-sender.js'
import { slackFiles } from './files.js'
import { readEvent, type SlackIdentity } from './inbound.js'
import { inboxKeyOf, isSlashCommand, type SlashCommand } from './inbox.js'
import { slackToPlain } from './mrkdwn.js'
import { Outbox } from './outbox.js'
import { InboxRecovery } from './recovery.js'
import { Responder, type SlackOutcome } from './responder.js'
import { guardedSocketReceiver } from './socket-guard.js'
import { type ApiContext, commandTarget, type Respond, threadTarget } from './targets.js'

/** Start-up auth.test: 4 tries over about 3.5 s, each request at most 10 s. */
export const START_RETRY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 2_000, randomize: false }
const START_REQUEST_TIMEOUT_MS = 10_000

export interface SlackAppOptions {
  /** Retries of the start-up token check (default START_RETRY). */
  startRetry?: webApi.RetryOptions
  /** Clock for dedupe timestamps. */
  now?: () => Date
  /** Where the HTTP receiver listens; default: PORT on every interface. Ignored in Socket Mode. */
  listen?: number | { port: number; host?: string }
  /** Extra Web API client options (tests shorten `retryConfig`). */
  clientOptions?: Omit<webApi.WebClientOptions, 'slackApiUrl' | 'logger' | 'logLevel'>
  /** Called once per event or command with what became of it. */
  onOutcome?: (outcome: SlackOutcome) => void
}

export interface SlackAdapter {
  app: App
  /** Checks the token with auth.test, then listens (HTTP) or connects (Socket Mode). */
  start(): Promise<{ identity: SlackIdentity; port: number | undefined }>
  /** Stops receiving, finishes messages in hand and drains the send queue. Leaves the runtime open. */
  stop(): Promise<void>
}

export function createSlackApp(runtime: Runtime, options: SlackAppOptions = {}): SlackAdapter {
  const { config, log } = runtime
  const token = config.SLACK_BOT_TOKEN
  if (!token)
    throw new ConfigError('运行 Slack 必须设置 SLACK_BOT_TOKEN（Slack 应用后台 OAuth & Permissions 页的 Bot User OAuth Token，xoxb- 开头）')
  const appToken = config.SLACK_APP_TOKEN
  const signingSecret = config.SLACK_SIGNING_SECRET ?? ''
  const apiUrl = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}
  const now = options.now ?? (() => new Date())

  let identity: Promise<SlackIdentity> | undefined
  const whoAmI = (client?: webApi.WebClient): Promise<SlackIdentity> => {
    identity ??= (client ?? app.client).auth.test({ token }).then(
      (r) => {
        if (!r.user_id) throw new Error('auth.test returned no user_id (is SLACK_BOT_TOKEN a bot token?)')
        return { userId: r.user_id, botId: r.bot_id, teamId: r.team_id, name: r.user }
      },
      (error: unknown) => {
        identity = undefined // let the next call try again
        throw error
      },
    )
    return identity
  }

  const app = new App({
    authorize: async () => {
      const me = await whoAmI()
      return {
        botToken: token,
        botUserId: me.userId,
        ...(me.botId ? { botId: me.botId } : {}),
        ...(me.teamId ? { teamId: me.teamId } : {}),
      }
    },
    ...(appToken
      ? // The Socket Mode client opens its connection with its own Web API client: same base URL.
        {
          receiver: guardedSocketReceiver(
            {
              appToken,
              // The Socket Mode client opens its connection with its own Web API client: same base URL.
              installerOptions: { clientOptions: { ...apiUrl, ...options.clientOptions } },
              logger: boltLogger(log, config.LOG_LEVEL),
              logLevel: boltLogLevel(config.LOG_LEVEL),
            },
            log,
          ),
        }
      : { signingSecret, port: config.PORT, customRoutes: [healthRoute] }),
    clientOptions: { ...apiUrl, ...options.clientOptions },
    logger: boltLogger(log, config.LOG_LEVEL),
    logLevel: boltLogLevel(config.LOG_LEVEL),
    ignoreSelf: false,
    convoStore: false,
  })

  const outbox = new Outbox(config.BOT_SEND_INTERVAL_MS, log)
  const api: ApiContext = { client: app.client, token, log }
  const { delivery } = runtime.store
  const sender = new DurableSender(delivery, outbox, api, now, log, resumeSettings(config))
  // Who just reported where: their file alone in that channel is a 佐证材料 (recent-reporters.ts).
  const reporters = new RecentReporters(now)
  const responder = new Responder({
    runtime,
    outbox,
    sender,
    now,
    ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
    onAnswered: (message, reply) => {
      if (reply.progress && message.channel) reporters.note(message.channel, message.user)
    },
  })
  const fileOptions = { token, log, ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}) }

  const inflight = new Set<Promise<unknown>>()
  const track = <T>(work: Promise<T>): Promise<T> => {
    inflight.add(work)
    void work.finally(() => inflight.delete(work)).catch(() => {})
    return work
  }
  const recovery = new InboxRecovery({
    delivery,
    sender,
    log,
    now,
    track,
    replay: async (entry) => {
      const body = entry.payload
      await guarded('replay', () =>
        isSlashCommand(body, config.SLACK_SLASH_COMMAND) ? onCommand(body, respondVia(body.response_url), true) : onEvent(body, true),
      )
    },
  })

  // Accepted means durable: the receiver hands every verified request to processEvent, and bolt
  // acknowledges an Events API request (HTTP 200, or the Socket Mode ack) inside it. Writing the
  // event to the inbox first means an acknowledged event is in the database; if the process dies
  // before answering, this instance's next start, or another instance's sweep, answers it.
  const processEvent = app.processEvent.bind(app)
  app.processEvent = async (event) => {
    const key = inboxKeyOf(event.body, config.SLACK_SLASH_COMMAND)
    if (key) await recovery.accept(key, event.body, now().toISOString())
    return processEvent(event)
  }

  async function onEvent(body: unknown, replay = false): Promise<SlackOutcome> {
    const me = await whoAmI()
    const inboxKey = inboxKeyOf(body, config.SLACK_SLASH_COMMAND)
    const read = readEvent(body, { identity: me, justReported: (channel, user) => reporters.has(channel, user) })
    if (read.kind === 'drop') {
      if (inboxKey) await delivery.finish(inboxKey, now().toISOString())
      return responder.dropped('event', read.eventId, read.reason)
    }
    const { eventId, keys, channel, threadTs } = read
    const message = read.files.length ? { ...read.message, files: slackFiles(read.files, fileOptions) } : read.message
    const leave = replay ? null : recovery.leaveAlone(body, inboxKey)
    if (leave === 'duplicate') return responder.duplicate('event', eventId)
    if (leave) return responder.dropped('event', eventId, 'being answered from the inbox')
    const durable = inboxKey ? { inboxKey, where: { channel, threadTs }, replay } : undefined
    return responder.answer({ source: 'event', id: eventId, message, keys, target: threadTarget(api, channel, threadTs), durable })
  }

  async function onCommand(command: SlashCommand, respond: Respond, replay = false): Promise<SlackOutcome> {
    const me = await whoAmI()
    const text = slackToPlain(command.text, me.userId) || BARE_MENTION_TEXT
    const id = command.trigger_id
    const inboxKey = inboxKeyOf(command, config.SLACK_SLASH_COMMAND)
    const leave = replay ? null : recovery.leaveAlone(command, inboxKey)
    if (leave === 'duplicate') return responder.duplicate('command', id)
    if (leave) return responder.dropped('command', id, 'being answered from the inbox')
    const where = { channel: command.channel_id, responseUrl: command.response_url }
    return responder.answer({
      source: 'command',
      id,
      keys: [`slack:${id}`],
      target: commandTarget(api, command.channel_id, respond),
      ...(inboxKey ? { durable: { inboxKey, where, replay } } : {}),
      message: {
        text,
        user: `slack:${command.user_id}`,
        ...(command.user_name ? { userName: command.user_name } : {}),
        channel: command.channel_id,
        messageId: `slack:${id}`,
        platform: 'slack',
      },
    })
  }

  const guarded = async (what: string, work: () => Promise<unknown>): Promise<void> => {
    try {
      await track(work())
    } catch (error) {
      log.error(`slack: ${what} failed`, { error })
    }
  }
  app.event('app_mention', async ({ body }) => guarded('app_mention', () => onEvent(body)))
  app.event('message', async ({ body }) => guarded('message event', () => onEvent(body)))
  app.command(config.SLACK_SLASH_COMMAND, async ({ command, ack, respond }) => {
    await ack()
    await guarded(config.SLACK_SLASH_COMMAND, () => onCommand(command as SlashCommand, respond))
  })
  app.error(async (error) => log.error('slack: bolt error', { error }))

  let started = false
  let stopping: Promise<void> | undefined
  let leader: LeaderLoop | undefined
  const takeoverMs = config.BOT_TAKEOVER_SECONDS * 1000
  return {
    app,
    async start() {
      // The start-up check gives up after a few quick tries (the Web API client's default keeps
      // retrying for about 30 minutes, which looks like a hung start to an operator).
      const retryConfig = options.startRetry ?? START_RETRY
      const checker = new webApi.WebClient(undefined, {
        ...apiUrl,
        retryConfig,
        timeout: START_REQUEST_TIMEOUT_MS,
        logger: boltLogger(log, config.LOG_LEVEL),
        logLevel: boltLogLevel(config.LOG_LEVEL),
      })
      const began = Date.now()
      const me = await whoAmI(checker).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error)
        const check = config.SLACK_API_URL
          ? 'SLACK_BOT_TOKEN 和 SLACK_API_URL'
          : 'SLACK_BOT_TOKEN 和本机到 slack.com 的网络（代理、防火墙）'
        const seconds = ((Date.now() - began) / 1000).toFixed(1)
        throw new ConfigError(
          `Slack 令牌检查（auth.test）${(retryConfig.retries ?? 0) + 1} 次都未成功（用时 ${seconds} 秒），请检查 ${check}：${reason}`,
        )
      })
      await recovery.start(takeoverMs)
      if (appToken) {
        leader = holdWhileLeader(
          runtime.store.leadership,
          'slack-socket-mode',
          async () => {
            await app.start()
            started = true
            log.info('slack: connected in Socket Mode', { bot: me.userId, name: me.name, command: config.SLACK_SLASH_COMMAND })
            return {
              stop: async () => {
                started = false
                await app.stop()
              },
            }
          },
          { retryMs: takeoverMs, log },
        )
        if (!(await leader.tried))
          log.info('slack: another instance holds the Socket Mode connection; this one takes over if it stops', {
            everySeconds: config.BOT_TAKEOVER_SECONDS,
          })
        return { identity: me, port: undefined }
      }
      const listen = options.listen ?? config.PORT
      const server = await app.start(listen).catch((error: unknown) => {
        throw listenError(error, typeof listen === 'number' ? listen : listen.port, 'PORT')
      })
      started = true
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : undefined
      log.info('slack: listening for events', { port, path: '/slack/events', bot: me.userId, name: me.name })
      return { identity: me, port }
    },
    stop() {
      stopping ??= (async () => {
        await recovery.stop()
        if (leader) await leader.stop()
        else if (started) await app.stop().catch((error: unknown) => log.warn('slack: stopping the receiver failed', { error }))
        while (inflight.size > 0) await Promise.allSettled([...inflight])
        await outbox.drain()
        log.info('slack: stopped; send queue drained')
      })()
      return stopping
    },
  }
}

const healthRoute = {
  path: '/healthz',
  method: ['GET'],
  handler: (_req: unknown, res: { writeHead(status: number, headers: Record<string, string>): unknown; end(body: string): void }) => {
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end('ok')
  },
}
