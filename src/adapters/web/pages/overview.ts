import { gist, leadName, sectionLabel, whoLeads } from '../../../core/format/plan-wording.js'
import type { TaskState } from '../../../core/summary/status.js'
import { LIGHT_NAME, LIGHTS } from '../../../core/summary/wording.js'
import { lightBars, reportingBars } from '../charts.js'
import { href, html, type SafeHtml, unitPath } from '../html.js'
import { layout, lightBadge, type PageContext } from '../layout.js'
import { chartFigure, targetChart, targetTable } from './targets.js'
import { updatesList } from './updates.js'

/**
 * The overview a director opens on Monday, answering "what needs me" first: the tasks behind or
 * overdue, or silent for several periods, each with why and its lead unit, linked; then the counts
 * per state (each a link to its list), the sections, every numeric target against 序时进度 in the
 * colour of its own state, units ranked by reporting and the latest reports. Large plans show the
 * TARGET_CHART_LIMIT targets furthest behind and the UNIT_CHART_LIMIT units; pages per section and
 * unit hold the rest.
 */

export const TARGET_CHART_LIMIT = 60
export const UNIT_CHART_LIMIT = 40
/** Long-silent tasks linked one by one at the top; the rest are on /tasks/alert. */
export const SILENT_LINKS = 20

/** One task on the leaders' list: state, number, gist, lead unit and why. */
export function alertItem(ctx: PageContext, s: TaskState): SafeHtml {
  return html`<li>${lightBadge(s.light)} <a href="${href(`/task/${s.task.number}`, ctx.query)}">第${s.task.number}条</a> ${gist(s.task, 28)}
<span class="lead">${s.task.lead ? html`牵头：<a href="${href(unitPath(s.task.lead.name), ctx.query)}">${leadName(s.task)}</a>` : whoLeads(s.task)}</span>
<span class="why">${s.alert ?? s.reason}</span></li>`
}

function needsMe(ctx: PageContext): SafeHtml {
  const o = ctx.overview
  const pending = [
    o.pending.closes.length
      ? html`<a href="${href('/tasks/pending', ctx.query)}">待牵头单位确认办结 ${o.pending.closes.length} 项</a>`
      : '',
    o.pending.extensions.length
      ? html`<a href="${href('/tasks/pending', ctx.query)}">待审批延期 ${o.pending.extensions.length} 项</a>`
      : '',
  ].filter(Boolean)
  const head = html`<h2>需要关注（${o.alerts.length} 项）</h2>`
  // The tasks behind or overdue one by one; the long-silent ones as a compact row of links.
  const behind = o.alerts.filter((s) => s.state === '滞后')
  const silent = o.alerts.filter((s) => s.state !== '滞后')
  const list = o.alerts.length
    ? html`${behind.length ? html`<ol class="alerts">${behind.map((s) => alertItem(ctx, s))}</ol>` : ''}${
        silent.length
          ? html`<p class="silent">${lightBadge('grey')} 连续 ${o.alertPeriods} 个及以上周期未报送 <a href="${href('/tasks/alert', ctx.query)}">${silent.length} 项</a>：${silent
              .slice(0, SILENT_LINKS)
              .map((s, k) => html`${k ? '、' : ''}<a href="${href(`/task/${s.task.number}`, ctx.query)}">第${s.task.number}条</a>`)}${
              silent.length > SILENT_LINKS ? html`…（<a href="${href('/tasks/alert', ctx.query)}">全部</a>）` : ''
            }</p>`
          : ''
      }`
    : html`<p>没有滞后、逾期或连续 ${o.alertPeriods} 个周期未报送的任务。</p>`
  const late = o.late.length ? html`<p class="note">已计入补报 ${o.late.length} 条（年度结束后报送，标注「补报」）。</p>` : ''
  return html`<section class="needs-me" id="needs-me">${head}${list}${pending.length ? html`<p class="pending">${pending.map((p, k) => html`${k ? ' · ' : ''}${p}`)}</p>` : ''}${late}</section>`
}

function tiles(ctx: PageContext): SafeHtml {
  const o = ctx.overview
  const reported = o.states.filter((s) => s.updates > 0).length
  const closed = o.states.filter((s) => s.cycle.closed).length
  return html`<section class="tiles">
${LIGHTS.map(
  (l) =>
    html`<a class="tile tile-${l}" href="${href(`/tasks/${l}`, ctx.query)}"><span class="n">${o.counts[l]}</span><span>${LIGHT_NAME[l]}</span></a>`,
)}
<div class="tile total"><span class="n">${o.states.length}</span><span>任务 · 已报送 ${reported} · 已办结 ${closed}</span></div>
</section>`
}

function sectionsPart(ctx: PageContext): SafeHtml {
  const o = ctx.overview
  const labels = o.sections.map((s) => sectionLabel(o.plan, s.number).replace(/」$/, '').replace('「', ' '))
  return html`<section><h2>各部分任务状态</h2>
${chartFigure('sections', (size) =>
  lightBars(
    labels,
    o.sections.map((s) => s.counts),
    size,
  ),
)}
<table class="data"><thead><tr><th>部分</th><th>任务</th><th>已报送</th>${LIGHTS.map((l) => html`<th>${LIGHT_NAME[l]}</th>`)}</tr></thead><tbody>
${o.sections.map(
  (
    s,
  ) => html`<tr><td><a href="${href(`/section/${s.number}`, ctx.query)}">${sectionLabel(o.plan, s.number)}</a></td><td>${s.states.length}</td>
<td>${s.reported}</td>${LIGHTS.map((l) => html`<td>${s.counts[l]}</td>`)}</tr>`,
)}
</tbody></table></section>`
}

function targetsPart(ctx: PageContext): SafeHtml {
  const o = ctx.overview
  const all = o.targets
  const shown =
    all.length <= TARGET_CHART_LIMIT
      ? all
      : [...all].sort((a, b) => (a.attainment ?? -1) - (b.attainment ?? -1) || a.task.number - b.task.number).slice(0, TARGET_CHART_LIMIT)
  const note =
    all.length > shown.length
      ? html`<p class="note">共 ${all.length} 个数字目标，这里列出完成度最低的 ${shown.length} 个；其余见各部分页面。</p>`
      : ''
  if (all.length === 0) return html`<section><h2>数字目标</h2><p>本工作要点没有数字目标。</p></section>`
  return html`<section><h2>数字目标对照序时进度</h2>${note}${targetChart(ctx, shown)}${targetTable(ctx, shown)}</section>`
}

function unitsPart(ctx: PageContext): SafeHtml {
  const o = ctx.overview
  const shown = o.units.slice(0, UNIT_CHART_LIMIT)
  return html`<section><h2>单位报送排名（${o.period.name}）</h2>
${chartFigure('units', (size) =>
  reportingBars(
    shown.map((u) => u.unit),
    shown.map((u) => u.reportedThisPeriod),
    shown.map((u) => u.overdue.length),
    size,
  ),
)}
<table class="data"><thead><tr><th>#</th><th>牵头单位</th><th>牵头任务</th><th>本期已报送</th><th>本期未报送</th><th>滞后</th></tr></thead><tbody>
${o.units.map(
  (u, i) => html`<tr><td>${i + 1}</td><td><a href="${href(unitPath(u.unit), ctx.query)}">${u.unit}</a></td><td>${u.led.length}</td>
<td>${u.reportedThisPeriod}</td><td>${u.overdue.length}</td><td>${u.red.length}</td></tr>`,
)}
</tbody></table></section>`
}

function recentPart(ctx: PageContext): SafeHtml {
  const o = ctx.overview
  if (o.recent.length === 0) return html`<section><h2>最新报送</h2><p>尚无报送。</p></section>`
  return html`<section><h2>最新报送</h2>${updatesList(ctx, o.recent, { task: true })}</section>`
}

export function overviewPage(ctx: PageContext): string {
  return layout(ctx, '总览', html`${needsMe(ctx)}${tiles(ctx)}${sectionsPart(ctx)}${targetsPart(ctx)}${unitsPart(ctx)}${recentPart(ctx)}`)
}
