import { tokenize, tokenSet } from '../search/tokenize.js'
import type { Answerer } from './context.js'
import { NOT_IN_PLAN, quote, sentencesOf } from './format.js'

/**
 * Questions about the plan's own words outside the tasks: the preamble (总体目标, 指导思想) and the
 * closing paragraphs (how the lead unit is decided, who else is responsible). Answered by quoting
 * the sentence that says it; when the document does not say, the reply says so and invents nothing.
 */

/** The sentence of `text` sharing most tokens with the query, or null when none shares any. */
function bestOf(sentences: string[], query: string): string | null {
  const wanted = new Set(tokenize(query))
  let best: { sentence: string; score: number } | null = null
  for (const sentence of sentences) {
    const score = [...tokenSet(sentence)].filter((t) => wanted.has(t)).length
    if (score > 0 && (!best || score > best.score)) best = { sentence, score }
  }
  return best?.sentence ?? null
}

/** A sentence of the closing paragraphs that states how the lead unit is chosen. */
const LEAD_RULE = /(?:排|列)(?:在)?(?:第一|首位|前面)[^。；]*牵头|牵头单位[^。；]*(?:排|列)(?:在)?(?:第一|首位)/

export const answerPlanText: Answerer = (ctx, routed, question) => {
  const { plan } = ctx
  if (routed.slots.lead !== undefined) {
    const rule = plan.closing.flatMap(sentencesOf).find((s) => LEAD_RULE.test(s))
    if (!rule)
      return {
        intent: 'plan_text',
        reply: `${NOT_IN_PLAN}牵头单位的确定规则：工作要点没有写明排第一的单位牵头，所以列出多个责任单位的任务，我只列责任单位，不替它认定牵头单位。`,
        tasks: [],
      }
    return {
      intent: 'plan_text',
      reply: `工作要点结尾写明：${quote(rule)}\n也就是说，一条任务列了几个责任单位时，排在第一位的是牵头单位，其余为配合单位。`,
      tasks: [],
    }
  }
  const preamble = sentencesOf(plan.preamble.replace(/[,，](?=主要任务)/, '。'))
  const found = bestOf(preamble, `${routed.slots.about ?? ''} ${question.text}`) ?? preamble[0]
  if (!found) return { intent: 'plan_text', reply: `${NOT_IN_PLAN}总体目标：这份工作要点没有开头的总体说明。`, tasks: [] }
  return { intent: 'plan_text', reply: `工作要点开头写明：${quote(found)}`, tasks: [] }
}
