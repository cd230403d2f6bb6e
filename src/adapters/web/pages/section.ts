import { sectionLabel } from '../../../core/format/plan-wording.js'
import { lightBars } from '../charts.js'
import { html } from '../html.js'
import { layout, type PageContext } from '../layout.js'
import { chartFigure, targetChart, targetTable } from './targets.js'
import { taskTable } from './task-table.js'

/** One section: its lights, its targets against 序时进度 and every task in it. */
export function sectionPage(ctx: PageContext, number: number): string | null {
  const o = ctx.overview
  const section = o.sections.find((s) => s.number === number)
  if (!section) return null
  const label = sectionLabel(o.plan, number)
  const targets = o.targets.filter((t) => t.task.section === number)
  const body = html`<h2>${label}</h2>
${chartFigure('sections', (size) => lightBars([`第${number}部分`], [section.counts], size))}
${targets.length ? html`<h3>数字目标</h3>${targetChart(ctx, targets)}${targetTable(ctx, targets)}` : ''}
<h3>任务（${section.states.length} 项）</h3>
${taskTable(ctx, section.states)}`
  return layout(ctx, label, body)
}
