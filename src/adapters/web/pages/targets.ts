import { targetText } from '../../../core/format/plan-wording.js'
import type { TargetProgress } from '../../../core/summary/overview.js'
import { STATE_LIGHT } from '../../../core/summary/status.js'
import { percentText } from '../../../core/summary/wording.js'
import { attainmentBars, type ChartSize, NARROW, WIDE } from '../charts.js'
import { href, html, type SafeHtml, trusted } from '../html.js'
import { lightBadge, type PageContext, time } from '../layout.js'

/**
 * Numeric targets against 序时进度: a bar per target that has a figure, coloured by that target's
 * own state (a target at 39% under a 46.8% line is 关注 or 滞后, whatever its task), and a table
 * where unreported targets are shown as 未报送.
 */

/** A chart drawn wide and narrow; the stylesheet shows the one that fits the screen. */
export function chartFigure(name: string, draw: (size: ChartSize) => string, caption = ''): SafeHtml {
  return html`<figure class="chart" data-chart="${name}"><div class="wide">${trusted(draw(WIDE))}</div><div class="narrow">${trusted(draw(NARROW))}</div>${
    caption ? html`<figcaption>${caption}</figcaption>` : ''
  }</figure>`
}

export function targetChart(ctx: PageContext, targets: TargetProgress[]): SafeHtml {
  const o = ctx.overview
  // On one task's page every bar is that task's: the metric alone, so a phone shows more of it.
  const oneTask = new Set(targets.map((t) => t.task.number)).size === 1
  const labels = targets.map(
    (t) => `${oneTask ? '' : `第${t.task.number}条 `}${t.target.metric || targetText(t.target)}${t.attainment === null ? '（未报）' : ''}`,
  )
  return chartFigure(
    'targets',
    (size) =>
      attainmentBars(
        labels,
        targets.map((t) => t.attainment),
        o.elapsed,
        targets.map((t) => STATE_LIGHT[t.state]),
        size,
      ),
    `数字目标完成度（颜色为各目标自身状态；虚线为序时进度 ${o.elapsed}%，有时限的任务按各自时限计）`,
  )
}

export function targetTable(ctx: PageContext, targets: TargetProgress[]): SafeHtml {
  return html`<table class="data targets"><thead><tr><th>条号</th><th>目标</th><th>最新数字</th><th>完成度</th><th>状态</th><th>报送</th></tr></thead><tbody>
${targets.map(
  (t) => html`<tr><td><a href="${href(`/task/${t.task.number}`, ctx.query)}">第${t.task.number}条</a></td><td>${targetText(t.target)}</td>
<td>${t.latest ? `${t.latest.value}${t.latest.unit}` : '—'}</td><td>${percentText(t.attainment) || '—'}</td>
<td>${lightBadge(STATE_LIGHT[t.state], t.state)}</td>
<td>${t.latest ? `${t.latest.update.unit} ${time(ctx, t.latest.update.at)}` : '未报送'}</td></tr>`,
)}
</tbody></table>`
}
