import { gist, whoLeads } from '../../../core/format/plan-wording.js'
import type { StoredUpdate } from '../../../core/progress/store.js'
import { evidenceNames, figuresText, lateMark, partOf, reportText, sizeText, whoReported } from '../../../core/summary/task-wording.js'
import { href, html, type SafeHtml, unitPath } from '../html.js'
import { type PageContext, time } from '../layout.js'

/**
 * Reports as a list, newest first: when, who (unit and display name), which task, the 补报 mark,
 * the report's 本月进展 / 存在问题 / 下步计划, the figures counted for targets and those not, and its
 * 佐证材料 as links (served only to a signed-in leader, /evidence/<id>).
 */

export interface UpdateListOptions {
  /** Name the task of each report (lists across tasks). */
  task?: boolean
  /** Name the unit of each report (lists across units). */
  unit?: boolean
}

export function updatesList(ctx: PageContext, updates: StoredUpdate[], opts: UpdateListOptions = {}): SafeHtml {
  const o = ctx.overview
  const taskOf = new Map(o.plan.tasks.map((t) => [t.number, t]))
  return html`<ol class="updates">${updates.map((u) => {
    const task = taskOf.get(u.task)
    const late = lateMark(u, o.clock.year, ctx.timezone)
    const files = o.evidence.get(u.id) ?? []
    const figures = task ? figuresText(task, u) : ''
    return html`<li${late ? html` class="late"` : ''}><span class="when">${time(ctx, u.at)}</span>${late ? html` <span class="tag">${late}</span>` : ''}
${opts.unit === false ? '' : html` <a href="${href(unitPath(u.unit), ctx.query)}">${u.unit}</a>`} ${whoReported(u)}${u.done ? ' · 报完成' : ''}
${opts.task ? html` · <a href="${href(`/task/${u.task}`, ctx.query)}">第${u.task}条</a> ${task ? gist(task, 20) : ''}（${task ? whoLeads(task) : ''}）` : ''}
<p class="text"><span class="part">本月进展</span>${reportText(u)}</p>
${partOf(u, 'problems') ? html`<p class="text"><span class="part">存在问题</span>${partOf(u, 'problems')}</p>` : ''}
${partOf(u, 'next') ? html`<p class="text"><span class="part">下步计划</span>${partOf(u, 'next')}</p>` : ''}
${figures ? html`<p class="pct">${figures}</p>` : ''}
${
  files.length
    ? html`<p class="files">佐证材料：${files.map(
        (f, k) =>
          html`${k ? '、' : ''}<a href="${href(`/evidence/${f.id}`, ctx.planKey ? `plan=${encodeURIComponent(ctx.planKey)}` : '')}" title="${evidenceNames([f])}">${f.name}</a>（${sizeText(f.size)}）`,
      )}</p>`
    : ''
}</li>`
  })}</ol>`
}
