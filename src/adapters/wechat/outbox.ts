import { FileBox } from 'file-box'
import type { Contact, Room } from 'wechaty'
import type { BotReply } from '../../core/message.js'
import { SendQueue } from '../chat/send-queue.js'
import { splitReply, wechatLimit } from '../chat/split-reply.js'

/**
 * Renders a BotReply for WeChat and sends it through the per-room SendQueue: the text split into
 * parts of at most `maxBytes` UTF-8 bytes (WeChat truncates longer messages), in order, the asker
 * (or a reminder's people) @-mentioned on the first part in a room, then the file (if any) as a FileBox.
 *
 * The SendQueue carries strings; each queued string is a token for one send action kept here, so
 * a mention (a Contact) or a file travels through the same ordered, throttled queue as text.
 */

/** Where a reply goes: a room (optionally @-mentioning people on the first part) or one contact. */
export type Destination = { room: Room; mentions?: Contact[] } | { room?: undefined; contact: Contact }

export interface OutboxOptions {
  intervalMs: number
  /** Largest part in UTF-8 bytes, mention included. Default: WeChat's 2,000. */
  maxBytes?: number
}

type SendAction = () => Promise<unknown>

export class WechatOutbox {
  private readonly queue: SendQueue
  private readonly actions = new Map<string, SendAction>()
  private readonly maxBytes: number
  private seq = 0

  constructor(options: OutboxOptions) {
    this.maxBytes = options.maxBytes ?? wechatLimit.max
    this.queue = new SendQueue({
      intervalMs: options.intervalMs,
      send: async (_room, token) => {
        const action = this.actions.get(token)
        this.actions.delete(token)
        if (action) await action()
      },
    })
  }

  /** Queues the reply for its conversation; resolves once every part is sent, rejects on a failed send. */
  async reply(to: Destination, reply: BotReply): Promise<void> {
    const actions = await this.plan(to, reply)
    const tokens = actions.map((action) => {
      const token = `${++this.seq}`
      this.actions.set(token, action)
      return token
    })
    try {
      await this.queue.enqueue(to.room ? to.room.id : to.contact.id, tokens)
    } finally {
      // A failed part stops the rest of its reply; forget the actions that will never run.
      for (const token of tokens) this.actions.delete(token)
    }
  }

  /** Resolves once everything queued so far has been sent or has failed. */
  drain(): Promise<void> {
    return this.queue.drain()
  }

  private async plan(to: Destination, reply: BotReply): Promise<SendAction[]> {
    const target = to.room ?? to.contact
    const mentions = to.room ? (to.mentions ?? []) : []
    // Wechaty writes mentions as `@a\u2005@b ` before the text; count them against the limit.
    const names = to.room ? await Promise.all(mentions.map(async (c) => (await to.room?.alias(c).catch(() => undefined)) || c.name())) : []
    const prefix = names.length ? `${names.map((n) => `@${n}`).join('\u2005')} ` : ''
    const limit = { max: Math.max(1, this.maxBytes - wechatLimit.measure(prefix)), measure: wechatLimit.measure }
    const parts = splitReply(reply.reply, limit).filter((part) => part.trim() !== '')

    const actions: SendAction[] = parts.map((part, i) =>
      to.room && mentions.length && i === 0 ? () => to.room.say(part, ...mentions) : () => target.say(part),
    )
    const file = reply.file
    if (file) actions.push(() => target.say(FileBox.fromFile(file.path, file.name)))
    return actions
  }
}
