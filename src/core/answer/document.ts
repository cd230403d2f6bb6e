import type { BotReply } from '../message.js'
import type { DocumentPart } from '../query/frame.js'
import { tokenize, tokenSet } from '../search/tokenize.js'
import type { AnswerContext, Answerer } from './context.js'
import { NOT_IN_PLAN, quote, sentencesOf } from './format.js'

/**
 * Questions about the plan's own words outside the tasks: the preamble (总体目标, 指导思想), the
 * closing paragraphs (how the lead unit is decided, who else is responsible), the title and the
 * parts. Answered by quoting the sentence that says it; when the document does not say, the reply
 * says so and invents nothing.
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

function leadRuleAnswer(ctx: AnswerContext): BotReply {
  const rule = [...ctx.plan.closing, ctx.plan.preamble].flatMap(sentencesOf).find((s) => LEAD_RULE.test(s))
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

/** The preamble's sentences, the last one ending where the list of tasks begins (主要任务是). */
function preambleSentences(ctx: AnswerContext): string[] {
  const sentences = sentencesOf(ctx.plan.preamble.replace(/[,，](?=主要任务)/, '。'))
  // 「指导思想。」「发展目标。」 head the sentence after them: kept together.
  return sentences.reduce<string[]>((out, s) => {
    const last = out.at(-1)
    if (last !== undefined && HEADING.test(last)) out[out.length - 1] = `${last}${s}`
    else out.push(s)
    return out
  }, [])
}

/** A short heading sentence of a preamble: 指导思想。 基本原则。 发展目标。 */
const HEADING = /^.{2,8}[。：:]$/

/** The paragraph headings a question may name (指导思想, 基本原则 …): the sentence under one answers it. */
const NAMED_PART = /指导思想|基本原则|工作原则|总体要求|发展目标|总体目标|主要目标|工作目标/

function preambleAnswer(ctx: AnswerContext, about: string, goal: boolean): BotReply {
  const sentences = preambleSentences(ctx)
  if (sentences.length === 0) return { intent: 'plan_text', reply: `${NOT_IN_PLAN}总体目标：这份工作要点没有开头的总体说明。`, tasks: [] }
  // 「指导思想是什么」: the sentence under that heading, when the preamble has one.
  const named = about.match(NAMED_PART)?.[0]
  const headed = named ? sentences.filter((s) => s.startsWith(named)) : []
  if (headed.length) return { intent: 'plan_text', reply: `工作要点开头写明：${headed.map(quote).join('\n')}`, tasks: [] }
  // 「总体目标」「序言里的目标」: the sentences that name a goal, else the one closest to the words asked.
  const goals = goal ? sentences.filter((s) => /目标|力争|确保/.test(s)) : []
  const found = goals.length ? goals : [bestOf(sentences, about) ?? (sentences[0] as string)]
  return { intent: 'plan_text', reply: `工作要点开头写明：${found.map(quote).join('\n')}`, tasks: [] }
}

function closingAnswer(ctx: AnswerContext): BotReply {
  if (ctx.plan.closing.length === 0)
    return { intent: 'plan_text', reply: `${NOT_IN_PLAN}结尾说明：这份工作要点在任务之后没有另写说明。`, tasks: [] }
  return { intent: 'plan_text', reply: `工作要点结尾写明：\n${ctx.plan.closing.map(quote).join('\n')}`, tasks: [] }
}

/** 「一共涉及多少个单位」「责任单位名单」: the plan's units, each with how many tasks it leads and joins. */
function unitsAnswer(ctx: AnswerContext): BotReply {
  const units = [...ctx.units.units].sort((a, b) => b.led.length + b.partnered.length - (a.led.length + a.partnered.length))
  const groups = [...ctx.units.placeholderTasks().keys()]
  const lines = units.map((u) => `${u.name}：牵头 ${u.led.length} 项，配合 ${u.partnered.length} 项`)
  const also = groups.length ? [`另有泛指的「${groups.join('」「')}」，工作要点没有写明具体是哪些单位。`] : []
  return { intent: 'unit_tasks', reply: [`工作要点点名的责任单位共 ${units.length} 个：`, ...lines, ...also].join('\n'), tasks: [] }
}

function aboutPlan(ctx: AnswerContext, part: 'year' | 'issuer' | 'title'): BotReply {
  const id = ctx.identity
  const title = `《${ctx.plan.title}》`
  if (part === 'year')
    return { intent: 'plan_text', reply: id?.year ? `这是${id.year}年的工作要点：${title}。` : `${title}没有写明年份。`, tasks: [] }
  if (part === 'issuer')
    return {
      intent: 'plan_text',
      reply: id?.issuer ? `${title}由${id.issuer}印发。` : `${NOT_IN_PLAN}发文单位：${title}没有写明由哪个单位印发。`,
      tasks: [],
    }
  return { intent: 'plan_text', reply: `这份工作要点的标题是${title}。`, tasks: [] }
}

/** 「第五部分的标题叫啥」: that part's heading, with the tasks it holds. */
function sectionTitle(ctx: AnswerContext, number: number): BotReply {
  const section = ctx.plan.sections.find((s) => s.number === number)
  if (!section) return { intent: 'section', reply: `工作要点没有第${number}部分（共 ${ctx.plan.sections.length} 个部分）。`, tasks: [] }
  const range = section.tasks.length ? `，含第${section.tasks[0]}–${section.tasks.at(-1)}条，共 ${section.tasks.length} 条` : ''
  const title = section.title ? `「${section.title}」` : '没有标题'
  return { intent: 'section', reply: `第${number}部分的标题是${title}${range}。`, tasks: [] }
}

/**
 * The answer to a question about a part of the document (not the parts list: see answerSection).
 * A title asked with a part of the plan (第五部分叫什么) is that part's heading.
 */
export function answerDocumentPart(ctx: AnswerContext, part: DocumentPart, about: string, asksFigure: boolean, section?: number): BotReply {
  if (part === 'title' && section !== undefined) return sectionTitle(ctx, section)
  if (part === 'leadRule') return leadRuleAnswer(ctx)
  if (part === 'closing') return closingAnswer(ctx)
  if (part === 'units') return unitsAnswer(ctx)
  if (part === 'title' || part === 'year' || part === 'issuer') return aboutPlan(ctx, part)
  return preambleAnswer(ctx, about, part === 'goal' || asksFigure)
}

export const answerPlanText: Answerer = (ctx, routed, question) => {
  if (routed.slots.lead !== undefined) return leadRuleAnswer(ctx)
  return preambleAnswer(ctx, `${routed.slots.about ?? ''} ${question.text}`, false)
}
