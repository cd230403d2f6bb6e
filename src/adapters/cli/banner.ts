import type { Runtime } from '../../boot.js'
import { planClock } from '../../core/summary/plan-clock.js'

/**
 * The terminal's first screen: which plan (or plans) it answers from, and, when the default
 * plan's year is over or not yet begun, what that means for its answers and how to ask about a
 * day inside the year (「汇总 截至6月30日」), so a newcomer to the bundled 2023 plan is not puzzled.
 */
export function terminalBanner(runtime: Pick<Runtime, 'plans' | 'plan' | 'config'>, now: Date): string {
  const { plans, plan } = runtime
  const head =
    plans.size > 1
      ? `工作要点助手 — ${plans.size} 份工作要点：${plans.listing()}；默认${plans.label(plans.default)}。`
      : `工作要点助手 — 《${plan.title}》，${plan.tasks.length} 项任务。`
  const clock = planClock(plan, now, runtime.config.BOT_TIMEZONE)
  const year =
    clock.phase === 'after'
      ? `\n${clock.year}年度已结束：汇总和红绿灯按 ${clock.year}-12-31 的最终状态。想看年内某天的情况，可以问「汇总 截至6月30日」。`
      : clock.phase === 'before'
        ? `\n${clock.year}年度尚未开始：还没有到期的任务。`
        : ''
  return `${head}输入问题，help 查看示例，Ctrl-D 退出。${year}`
}
