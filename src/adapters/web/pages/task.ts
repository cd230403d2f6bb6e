import { deadlineOf, sectionLabel, targetText } from '../../../core/format/plan-wording.js'
import { unitsOf } from '../../../core/plan/types.js'
import { unitLabel } from '../../../core/plan/units.js'
import { percentText, personName } from '../../../core/summary/wording.js'
import { href, html, unitPath } from '../html.js'
import { layout, lightBadge, type PageContext, time } from '../layout.js'
import { targetChart, targetTable } from './overview.js'

/** One task: its full text, units, targets against 序时进度, deadline and every update with who, when and attainment. */
export function taskPage(ctx: PageContext, number: number): string | null {
  const o = ctx.overview
  const state = o.states.find((s) => s.task.number === number)
  if (!state) return null
  const { task } = state
  const targets = o.targets.filter((t) => t.task.number === number)
  const updates = o.updates.filter((u) => u.task === number).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id))
  const units = unitsOf(task)
  const body = html`<article class="task">
<h2>第${task.number}条 ${lightBadge(state.light, state.status)}</h2>
<p class="crumbs"><a href="${href(`/section/${task.section}`, ctx.query)}">${sectionLabel(o.plan, task.section)}</a>${task.group ? ` · ${task.group}` : ''}</p>
<p class="fulltext">${task.text}</p>
<dl class="facts">
<dt>牵头单位</dt><dd>${task.lead ? html`<a href="${href(unitPath(task.lead.name), ctx.query)}">${unitLabel(task.lead)}</a>` : '未写明'}</dd>
<dt>配合单位</dt><dd>${task.partners.length ? task.partners.map((p, i) => html`${i ? '、' : ''}<a href="${href(unitPath(p.name), ctx.query)}">${unitLabel(p)}</a>`) : '无'}</dd>
<dt>目标</dt><dd>${task.targets.length ? task.targets.map(targetText).join('；') : '无数字目标'}</dd>
<dt>完成时限</dt><dd>${deadlineOf(task) ?? '未写明'}</dd>
<dt>状态</dt><dd>${state.reason}${state.attainment !== null ? `（完成度 ${percentText(state.attainment)}）` : ''}</dd>
</dl>
${targets.length ? html`<h3>数字目标</h3>${targetChart(ctx, targets)}${targetTable(ctx, targets)}` : ''}
<h3>报送记录（${updates.length} 条）</h3>
${
  updates.length
    ? html`<ol class="updates">${updates.map(
        (
          u,
        ) => html`<li><span class="when">${time(ctx, u.at)}</span> <a href="${href(unitPath(u.unit), ctx.query)}">${u.unit}</a> ${personName(u.userName, u.user)}${u.done ? ' · 已完成' : ''}
<p class="text">${u.text}</p>${u.attainment !== null ? html`<span class="pct">完成度 ${percentText(u.attainment)}</span>` : ''}</li>`,
      )}</ol>`
    : html`<p>尚无报送。${units.length ? `应由${units.map((u) => u.name).join('、')}报送。` : ''}</p>`
}
</article>`
  return layout(ctx, `第${task.number}条`, body)
}
