import type { Overview } from '../../core/summary/overview.js'
import type { Light } from '../../core/summary/status.js'
import { LIGHT_NAME, LIGHTS, lightMeaning } from '../../core/summary/wording.js'
import { formatTime } from '../../core/time.js'
import { href, html, type SafeHtml } from './html.js'

/** What every page is drawn from: the shared Overview at the as-of instant, and the query to carry in links. */
export interface PageContext {
  overview: Overview
  /** `plan=<key>&asof=YYYY-MM-DD` as the reader chose them, else ''. */
  query: string
  timezone: string
  /** Every loaded plan when there are several (links between them); empty with one plan. */
  plans?: { label: string; path: string; current: boolean }[]
  /** The chosen plan's key when the reader chose one (kept by the date form). */
  planKey?: string | null
}

export function lightBadge(light: Light, text: string = LIGHT_NAME[light]): SafeHtml {
  return html`<span class="light light-${light}">${text}</span>`
}

export function time(ctx: PageContext, iso: string): string {
  return formatTime(iso, ctx.timezone)
}

/** The whole page: header with the plan, as-of date and a date form (a GET form, no script), body, legend. */
export function layout(ctx: PageContext, title: string, body: SafeHtml): string {
  const o = ctx.overview
  const meaning = lightMeaning(o.alertPeriods)
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · ${o.plan.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body>
<header class="top">
  <nav><a href="${href('/', ctx.query)}">总览</a>${
    ctx.plans && ctx.plans.length > 1
      ? html` · 工作要点：${ctx.plans.map((p, k) =>
          p.current ? html`${k ? '　' : ''}<strong>${p.label}</strong>` : html`${k ? '　' : ''}<a href="${p.path}">${p.label}</a>`,
        )}`
      : ''
  }</nav>
  <h1>${o.plan.title}</h1>
  ${o.yearNotice ? html`<p class="year-notice">${o.yearNotice}</p>` : ''}
  <p class="asof">${
    // The one 截至 date on the page: the year's notice names none (a 补报 counts only from its date on).
    html`截至 <strong>${o.asOf}</strong> · `
  }序时进度 <strong>${o.elapsed}%</strong> · ${o.period.name}自 ${o.period.since} 起</p>
  <form class="asof-form" method="get" action="">
    ${ctx.planKey ? html`<input type="hidden" name="plan" value="${ctx.planKey}">` : ''}
    <label>查看日期 <input type="date" name="asof" value="${o.asOf}"></label>
    <button type="submit">查看</button>
  </form>
</header>
<main>
${body}
</main>
<footer>
  <p class="legend">${LIGHTS.map((l) => html`<span class="legend-item">${lightBadge(l)} ${meaning[l]}</span>`)}</p>
  <p>只读看板 · 数据来自各单位报送 · 与聊天「汇总」和「导出台账」同源</p>
</footer>
</body>
</html>
`.value
}
