import type { BotReply } from '../../core/message.js'

/** Plain-text rendering for the terminal: the reply, then the file path when one was produced. */
export function renderText(reply: BotReply): string {
  return reply.file && !reply.reply.includes(reply.file.path) ? `${reply.reply}\n文件：${reply.file.path}` : reply.reply
}

/** The machine interface's answer object: exactly intent, reply, tasks and (when stored) progress. */
export function toMachineAnswer(reply: BotReply): Record<string, unknown> {
  const answer: Record<string, unknown> = { intent: reply.intent, reply: reply.reply, tasks: reply.tasks }
  if (reply.progress) answer.progress = reply.progress
  return answer
}
