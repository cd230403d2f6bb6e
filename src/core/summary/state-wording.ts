import type { TaskState } from './status.js'

/**
 * How a task's state and deadline read in every view (chat, dashboard, 台账): the 状态 a table shows
 * and the 完成时限 with any 延期.
 */

/** The deadline as people read it: as the plan writes it, or 未写明（按年底） when it gives none. */
export function deadlineText(deadline: string | null): string {
  return deadline?.trim() || NO_DEADLINE
}

export const NO_DEADLINE = '未写明（按年底）'

/**
 * 完成时限 as every view shows it: the deadline in force, and after an approved 延期 the one it
 * replaced: 「9月底前（已延期，原为 6月底前）」.
 */
export function deadlineLine(s: Pick<TaskState, 'deadline' | 'cycle'>): string {
  const now = deadlineText(s.deadline)
  const first = s.cycle.replaced[0]
  return s.cycle.extension ? `${now}（已延期，原为 ${deadlineText(first ?? null)}）` : now
}

/** 「已办结」 for a closed task, else the state's name: the 状态 a table shows. */
export function stateLabel(s: Pick<TaskState, 'state' | 'cycle'>): string {
  return s.cycle.closed ? '已办结' : s.state
}
