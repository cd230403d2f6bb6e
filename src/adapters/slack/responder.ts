/**
 * The one path every accepted message takes: claim its ids (restart-proof dedupe), ask the core,
 * render, queue the sends. Errors never escape: they are logged with context and the asker gets a
 * polite reply. Each call ends in a SlackOutcome, logged and handed to `onOutcome` (tests wait on it).
 */
import type { Runtime } from '../../boot.js'
import type { BotReply, IncomingMessage } from '../../core/message.js'
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
  now: () => Date
  onOutcome?: (outcome: SlackOutcome) => void
}

export interface Job {
  source: SlackOutcome['source']
  id: string | undefined
  message: IncomingMessage
  /** Keys passed to `store.claimMessage`; the message is answered only if all are new. */
  keys: string[]
  target: ReplyTarget
}

export class Responder {
  constructor(private readonly deps: ResponderDeps) {}

  /** Reports a message dropped before reaching the core (own, bot, not addressed). */
  dropped(source: SlackOutcome['source'], id: string | undefined, reason: string): SlackOutcome {
    return this.report({ source, id, action: 'dropped', reason })
  }

  async answer(job: Job): Promise<SlackOutcome> {
    const { runtime, outbox, now } = this.deps
    const { source, id, message, target } = job
    let reply: BotReply
    try {
      const at = now().toISOString()
      const fresh = job.keys.map((key) => runtime.store.claimMessage(key, at))
      if (!fresh.every(Boolean)) return this.report({ source, id, action: 'duplicate', reason: 'already handled' })
      reply = await runtime.bot.handle(message)
    } catch (error) {
      runtime.log.error('slack: handling a message failed', {
        source,
        id,
        channel: message.channel,
        user: message.user,
        text: message.text.slice(0, 200),
        error,
      })
      const delivered = await outbox.send(target.room, [target.post({ text: APOLOGY })])
      return this.report({ source, id, action: 'apologised', delivered })
    }
    const jobs = renderReply(reply).map((part) => target.post(part))
    if (reply.file) jobs.push(target.upload(reply.file))
    const delivered = await outbox.send(target.room, jobs)
    return this.report({ source, id, action: 'replied', intent: reply.intent, delivered })
  }

  private report(outcome: SlackOutcome): SlackOutcome {
    const { log } = this.deps.runtime
    if (outcome.action === 'replied' || outcome.action === 'apologised') log.info('slack: answered', { ...outcome })
    else log.debug(`slack: ${outcome.action}`, { ...outcome })
    this.deps.onOutcome?.(outcome)
    return outcome
  }
}
