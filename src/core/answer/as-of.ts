import type { Routed } from '../intents/router.js'
import type { BotReply } from '../message.js'
import { asOfFromText } from '../summary/as-of.js'
import { planYear } from '../summary/plan-clock.js'

import type { AnswerContext } from './context.js'

/**
 * The as-of instant of a leader's question: 「汇总 截至6月30日」 carries an `asof` slot, read in the
 * plan year when it names none; without one it is now. A date the bot cannot read is answered, not
 * guessed: the caller returns `refusal` as it is.
 */
export type AskedAsOf = { at: Date; refusal?: undefined } | { at?: undefined; refusal: BotReply }

export function askedAsOf(ctx: AnswerContext, routed: Routed): AskedAsOf {
  const now = ctx.now()
  const written = routed.slots.asof
  if (!written) return { at: now }
  const timezone = ctx.settings.timezone
  const at = asOfFromText(written, planYear(ctx.plan, now, timezone), now, timezone)
  if (at) return { at }
  return {
    refusal: {
      intent: routed.intent,
      reply: `看不懂日期「${written}」。请写成「截至6月30日」「截至2023年6月30日」「截至6月底」或「截至2023-06-30」。`,
      tasks: [],
    },
  }
}
