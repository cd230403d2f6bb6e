import { gist, leadName, sectionLabel, targetText } from '../../../core/format/plan-wording.js'
import type { TargetProgress } from '../../../core/summary/overview.js'
import type { Light } from '../../../core/summary/status.js'
import { LIGHT_NAME, LIGHTS, percentText, personName } from '../../../core/summary/wording.js'
import { attainmentBars, lightBars, reportingBars } from '../charts.js'
import { href, html, type SafeHtml, trusted, unitPath } from '../html.js'
import { layout, type PageContext, time } from '../layout.js'

/**
 * The overview a director opens on Monday: lights for the plan and per section, every numeric
 * target against 序时进度, units ranked by reporting, and the latest updates. Large plans show the
 * TARGET_CHART_LIMIT targets furthest behind and the UNIT_CHART_LIMIT units; pages per section
 * and unit hold the rest.
 */

export const TARGET_CHART_LIMIT = 60
export const UNIT_CHART_LIMIT = 40

/** The light of a target's bar: red/yellow/green by the same gaps as tasks, from the task's state. */
export function targetLight(t: TargetProgress, elapsed: number, lightOf: (task: number) => Light): Light {
  if (t.attainment === null) return 'yellow'
  return t.attainment >= elapsed ? 'green' : lightOf(t.task.number)
}

export function targetChart(ctx: PageContext, targets: TargetProgress[]): SafeHtml {
  const o = ctx.overview
  const light = new Map(o.states.map((s) => [s.task.number, s.light]))
  const labels = targets.map(
    (t) => `第${t.task.number}条 ${t.target.metric || targetText(t.target)}${t.attainment === null ? '（未报）' : ''}`,
  )
  const svg = attainmentBars(
    labels,
    targets.map((t) => t.attainment),
    o.elapsed,
    targets.map((t) => targetLight(t, o.elapsed, (n) => light.get(n) ?? 'yellow')),
  )
  return html`<figure class="chart" data-chart="targets">${trusted(svg)}<figcaption>数字目标完成度（虚线为序时进度 ${o.elapsed}%）</figcaption></figure>`
}

export function targetTable(ctx: PageContext, targets: TargetProgress[]): SafeHtml {
  return html`<table class="data"><thead><tr><th>条号</th><th>目标</th><th>最新数字</th><th>完成度</th><th>报送</th></tr></thead><tbody>
${targets.map(
  (t) => html`<tr><td><a href="${href(`/task/${t.task.number}`, ctx.query)}">第${t.task.number}条</a></td><td>${targetText(t.target)}</td>
<td>${t.latest ? `${t.latest.value}${t.target.unit}` : '—'}</td><td>${percentText(t.attainment) || '—'}</td>
<td>${t.latest ? `${t.latest.update.unit} ${time(ctx, t.latest.update.at)}` : '未报送'}</td></tr>`,
)}
</tbody></table>`
}

function tiles(ctx: PageContext): SafeHtml {
  const o = ctx.overview
  const reported = o.states.filter((s) => s.updates > 0).length
  const done = o.states.filter((s) => s.status === '已完成').length
  return html`<section class="tiles">
${LIGHTS.map((l) => html`<div class="tile tile-${l}"><span class="n">${o.counts[l]}</span><span>${LIGHT_NAME[l]}</span></div>`)}
<div class="tile"><span class="n">${o.states.length}</span><span>任务 · 已报送 ${reported} · 已完成 ${done}</span></div>
</section>`
}

function sectionsPart(ctx: PageContext): SafeHtml {
  const o = ctx.overview
  const svg = lightBars(
    o.sections.map((s) => sectionLabel(o.plan, s.number).replace(/」$/, '').replace('「', ' ')),
    o.sections.map((s) => s.counts),
  )
  return html`<section><h2>各部分任务状态</h2>
<figure class="chart" data-chart="sections">${trusted(svg)}</figure>
<table class="data"><thead><tr><th>部分</th><th>任务</th><th>已报送</th><th>红</th><th>黄</th><th>绿</th></tr></thead><tbody>
${o.sections.map(
  (
    s,
  ) => html`<tr><td><a href="${href(`/section/${s.number}`, ctx.query)}">${sectionLabel(o.plan, s.number)}</a></td><td>${s.states.length}</td>
<td>${s.reported}</td><td>${s.counts.red}</td><td>${s.counts.yellow}</td><td>${s.counts.green}</td></tr>`,
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
  const svg = reportingBars(
    shown.map((u) => u.unit),
    shown.map((u) => u.reportedThisPeriod),
    shown.map((u) => u.overdue.length),
  )
  return html`<section><h2>单位报送排名（${o.period.name}）</h2>
<figure class="chart" data-chart="units">${trusted(svg)}</figure>
<table class="data"><thead><tr><th>#</th><th>牵头单位</th><th>牵头任务</th><th>本期已报送</th><th>本期未报送</th><th>红灯</th><th>最近报送</th></tr></thead><tbody>
${o.units.map(
  (u, i) => html`<tr><td>${i + 1}</td><td><a href="${href(unitPath(u.unit), ctx.query)}">${u.unit}</a></td><td>${u.led.length}</td>
<td>${u.reportedThisPeriod}</td><td>${u.overdue.length}</td><td>${u.red.length}</td><td>${u.lastReport ? time(ctx, u.lastReport) : '—'}</td></tr>`,
)}
</tbody></table></section>`
}

function recentPart(ctx: PageContext): SafeHtml {
  const o = ctx.overview
  if (o.recent.length === 0) return html`<section><h2>最新报送</h2><p>尚无报送。</p></section>`
  const task = new Map(o.plan.tasks.map((t) => [t.number, t]))
  return html`<section><h2>最新报送</h2><ol class="updates">
${o.recent.map((u) => {
  const t = task.get(u.task)
  return html`<li><span class="when">${time(ctx, u.at)}</span> <a href="${href(unitPath(u.unit), ctx.query)}">${u.unit}</a> ${personName(u.userName, u.user)} ·
<a href="${href(`/task/${u.task}`, ctx.query)}">第${u.task}条</a> ${t ? gist(t, 20) : ''}（牵头：${t ? leadName(t) : ''}）
<p class="text">${u.text}</p>${u.attainment !== null ? html`<span class="pct">完成度 ${percentText(u.attainment)}</span>` : ''}</li>`
})}
</ol></section>`
}

export function overviewPage(ctx: PageContext): string {
  return layout(ctx, '总览', html`${tiles(ctx)}${sectionsPart(ctx)}${targetsPart(ctx)}${unitsPart(ctx)}${recentPart(ctx)}`)
}
