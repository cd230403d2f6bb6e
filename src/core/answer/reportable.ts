import type { Task } from '../plan/types.js'
import { unitsOf } from '../plan/types.js'
import type { AnswerContext } from './context.js'

/**
 * Which tasks a bound unit may report on: those that name it (lead or co-unit, any spelling the
 * directory knows) and those naming a group word that covers it (食品相关科室 for 食品生产科, 各县级局
 * for 津市市场监督管理局). One rule for 「进度」, 「我的任务」 and 「我是谁」.
 */

type Units = Pick<AnswerContext, 'plan' | 'units'>

export function taskAccepts(ctx: Units, task: Task, unit: string): boolean {
  // The bureau's own office for a task (责任处室) reports on it as its units do.
  return [...unitsOf(task), ...(task.offices ?? [])].some((u) =>
    u.placeholder ? ctx.units.covers(u.name, unit) : ctx.units.get(u.name)?.name === unit,
  )
}

/** The tasks `unit` may report on, in plan order. */
export function reportableTasks(ctx: Units, unit: string): Task[] {
  return ctx.plan.tasks.filter((t) => taskAccepts(ctx, t, unit))
}
