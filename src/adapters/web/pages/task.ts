import { sectionLabel, targetText } from '../../../core/format/plan-wording.js'
import { unitsOf } from '../../../core/plan/types.js'
import { unitLabel } from '../../../core/plan/units.js'
import type { StoredTaskEvent, TaskEventKind } from '../../../core/progress/cycle-log.js'
import { deadlineLine, stateLabel } from '../../../core/summary/state-wording.js'
import { cycleLine, driverText } from '../../../core/summary/task-wording.js'
import { personName } from '../../../core/summary/wording.js'
import { href, html, type SafeHtml, unitPath } from '../html.js'
import { layout, lightBadge, type PageContext, time } from '../layout.js'
import { targetChart, targetTable } from './targets.js'
import { updatesList } from './updates.js'

/**
 * One task: its full text, units, 完成时限 (with the one a 延期 replaced), state and why, each target
 * against 序时进度 in its own colour, the 督办 steps (办结, 延期, reopening), and every report with
 * who, when, its parts, the figures counted and its 佐证材料.
 */

const STEP: Record<TaskEventKind, string> = {
  close_request: '申请办结',
  close: '办结（销号）',
  close_declined: '退回办结申请',
  reopen: '重新打开',
  extension_request: '申请延期',
  extension_approved: '批准延期',
  extension_declined: '驳回延期',
}

function steps(ctx: PageContext, events: StoredTaskEvent[]): SafeHtml {
  if (events.length === 0) return html``
  return html`<h3>督办记录（${events.length} 条）</h3><ol class="steps">${[...events]
    .reverse()
    .map(
      (e) =>
        html`<li><span class="when">${time(ctx, e.at)}</span> ${e.unit ?? ''} ${personName(e.userName)} · <strong>${STEP[e.kind]}</strong>${
          e.deadline ? `（至${e.deadline}）` : ''
        }${e.note ? html`：${e.note}` : ''}</li>`,
    )}</ol>`
}

export function taskPage(ctx: PageContext, number: number): string | null {
  const o = ctx.overview
  const state = o.states.find((s) => s.task.number === number)
  if (!state) return null
  const { task } = state
  const targets = o.targets.filter((t) => t.task.number === number)
  const updates = o.updates.filter((u) => u.task === number).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id))
  const units = unitsOf(task)
  const cycle = cycleLine(state, ctx.timezone)
  const body = html`<article class="task">
<h2>第${task.number}条 ${lightBadge(state.light, stateLabel(state))}</h2>
<p class="crumbs"><a href="${href(`/section/${task.section}`, ctx.query)}">${sectionLabel(o.plan, task.section)}</a>${task.group ? ` · ${task.group}` : ''}</p>
<p class="fulltext">${task.text}</p>
<dl class="facts">
<dt>牵头单位</dt><dd>${task.lead ? html`<a href="${href(unitPath(task.lead.name), ctx.query)}">${unitLabel(task.lead)}</a>` : '未写明'}</dd>
<dt>配合单位</dt><dd>${task.partners.length ? task.partners.map((p, i) => html`${i ? '、' : ''}<a href="${href(unitPath(p.name), ctx.query)}">${unitLabel(p)}</a>`) : '无'}</dd>
<dt>目标</dt><dd>${task.targets.length ? task.targets.map(targetText).join('；') : '无数字目标'}</dd>
<dt>完成时限</dt><dd>${deadlineLine(state)}</dd>
<dt>状态</dt><dd>${stateLabel(state)}：${state.reason}</dd>
${state.driver ? html`<dt>完成度</dt><dd>${driverText(state)}</dd>` : ''}
${cycle ? html`<dt>办结/延期</dt><dd>${cycle}</dd>` : ''}
</dl>
${targets.length ? html`<h3>数字目标</h3>${targetChart(ctx, targets)}${targetTable(ctx, targets)}` : ''}
${steps(ctx, state.cycle.events)}
<h3>报送记录（${updates.length} 条）</h3>
${
  updates.length
    ? updatesList(ctx, updates)
    : html`<p>尚无报送。${units.length ? `应由${units.map((u) => u.name).join('、')}报送。` : ''}</p>`
}
</article>`
  return layout(ctx, `第${task.number}条`, body)
}
