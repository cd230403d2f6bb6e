import { randomUUID } from 'node:crypto'
import { FileBox, type FileBoxInterface, type FileBoxType } from 'file-box'
import type { payloads } from 'wechaty'
import { types, WechatyBuilder } from 'wechaty'
import { mock, PuppetMock } from 'wechaty-puppet-mock'
import { createWechatBot, type WechatBot, type WechatBotOptions, type WechatOutcome } from '../../src/adapters/wechat/index.js'
import { startWechatAdapter } from '../../src/adapters/wechat/start.js'
import type { Runtime } from '../../src/boot.js'
import type { ReminderSchedule } from '../../src/core/summary/reminder-schedule.js'

/**
 * A real Wechaty instance on wechaty-puppet-mock, logged in as 「要点助手」, with two colleagues and
 * a room 「督办群」 they all share. Everything is in-process: no network, no QR code.
 *
 * Messages from the mock are recorded in puppet order (`contact.say()` emits synchronously), so a
 * test can read what the bot sent and in which order. Every incoming message ends in exactly one
 * adapter outcome (replied / ignored / failed), which tests await instead of sleeping.
 */

export const BOT_NAME = '要点助手'
export const ROOM_TOPIC = '督办群'

type ContactMock = InstanceType<typeof mock.ContactMock>
type RoomMock = InstanceType<typeof mock.RoomMock>
type Conversation = ContactMock | RoomMock

export interface SentMessage {
  id: string
  talkerId: string
  text: string
  type: number
  roomId?: string
  listenerId?: string
}

export interface WechatHarness {
  mocker: mock.Mocker
  puppet: PuppetMock
  adapter: WechatBot
  /** The 催报 schedule, when started through `startWechatAdapter`. */
  reminders: ReminderSchedule | undefined
  /** The check-in schedule, when started through `startWechatAdapter`. */
  checkIns: ReminderSchedule | undefined
  botUser: ContactMock
  alice: ContactMock
  bob: ContactMock
  room: RoomMock
  /** Every message the puppet saw, oldest first (incoming and the bot's own). */
  messages: SentMessage[]
  /** Text the bot sent, with the mention ids Wechaty passed to the puppet. */
  textSends: { conversationId: string; text: string; mentionIdList: string[] }[]
  /** Files the bot sent: name, FileBox type as the adapter built it, and content. */
  files: { conversationId: string; name: string; boxType: FileBoxType; content: string }[]
  outcomes: WechatOutcome[]
  /** `contact` says `text` to a room or a contact (optionally mentioning people); returns the message id. */
  say(contact: ContactMock, text: string, to: Conversation, mentions?: ContactMock[]): string
  /** Delivers a hand-made message payload (any id, any date), as a puppet would. */
  inject(payload: Partial<payloads.Message> & { talkerId: string }): string
  /** Delivers an already known message id again, as a puppet replaying events does. */
  redeliver(messageId: string): void
  /** Resolves with the `nth` outcome (default first) of a message id; rejects after 10 s with what was seen. */
  outcomeOf(messageId: string, nth?: number): Promise<WechatOutcome>
  /** What the bot sent, oldest first. */
  sentByBot(): SentMessage[]
  /** Resolves once the bot has sent at least `count` messages. */
  whenBotHasSent(count: number): Promise<void>
  stop(): Promise<void>
}

/**
 * `entry: 'start'` goes through `startWechatAdapter` (what main.ts calls, reminders included);
 * the default builds the adapter with `createWechatBot` alone.
 */
export async function startWechatHarness(
  runtime: Runtime,
  options: Omit<WechatBotOptions, 'wechaty' | 'puppet' | 'onOutcome'> = {},
  entry: 'create' | 'start' = 'create',
): Promise<WechatHarness> {
  const mocker = new mock.Mocker()
  const puppet = new PuppetMock({ mocker })
  const botUser = mocker.createContact({ name: BOT_NAME })
  const alice = mocker.createContact({ name: '张科长' })
  const bob = mocker.createContact({ name: '李干事' })
  const room = mocker.createRoom({ topic: ROOM_TOPIC, memberIdList: [botUser.id, alice.id, bob.id] })

  const messages: SentMessage[] = []
  const checks = new Set<() => void>()
  puppet.on('message', ({ messageId }) => {
    const p = mocker.messagePayload(messageId) as payloads.Message & { roomId?: string; listenerId?: string }
    messages.push({
      id: p.id,
      talkerId: p.talkerId ?? '',
      text: p.text ?? '',
      type: p.type,
      ...(p.roomId ? { roomId: p.roomId } : {}),
      ...(p.listenerId ? { listenerId: p.listenerId } : {}),
    })
    for (const check of [...checks]) check()
  })

  // The mock stores a sent FileBox as JSON, which file-box supports only for url, QR code, base64 and
  // uuid boxes, not FileBox.fromFile; hand it the same bytes as base64 and note what the adapter sent.
  const files: WechatHarness['files'] = []
  const sendFile = puppet.messageSendFile.bind(puppet)
  puppet.messageSendFile = async (conversationId: string, file: FileBoxInterface) => {
    const base64 = await file.toBase64()
    files.push({
      conversationId,
      name: file.name,
      boxType: file.type,
      content: Buffer.from(base64, 'base64').toString('utf8'),
    })
    return sendFile(conversationId, FileBox.fromBase64(base64, file.name))
  }

  // The mock drops the mention ids of a text message; note them on the way in.
  const textSends: WechatHarness['textSends'] = []
  const sendText = puppet.messageSendText.bind(puppet)
  puppet.messageSendText = async (conversationId: string, text: string, mentionIdList?: string[]) => {
    textSends.push({ conversationId, text, mentionIdList: mentionIdList ?? [] })
    return sendText(conversationId, text)
  }

  const outcomes: WechatOutcome[] = []
  const wechaty = WechatyBuilder.build({ puppet })
  const botOptions: WechatBotOptions = {
    session: false,
    printQr: () => {},
    ...options,
    wechaty,
    onOutcome: (o) => {
      outcomes.push(o)
      for (const check of [...checks]) check()
    },
  }
  let adapter: WechatBot
  let reminders: ReminderSchedule | undefined
  let checkIns: ReminderSchedule | undefined
  let stopAll: () => Promise<void>
  if (entry === 'start') {
    const started = await startWechatAdapter(runtime, botOptions)
    adapter = started.wechat
    reminders = started.reminders
    checkIns = started.checkIns
    stopAll = () => started.stop()
  } else {
    adapter = createWechatBot(runtime, botOptions)
    await adapter.start()
    stopAll = () => adapter.stop()
  }

  const loggedIn = new Promise((resolve) => wechaty.once('login', resolve))
  mocker.login(botUser)
  await loggedIn

  const sentByBot = () => messages.filter((m) => m.talkerId === botUser.id)

  /** Resolves with the first defined value of `find`, re-checked on every message and outcome. */
  const waitUntil = <T>(find: () => T | undefined, what: () => string): Promise<T> => {
    const found = find()
    if (found !== undefined) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = find()
        if (value === undefined) return
        checks.delete(check)
        clearTimeout(timer)
        resolve(value)
      }
      const timer = setTimeout(() => {
        checks.delete(check)
        reject(new Error(`harness: timed out waiting for ${what()}`))
      }, 10_000)
      checks.add(check)
    })
  }

  const lastMessageId = (): string => {
    const last = messages.at(-1)
    if (!last) throw new Error('harness: the mock emitted no message')
    return last.id
  }

  return {
    mocker,
    puppet,
    adapter,
    reminders,
    checkIns,
    botUser,
    alice,
    bob,
    room,
    messages,
    files,
    textSends,
    outcomes,
    say(contact, text, to, mentions = []) {
      contact.say(text, mentions).to(to)
      return lastMessageId()
    },
    inject(payload) {
      const full = {
        id: randomUUID(),
        timestamp: Date.now(),
        type: types.Message.Text,
        ...payload,
      } as payloads.Message
      mocker.MessageMock.create(full)
      puppet.emit('message', { messageId: full.id })
      return full.id
    },
    redeliver(messageId) {
      puppet.emit('message', { messageId })
    },
    outcomeOf(messageId, nth = 1) {
      return waitUntil(
        () => outcomes.filter((o) => o.messageId === messageId)[nth - 1],
        () => `outcome #${nth} for ${messageId}; seen: ${JSON.stringify(outcomes)}`,
      )
    },
    sentByBot,
    async whenBotHasSent(count) {
      await waitUntil(
        () => (sentByBot().length >= count ? true : undefined),
        () => `${count} messages from the bot; sent: ${JSON.stringify(sentByBot())}`,
      )
    },
    stop: () => stopAll(),
  }
}
