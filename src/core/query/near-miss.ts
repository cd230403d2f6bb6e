import type { AnswerContext } from '../answer/context.js'
import { bestSentence, deadlineOf, NOT_IN_PLAN, quote, taskRef, unitsLine } from '../answer/format.js'
import { TIME_PHRASE } from '../answer/timeline.js'
import type { BotReply } from '../message.js'
import type { Task } from '../plan/types.js'
import { topicOf } from '../search/topic.js'
import type { Frame } from './frame.js'

/**
 * A near miss: the plan has the topic but not what is asked of it — a word the question turns on
 * that the best task never says (特种设备事故的「赔偿标准」), or a date where the task gives none
 * (食品安全示范城市验收「哪天」). The reply cites the related task and says plainly that the plan
 * does not state it; it returns no task, so nothing unrelated is offered as the answer.
 */

/** A content word of the question that the task's text never uses, itself or through an official term. */
function unsaid(ctx: AnswerContext, words: string[], task: Task): string | undefined {
  return words.find((word) => {
    if (word.length < 2 || /\d/.test(word)) return false
    const forms = [word, ...ctx.search.cleanQuery(word).split(' ')].filter((w) => w.length >= 2)
    return !forms.some((form) => [...Array(form.length - 1).keys()].some((k) => task.text.includes(form.slice(k, k + 2))))
  })
}

/** What the question is about, in words: the section's words and the topic. */
function topicText(frame: Frame): string {
  return [frame.sectionWords, frame.topic].filter(Boolean).join(' ')
}

/** 「工作要点未提及X。相关内容见第N条（牵头：…）：「…」」: the plan does not say it; the related task is cited. */
function notStated(what: string, top: Task, sentence: string): string {
  return `${NOT_IN_PLAN}${what}。相关内容见第${top.number}条（${unitsLine(top)}）：${quote(sentence)}`
}

export function nearMiss(ctx: AnswerContext, frame: Frame, asked: 'date' | 'text'): BotReply | null {
  const topic = topicText(frame)
  const top = ctx.search.find(topic, 1)[0]?.task
  if (!top) return null
  const words = topicOf(topic).words
  const missing = unsaid(ctx, words, top)
  const undated = asked === 'date' && !deadlineOf(top) && top.events.length === 0 && !TIME_PHRASE.test(bestSentence(top, topic))
  if (!missing && !undated) return null
  const echo = topicOf(topic).text
  const what = missing ? `「${missing}」` : `「${echo}」的具体时间`
  return {
    // A date the plan does not give is still a time question, answered: it says so and offers no task.
    intent: missing ? 'not_found' : 'timeline',
    reply: `${notStated(what, top, bestSentence(top, topic))}${undated && !missing ? '\n工作要点是全年计划，这项没有写明具体日期或完成时限。' : ''}`,
    tasks: [],
  }
}

/** A place the plan may name: a county, a town, a park, a website (not the plan's 各区县(市) for all of them). */
const PLACE = /[\p{Script=Han}]{1,8}(?:县|乡|镇|村|街道|园区|网站|网|平台|广场|会场|体育馆|会展中心)|开发区|高新区|经开区/u
const EVERY_PLACE = /各?区县[（(]市[）)]|各?县市区|各区县|全市|全省|各乡镇/g
/** Names listed: 「飞沃科技、金天钛业等企业」, three or more in a row (经开区、高新区、临澧), a company. */
const NAMES =
  /[\p{Script=Han}]{2,10}(?:公司|集团)|[\p{Script=Han}]{2,10}、[\p{Script=Han}]{2,10}(?:、[\p{Script=Han}]{2,10})*等|[\p{Script=Han}]{2,10}(?:、[\p{Script=Han}]{2,10}){2,}/u

/**
 * 「授牌会在哪开」「那10家是哪几家」: where, or which ones by name. The task the question is about
 * answers when its sentence names a place (or names); else the plan does not say, and the reply
 * cites the task and offers no task as the answer, like any near miss.
 */
export function whereOrWhich(ctx: AnswerContext, frame: Frame, asked: 'place' | 'names'): BotReply | null {
  const topic = topicText(frame)
  const named = frame.task !== undefined ? ctx.search.task(frame.task) : undefined
  const top = named ?? (topicOf(topic).words.length ? ctx.search.find(topic, 1)[0]?.task : undefined)
  if (!top) return null
  const sentence = bestSentence(top, topic)
  // Places are often listed as names (经开区、高新区、临澧、津市): a list answers where, too.
  const says = NAMES.test(sentence) || (asked === 'place' && PLACE.test(sentence.replace(EVERY_PLACE, '')))
  if (says)
    return {
      intent: 'show_task',
      reply: `第${top.number}条写明：${quote(sentence)}
${unitsLine(top)}`,
      tasks: [taskRef(top)],
    }
  const echo = topicOf(topic).text || `第${top.number}条`
  return {
    intent: 'not_found',
    reply: notStated(`「${echo}」的${asked === 'place' ? '地点' : '具体名单'}`, top, sentence),
    tasks: [],
  }
}
