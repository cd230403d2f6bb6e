import { foldText, stripInvisible } from '../../core/text/normalise.js'

/**
 * Words that address the bot in a group chat without a mention, shared by Slack and WeChat (the
 * command-like intents of intents/). Data, not logic: add a phrase here and rooms start answering
 * it. A phrase must be followed by the end of the message, a space, a digit or punctuation, so
 * 「汇总一下大家的意见」 and 「进度怎么样了」 stay conversations between people; compound commands
 * are listed whole for that reason (「导出台账」, 「报送进度 20」).
 */
export const COMMAND_WORDS = [
  '进度',
  '进展',
  '报送',
  '报送进度',
  '进度报送',
  '更新进度',
  '#',
  '汇总',
  '进度汇总',
  '帮助',
  '撤回',
  '撤销',
  '导出',
  '导出台账',
  '下载台账',
  '台账',
  '绑定',
  '解绑',
  '批准',
  '待审批',
  // The 督办 cycle (intents/close_task.json and its neighbours).
  '办结',
  '申请办结',
  '确认办结',
  '同意办结',
  '退回办结',
  '重新打开',
  '撤销办结',
  '延期',
  '申请延期',
  '批准延期',
  '同意延期',
  '驳回延期',
  '待确认办结',
  '待审批延期',
  '佐证',
  '佐证材料',
] as const

/** What a bare mention (「@工作要点助手」 and nothing else) or an empty slash command asks for. */
export const BARE_MENTION_TEXT = '帮助'

const AFTER_WORD = /[\s\d:：,，.。;；!！?？、(（-]/

/**
 * The form used for matching only, folded as the core folds every message: no invisible characters,
 * NFKC (full-width → half-width), simplified script (進度 → 进度), trimmed.
 */
export function canonical(text: string): string {
  return foldText(stripInvisible(text)).trim()
}

export function startsWithCommand(text: string, words: readonly string[] = COMMAND_WORDS): boolean {
  const t = canonical(text)
  return words.some((word) => {
    if (!t.startsWith(word)) return false
    const next = t.slice(word.length, word.length + 1)
    return next === '' || AFTER_WORD.test(next)
  })
}
