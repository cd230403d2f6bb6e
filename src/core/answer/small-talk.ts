import type { BotReply } from '../message.js'
import type { Answerer } from './context.js'

/**
 * 你好 / 谢谢 / 好的收到: a colleague answers in one line and says what to try next. Never
 * 「工作要点未提及」: a greeting is not a question about the plan.
 */

const THANKS = /谢|感谢|辛苦|麻烦了|thank|thx/i
const GREETING = /你好|您好|^hi|^hello|嗨|哈喽|在吗|在不在|好$|早安|^早$/i
const FAREWELL = /再见|拜拜|bye/i

export const HINT = '可以直接问，例如「商标工作谁牵头」「专利的目标是多少」「我们科有哪些任务」，或发送「帮助」查看全部用法。'

export function smallTalkReply(text: string, planTitle: string): BotReply {
  let reply: string
  if (THANKS.test(text)) reply = '不客气！还有问题随时问我。'
  else if (FAREWELL.test(text)) reply = '再见，有需要随时找我。'
  else if (GREETING.test(text) && !/好的/.test(text))
    reply = `你好！我是工作要点助手，回答《${planTitle}》的问题，也记录各单位报送的进度。${HINT}`
  else reply = `好的。${HINT}`
  return { intent: 'small_talk', reply, tasks: [] }
}

export const answerSmallTalk: Answerer = (ctx, _routed, question) => smallTalkReply(question.text, ctx.plan.title)
