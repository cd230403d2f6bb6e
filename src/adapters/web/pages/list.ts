import type { Light } from '../../../core/summary/status.js'
import { LIGHT_NAME } from '../../../core/summary/wording.js'
import { html } from '../html.js'
import { layout, type PageContext } from '../layout.js'
import { alertItem } from './overview.js'
import { taskTable } from './task-table.js'

/** The lists the overview's counts link to: the tasks in one state, the leaders' list, what awaits a decision. */
export type ListName = Light | 'alert' | 'pending'

export function listPage(ctx: PageContext, name: ListName): string {
  const o = ctx.overview
  if (name === 'alert') {
    const body = html`<h2>需要关注（${o.alerts.length} 项）</h2>${
      o.alerts.length ? html`<ol class="alerts">${o.alerts.map((s) => alertItem(ctx, s))}</ol>` : html`<p>无。</p>`
    }`
    return layout(ctx, '需要关注', body)
  }
  if (name === 'pending') {
    const body = html`<h2>待牵头单位确认办结（${o.pending.closes.length} 项）</h2>${taskTable(ctx, o.pending.closes)}
<h2>待审批延期（${o.pending.extensions.length} 项）</h2>${taskTable(ctx, o.pending.extensions)}`
    return layout(ctx, '待确认和待审批', body)
  }
  const states = o.states.filter((s) => s.light === name)
  return layout(ctx, LIGHT_NAME[name], html`<h2>${LIGHT_NAME[name]}（${states.length} 项）</h2>${taskTable(ctx, states)}`)
}
