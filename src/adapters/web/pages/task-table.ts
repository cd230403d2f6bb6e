import { gist, leadName } from '../../../core/format/plan-wording.js'
import { stateLabel } from '../../../core/summary/state-wording.js'
import type { TaskState } from '../../../core/summary/status.js'
import { cycleLine, driverText } from '../../../core/summary/task-wording.js'
import { href, html, type SafeHtml, unitPath } from '../html.js'
import { lightBadge, type PageContext, time } from '../layout.js'

/** A table of tasks with their state and why, 完成度 (and the target behind it) and latest report, each row linked. */
export function taskTable(ctx: PageContext, states: TaskState[]): SafeHtml {
  if (states.length === 0) return html`<p>无。</p>`
  return html`<table class="data tasks"><thead><tr><th>条号</th><th>任务</th><th>牵头</th><th>状态</th><th>完成度</th><th>最新报送</th></tr></thead><tbody>
${states.map((s) => {
  const cycle = cycleLine(s, ctx.timezone)
  return html`<tr><td><a href="${href(`/task/${s.task.number}`, ctx.query)}">第${s.task.number}条</a></td>
<td>${gist(s.task, 40)}</td>
<td>${s.task.lead ? html`<a href="${href(unitPath(s.task.lead.name), ctx.query)}">${leadName(s.task)}</a>` : '未写明'}</td>
<td>${lightBadge(s.light, stateLabel(s))}<span class="reason">${s.reason}</span>${cycle ? html`<span class="reason">${cycle}</span>` : ''}</td><td>${driverText(s) || '—'}</td>
<td>${s.latest ? html`${time(ctx, s.latest.at)} ${s.latest.unit}` : '—'}</td></tr>`
})}
</tbody></table>`
}
