/**
 * The one path every accepted message takes: claim its ids (restart-proof dedupe), ask the core,
 * render, queue the sends. Errors never escape: they are logged with context and the asker gets a
 * polite reply. Each call ends in a SlackOutcome, logged and handed to `onOutcome` (tests wait on it).
 *
 * A message that came through the inbox carries its entry (`durable`): its claims are made in that
 * entry's name, its reply goes through the DurableSender, and a replay after a crash may pass the
 * claims its own first attempt made (and no other delivery's).
 */
import type { Runtime } from '../../boot.js'
import type { BotReply, IncomingMessage } from '../../core/message.js'
import type { DurableSender, ReplyPlace } from './durable-sender.js'
import type { Outbox } from './outbox.js'
import { renderReply } from './render.js'
import type { ReplyTarget } from './targets.js'

export const APOLOGY = '抱歉，处理消息时出错了，请稍后再试。'

export interface SlackOutcome {
  source: 'event' | 'command'
  /** The event id, or the slash command's trigger id. */
  id: string | undefined
  action: 'replied' | 'apologised' | 'duplicate' | 'dropped'
  reason?: string
  intent?: string
  /** Whether every send of the reply went through. */
  delivered?: boolean
}

export interface ResponderDeps {
  runtime: Pick<Runtime, 'bot' | 'store' | 'log'>
  outbox: Outbox
  sender: DurableSender
  now: () => Date
  onOutcome?: (outcome: SlackOutcome) => void
  /** Called with each message the core answered and its reply (the door notes who just reported). */
  onAnswered?: (message: IncomingMessage, reply: BotReply) => void
}

export interface Job {
  source: SlackOutcome['source']
  id: string | undefined
  message: IncomingMessage
  /** Keys passed to `store.claimMessage`; the message is answered only if all are new. */
  keys: string[]
  target: ReplyTarget
  /** The inbox entry, where the reply goes, and whether this is a replay after a crash. */
  durable?: { inboxKey: string; where: ReplyPlace; replay: boolean }
}

export class Responder {
  constructor(private readonly deps: ResponderDeps) {}

  /** Reports a message dropped before reaching the core (own, bot, not addressed). */
  dropped(source: SlackOutcome['source'], id: string | undefined, reason: string): SlackOutcome {
    return this.report({ source, id, action: 'dropped', reason })
  }

  /** Reports a redelivery of a message already in the inbox, left to whoever holds that entry. */
  duplicate(source: SlackOutcome['source'], id: string | undefined): SlackOutcome {
    return this.report({ source, id, action: 'duplicate', reason: 'already accepted' })
  }

  async answer(job: Job): Promise<SlackOutcome> {
    const { runtime, now } = this.deps
    const { source, id, message, durable } = job
    let reply: BotReply
    try {
      const at = now().toISOString()
      const owner = durable?.inboxKey
      const claim = async (key: string) =>
        (await runtime.store.claimMessage(key, at, owner)) ||
        (durable?.replay === true && (await runtime.store.delivery.claimOwner(key)) === owner)
      // Every key is claimed, one after another, even after one was seen (as before: no short cut).
      const fresh: boolean[] = []
      for (const key of job.keys) fresh.push(await claim(key))
      if (!fresh.every(Boolean)) {
        if (durable) await runtime.store.delivery.finish(durable.inboxKey, at)
        return this.report({ source, id, action: 'duplicate', reason: 'already handled' })
      }
      reply = await runtime.bot.handle(message)
      this.deps.onAnswered?.(message, reply)
    } catch (error) {
      runtime.log.error('slack: handling a message failed', {
        source,
        id,
        channel: message.channel,
        user: message.user,
        text: message.text.slice(0, 200),
        error,
      })
      // If even the outbox cannot be written (the database is gone), the apology goes out directly.
      const delivered = await this.deliver(job, { intent: 'error', reply: APOLOGY, tasks: [] }).catch(() =>
        this.deps.outbox.send(job.target.room, [job.target.post({ text: APOLOGY })]),
      )
      return this.report({ source, id, action: 'apologised', delivered })
    }
    const delivered = await this.deliver(job, reply)
    return this.report({ source, id, action: 'replied', intent: reply.intent, delivered })
  }

  /** Sends a reply: durably when the message came through the inbox, else straight through the Outbox. */
  private deliver(job: Job, reply: BotReply): Promise<boolean> {
    if (job.durable) return this.deps.sender.send(job.durable.inboxKey, job.durable.where, reply)
    const jobs = renderReply(reply).map((part) => job.target.post(part))
    if (reply.file) jobs.push(job.target.upload(reply.file))
    return this.deps.outbox.send(job.target.room, jobs)
  }

  private report(outcome: SlackOutcome): SlackOutcome {
    const { log } = this.deps.runtime
    if (outcome.action === 'replied' || outcome.action === 'apologised') log.info('slack: answered', { ...outcome })
    else log.debug(`slack: ${outcome.action}`, { ...outcome })
    this.deps.onOutcome?.(outcome)
    return outcome
  }
}
