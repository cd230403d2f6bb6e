import { canonical, startsWithCommand } from './command-words.js'

/**
 * What a replayed backlog still carries out. After a login, WeChat replays messages sent while the
 * bot was away; answering old questions would flood the room, but a progress report, a binding or
 * a withdrawal is something a person did and expects to be kept. Such messages go to the core
 * (deduped by id like any other) and get their reply; everything else in the backlog is dropped.
 *
 * Two checks, both needed: the text must look like one of these commands before the core sees it
 * (so an old 「导出台账」 writes no file), and the core's intent must be one of them after.
 */

/** Command words that start a write: progress reports, withdrawals, bindings and approvals. */
const ACTION_WORDS = ['进度', '进展', '报送', '报送进度', '进度报送', '更新进度', '#', '撤回', '撤销', '绑定', '解绑', '批准'] as const

/** The self-declared binding 「我是知识产权促进科的」 (intents/bind.json) has no command word. */
const SELF_BINDING = /^(?:我是|我在|我属于|本人是|本人属于)\S/

/** Intents whose answer is a write the sender is waiting to see confirmed. */
export const BACKLOG_INTENTS: ReadonlySet<string> = new Set(['log_progress', 'withdraw', 'bind', 'unbind', 'approve'])

export function looksLikeBacklogAction(text: string): boolean {
  return (
    startsWithCommand(text, ACTION_WORDS) ||
    SELF_BINDING.test(canonical(text)) ||
    /^第?\s*\d+\s*(?:条|项)\s*(?:进度|进展)\s*[:：]/.test(canonical(text))
  )
}
