import { html } from '../html.js'
import { layout, type PageContext } from '../layout.js'
import { taskTable } from './task-table.js'
import { updatesList } from './updates.js'

/** Updates listed on a unit page, newest first. */
export const UNIT_UPDATES = 50

/**
 * One unit, by the name the plan writes: the tasks it leads and co-operates on, how it reports this
 * period, and its latest updates. Null for a name no task mentions.
 */
export function unitPage(ctx: PageContext, name: string): string | null {
  const o = ctx.overview
  const led = o.states.filter((s) => s.task.lead?.name === name)
  const partnered = o.states.filter((s) => s.task.partners.some((p) => p.name === name))
  if (led.length === 0 && partnered.length === 0) return null
  const report = o.units.find((u) => u.unit === name)
  const updates = o.updates
    .filter((u) => u.unit === name)
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id))
    .slice(0, UNIT_UPDATES)
  const body = html`<h2>${name}</h2>
${report ? html`<p class="summary">牵头 ${report.led.length} 项，${o.period.name}已报送 ${report.reportedThisPeriod} 项，未报送 ${report.overdue.length} 项，滞后 ${report.red.length} 项。</p>` : ''}
<h3>牵头任务（${led.length} 项）</h3>
${taskTable(ctx, led)}
<h3>配合任务（${partnered.length} 项）</h3>
${taskTable(ctx, partnered)}
<h3>最近报送</h3>
${updates.length ? updatesList(ctx, updates, { task: true, unit: false }) : html`<p>尚无报送。</p>`}`
  return layout(ctx, name, body)
}
