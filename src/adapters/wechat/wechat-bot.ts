import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Contact, Message, PuppetModuleName, Wechaty, WechatyOptions } from 'wechaty'
import { WechatyBuilder } from 'wechaty'
import { PROJECT_ROOT, type Runtime } from '../../boot.js'
import { type Config, ConfigError } from '../../config.js'
import type { BotReply, IncomingFile, IncomingMessage } from '../../core/message.js'
import { isPostgresUrl } from '../../core/progress/store-target.js'
import { BACKLOG_INTENTS } from '../chat/backlog-actions.js'
import { RecentReporters } from '../chat/recent-reporters.js'
import { COMMAND_WORDS } from './addressing.js'
import { type Destination, WechatOutbox } from './outbox.js'
import { idsChangeAtLogin, noticeReturningContact } from './returning-contacts.js'
import { type IgnoreReason, screenMessage } from './screen.js'
import { printQrToTerminal, type QrPrinter, watchSession } from './session.js'

/**
 * The WeChat door: a Wechaty instance whose text messages, once screened (own, other bots, non-text,
 * backlog, room allow-list, not addressed, duplicate), become one IncomingMessage for
 * `runtime.bot.handle`; the reply goes back through the throttled outbox. No business logic here.
 */

export const POLITE_ERROR_REPLY = '抱歉，处理消息时出错了，请稍后再试。'

/** Puppets that cannot start without a token (passed as `puppetOptions.token`). */
const PUPPETS_NEEDING_TOKEN = ['wechaty-puppet-service', 'wechaty-puppet-padlocal']

/** What became of one incoming message; reported once per message, after its reply was sent. */
export interface WechatOutcome {
  messageId: string
  action: 'replied' | 'ignored' | 'failed'
  /** Why a message was ignored or failed. */
  reason?: IgnoreReason | 'bot error' | 'send error'
  /** The intent of the reply, when the core answered. */
  intent?: string
}

export interface WechatBotOptions {
  /** A ready-made Wechaty instance (tests); by default one is built from the configuration. */
  wechaty?: Wechaty
  /** A puppet instance or module name instead of WECHATY_PUPPET (e.g. a PuppetMock in tests). */
  puppet?: WechatyOptions['puppet']
  /** Clock for the backlog check and dedupe timestamps. */
  now?: () => Date
  /** Largest message part in UTF-8 bytes (WeChat: 2,000). Tests lower it to see splitting. */
  maxBytes?: number
  commandWords?: readonly string[]
  /**
   * Memory-card path that keeps the login session across restarts (`<path>.memory-card.json`);
   * false keeps it in memory. Default: `wechaty` next to the database (data/ unless BOT_DB says otherwise).
   */
  session?: string | false
  printQr?: QrPrinter
  /**
   * Whether contact ids change at each login (default: by WECHATY_PUPPET, true for the web puppet);
   * then senders are remembered by what stays stable and a bound person back under a new id is
   * filed for re-approval (returning-contacts.ts).
   */
  idsChangeAtLogin?: boolean
  /** Called once for every message seen; tests wait on it, operators may count it. */
  onOutcome?: (outcome: WechatOutcome) => void
}

export interface WechatBot {
  wechaty: Wechaty
  start(): Promise<void>
  /**
   * Posts a notice (e.g. a 催报 reminder) to a room, by topic or id, through the same throttled
   * queue, @-mentioning the given contact ids that are members of the room on the first part.
   * Rejects when the bot is not in such a room.
   */
  sendToRoom(roomIdOrTopic: string, text: string, mentionContactIds?: readonly string[]): Promise<void>
  /**
   * Sends a private message (e.g. a check-in) to a contact by id through the same throttled queue.
   * Rejects when no such contact is known (with wechat4u, ids change at each login).
   */
  sendToContact(contactId: string, text: string): Promise<void>
  /** Stops taking messages, finishes those in hand, drains the send queue, then stops Wechaty. */
  stop(): Promise<void>
}

export function createWechatBot(runtime: Runtime, options: WechatBotOptions = {}): WechatBot {
  const { config, log, store, bot } = runtime
  const wechaty = options.wechaty ?? buildWechaty(config, options)
  const now = options.now ?? (() => new Date())
  const selfIds = new Set<string>()
  const outbox = new WechatOutbox({
    intervalMs: config.BOT_SEND_INTERVAL_MS,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
  })
  const unstableIds = options.idsChangeAtLogin ?? idsChangeAtLogin(config.WECHATY_PUPPET)
  const inFlight = new Set<Promise<void>>()
  // Who just reported in which room: a picture or file from them there is that report's 佐证材料.
  const reporters = new RecentReporters(now)
  let stopping = false
  let started = false
  let stopped: Promise<void> | undefined

  const report = (outcome: WechatOutcome): void => {
    if (outcome.action === 'ignored') log.debug('wechat: message ignored', { ...outcome })
    options.onOutcome?.(outcome)
  }

  async function onMessage(message: Message): Promise<void> {
    const messageId = message.id
    if (stopping) return report({ messageId, action: 'ignored', reason: 'stopping' })
    const self = currentUser(wechaty)
    if (self) selfIds.add(self.id)
    const screening = await screenMessage(message, {
      selfIds,
      self,
      now: now(),
      backlogSeconds: config.BOT_BACKLOG_SECONDS,
      allowedRooms: config.WECHAT_ROOMS,
      commandWords: options.commandWords ?? COMMAND_WORDS,
      justReported: (room, contact) => reporters.has(room, contact),
    })
    if (!screening.pass) return report({ messageId, action: 'ignored', reason: screening.reason })
    const { room, talker, text, backlog } = screening
    const to: Destination = room ? { room, mentions: [talker] } : { contact: talker }
    const context = { messageId, room: room?.id, talker: talker.id, text }

    let reply: BotReply
    let failed = false
    try {
      if (!(await store.claimMessage(`wechat:${messageId}`, now().toISOString())))
        return report({ messageId, action: 'ignored', reason: 'duplicate' })
      if (unstableIds) await noticeReturningContact(store, talker, { at: now().toISOString(), log, admins: config.BOT_ADMINS })
      const userName = (room && (await room.alias(talker).catch(() => undefined))) || talker.name()
      const incoming: IncomingMessage = {
        text,
        user: `wechat:${talker.id}`,
        ...(userName ? { userName } : {}),
        channel: room?.id ?? talker.id,
        messageId: `wechat:${messageId}`,
        platform: 'wechat',
        ...(screening.file ? { files: [await wechatFile(message, log)] } : {}),
      }
      reply = await bot.handle(incoming)
      if (reply.progress) reporters.note(room?.id ?? talker.id, talker.id)
    } catch (error) {
      log.error('wechat: could not answer a message', { ...context, error })
      reply = { intent: 'error', reply: POLITE_ERROR_REPLY, tasks: [] }
      failed = true
    }

    // From the backlog only a write is answered (the core refused or did it); anything else stays quiet.
    if (backlog && !failed && !BACKLOG_INTENTS.has(reply.intent)) return report({ messageId, action: 'ignored', reason: 'backlog' })
    if (backlog) log.info('wechat: carried out a message from the backlog', { messageId, talker: talker.id, intent: reply.intent })
    try {
      await outbox.reply(to, reply)
    } catch (error) {
      log.error('wechat: could not send a reply', { ...context, intent: reply.intent, error })
      return report({ messageId, action: 'failed', reason: 'send error', intent: reply.intent })
    }
    if (failed) return report({ messageId, action: 'failed', reason: 'bot error' })
    log.info('wechat: replied', { messageId, room: room?.id, talker: talker.id, intent: reply.intent })
    report({ messageId, action: 'replied', intent: reply.intent })
  }

  watchSession(wechaty, { log, selfIds, printQr: options.printQr ?? printQrToTerminal })
  wechaty.on('message', (message) => {
    const job = onMessage(message)
      .catch((error) => {
        log.error('wechat: message handling failed', { messageId: message.id, error })
        report({ messageId: message.id, action: 'failed', reason: 'bot error' })
      })
      .finally(() => inFlight.delete(job))
    inFlight.add(job)
  })

  return {
    wechaty,
    async start() {
      if (unstableIds && config.BOT_ADMINS.some((a) => a.startsWith('wechat:')))
        log.warn(
          `wechat: ${config.WECHATY_PUPPET} gives contacts new ids at each login, so wechat: ids in BOT_ADMINS stop matching after a new scan; ` +
            'the log names an admin seen under a new id, and 「我是谁」 shows anyone their current id',
        )
      started = true
      try {
        await wechaty.start()
      } catch (error) {
        started = false
        const reason = error instanceof Error ? error.message : String(error)
        throw new Error(
          `wechat: could not start the puppet "${config.WECHATY_PUPPET}" (WECHATY_PUPPET; is the package installed?): ${reason}`,
        )
      }
    },
    async sendToRoom(roomIdOrTopic, text, mentionContactIds = []) {
      // By topic first: looking up an unknown id makes Wechaty emit an error event.
      const room = (await wechaty.Room.find({ topic: roomIdOrTopic })) ?? (await wechaty.Room.find({ id: roomIdOrTopic }))
      if (!room) throw new Error(`wechat: no room with id or topic "${roomIdOrTopic}"`)
      const mentions: Contact[] = []
      for (const id of new Set(mentionContactIds)) {
        const contact = await wechaty.Contact.find({ id }).catch(() => undefined)
        if (contact && (await room.has(contact))) mentions.push(contact)
      }
      await outbox.reply({ room, mentions }, { intent: 'notice', reply: text, tasks: [] })
    },
    async sendToContact(contactId, text) {
      const contact = await wechaty.Contact.find({ id: contactId }).catch(() => undefined)
      if (!contact) throw new Error(`wechat: no contact with id "${contactId}"`)
      await outbox.reply({ contact }, { intent: 'notice', reply: text, tasks: [] })
    },
    stop() {
      stopped ??= (async () => {
        stopping = true
        while (inFlight.size > 0) await Promise.allSettled([...inFlight])
        await outbox.drain()
        if (started) await wechaty.stop()
        log.info('wechat: stopped')
      })()
      return stopped
    },
  }
}

/**
 * A picture or file message as the core's IncomingFile: its FileBox (name and declared size, which
 * puppets give without fetching the content), the bytes read only when the core asks.
 */
async function wechatFile(message: Message, log: Runtime['log']): Promise<IncomingFile> {
  const box = await message.toFileBox()
  return {
    ...(box.name ? { name: box.name } : {}),
    ...(box.size > 0 ? { size: box.size } : {}),
    read: async () => {
      try {
        return await box.toBuffer()
      } catch (error) {
        log.warn('wechat: could not fetch a picture or file', { messageId: message.id, error })
        throw error
      }
    },
  }
}

function currentUser(wechaty: Wechaty) {
  try {
    return wechaty.isLoggedIn ? wechaty.currentUser : undefined
  } catch {
    return undefined
  }
}

/** Builds Wechaty from WECHATY_PUPPET and WECHATY_PUPPET_SERVICE_TOKEN; fails fast on a missing token. */
function buildWechaty(config: Config, options: WechatBotOptions): Wechaty {
  const token = config.WECHATY_PUPPET_SERVICE_TOKEN
  if (!options.puppet && PUPPETS_NEEDING_TOKEN.includes(config.WECHATY_PUPPET) && !token)
    throw new ConfigError(`WECHATY_PUPPET_SERVICE_TOKEN: required for WECHATY_PUPPET=${config.WECHATY_PUPPET}`)
  // Beside the SQLite file; with PostgreSQL (a URL, no folder) in the project's data/.
  const db = config.BOT_DB && !isPostgresUrl(config.BOT_DB) ? resolve(config.BOT_DB) : join(PROJECT_ROOT, 'data', 'bot.db')
  const session = options.session ?? join(dirname(db), 'wechaty')
  if (session) mkdirSync(dirname(session), { recursive: true })
  return WechatyBuilder.build({
    ...(session ? { name: session } : {}),
    puppet: options.puppet ?? (config.WECHATY_PUPPET as PuppetModuleName),
    ...(token ? { puppetOptions: { token } } : {}),
  })
}
