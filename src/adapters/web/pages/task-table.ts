import { gist, leadName } from '../../../core/format/plan-wording.js'
import type { TaskState } from '../../../core/summary/status.js'
import { percentText } from '../../../core/summary/wording.js'
import { href, html, type SafeHtml, unitPath } from '../html.js'
import { lightBadge, type PageContext, time } from '../layout.js'

/** A table of tasks with their light, status, attainment and latest update, each row linked. */
export function taskTable(ctx: PageContext, states: TaskState[]): SafeHtml {
  if (states.length === 0) return html`<p>无。</p>`
  return html`<table class="data tasks"><thead><tr><th>条号</th><th>任务</th><th>牵头</th><th>状态</th><th>完成度</th><th>最新报送</th></tr></thead><tbody>
${states.map(
  (s) => html`<tr><td><a href="${href(`/task/${s.task.number}`, ctx.query)}">第${s.task.number}条</a></td>
<td>${gist(s.task, 40)}</td>
<td>${s.task.lead ? html`<a href="${href(unitPath(s.task.lead.name), ctx.query)}">${leadName(s.task)}</a>` : '未写明'}</td>
<td>${lightBadge(s.light, s.status)}<span class="reason">${s.reason}</span></td><td>${percentText(s.attainment) || '—'}</td>
<td>${s.latest ? html`${time(ctx, s.latest.at)} ${s.latest.unit}` : '—'}</td></tr>`,
)}
</tbody></table>`
}
