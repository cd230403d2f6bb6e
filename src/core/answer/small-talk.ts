import type { BotReply } from '../message.js'
import type { ChatKind } from '../query/frame.js'
import type { Answerer } from './context.js'

/**
 * 你好 / 谢谢 / 好的收到 / a meeting notice: a colleague answers in one line and says what to try
 * next. Never 「工作要点未提及」: chat is not a question about the plan. Questions about the bot
 * itself (你会干什么, 报进度的格式是啥) get a short answer with examples.
 */

export const HINT = '可以直接问，例如「商标工作谁牵头」「专利的目标是多少」「我们科有哪些任务」，或发送「帮助」查看全部用法。'

const THANKS = /谢|感谢|辛苦|麻烦了|有劳|thank|thx/i
const GREETING = /你好|您好|大家好|各位好|[早午晚]上好|下午好|中午好|早安|午安|晚安|^hi|^hello|嗨|哈喽|在吗|在不在|在么|^早/i
const FAREWELL = /再见|拜拜|bye|回头聊|下次聊/i

function replyFor(kind: ChatKind | undefined, text: string, planTitle: string): string {
  if (kind === 'notice') return '收到。需要查工作要点或报送进度时 @我 就行。'
  if (THANKS.test(text)) return '不客气！还有问题随时问我。'
  if (FAREWELL.test(text)) return '再见，有需要随时找我。'
  if (GREETING.test(text) && !/好的/.test(text))
    return `你好！我是工作要点助手，回答《${planTitle}》的问题，也记录各单位报送的进度。${HINT}`
  return `好的。${HINT}`
}

export function smallTalkReply(text: string, planTitle: string, kind?: ChatKind): BotReply {
  return { intent: 'small_talk', reply: replyFor(kind, text, planTitle), tasks: [] }
}

export const answerSmallTalk: Answerer = (ctx, _routed, question) => smallTalkReply(question.text, ctx.plan.title)

/** 「你会干什么」「你是谁」: what the bot does, in two lines with examples. */
export function aboutBot(planTitle: string): BotReply {
  return {
    intent: 'help',
    reply: [
      `我是工作要点助手，熟悉《${planTitle}》：谁牵头、谁配合、目标多少、哪几条、什么时候，都可以直接问，例如「商标工作谁牵头」「广告科配合哪些任务」。`,
      '各单位也可以在这里报送进度（「进度 20 截至6月底发明专利申请量1200件」），领导发「汇总」看全局。发送「帮助」查看全部用法。',
    ].join('\n'),
    tasks: [],
  }
}

/** 「怎么报进度」「报进度的格式是啥」: the command, with an example, and binding first. */
export function howToReport(example?: { task: number; text: string }): BotReply {
  const sample = example ? `进度 ${example.task} ${example.text}` : '进度 20 截至6月底发明专利申请量1200件'
  return {
    intent: 'help',
    reply: [
      `报送进度请发：「进度 条号 进展内容」，例如「${sample}」。`,
      '第一次报送前先绑定单位：「我是XX科的」。发错了可以发「撤回」（24小时内）。',
    ].join('\n'),
    tasks: [],
  }
}
