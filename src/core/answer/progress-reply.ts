import type { Task } from '../plan/types.js'
import type { ReportParts } from '../progress/report-parts.js'
import type { MatchedFigure, StoredUpdate } from '../progress/store.js'
import { targetText } from './format.js'

/**
 * What the reply to a report says about it: which figures counted for which target (and the
 * attainment of each), which figures were kept in the text but counted for none and why, the
 * report's 存在问题 and 下步计划, and a reported 已完成. Shared by 「进度」 and 「第N条进展」.
 */

/** Why a figure counted for no target, in words (figure-targets.ts's Unmatched). */
const WHY: Record<string, (f: MatchedFigure, task: Task) => string> = {
  'no target in this unit': (f) => `本条没有以「${f.unit}」计的目标`,
  'metric not named': () => '前后文字没有写明是哪项目标的指标',
  ambiguous: (f, task) =>
    `可能对应 ${task.targets
      .filter((t) => t.unit.replace(/^[万亿]/, '') === f.unit.replace(/^[万亿]/, ''))
      .map((t) => `「${t.metric}」`)
      .join('、')}，请写明指标名称`,
  'another action': () => '计的是其他工作的数量，不是目标指标',
}

/** 「完成度：发明专利申请量 1200件 / 目标 发明专利申请量2000件以上 = 60%」 for each credited figure. */
export function attainmentLines(task: Task, u: StoredUpdate): string[] {
  return u.figures
    .filter((f) => f.target !== null && f.percent !== null)
    .map((f) => {
      const target = task.targets[f.target as number]
      return target ? `完成度：${target.metric} ${f.value}${f.unit} / 目标 ${targetText(target)} = ${f.percent}%` : ''
    })
    .filter(Boolean)
}

/**
 * 「未计入完成度：63家（前后文字没有写明是哪项目标的指标）」. Only on tasks with numeric targets:
 * elsewhere a figure is just part of the account and needs no excuse.
 */
export function uncreditedLine(task: Task, u: StoredUpdate): string[] {
  if (task.targets.length === 0) return []
  const left = u.figures.filter((f) => f.target === null)
  if (left.length === 0) return []
  const why = (f: MatchedFigure) => WHY[f.why ?? 'metric not named']?.(f, task) ?? ''
  return [`未计入完成度：${left.map((f) => `${f.value}${f.unit}（${why(f)}）`).join('；')}（原文照录）`]
}

/** 「存在问题：…」「下步计划：…」 when the report gives them. */
export function partLines(parts: ReportParts | null | undefined): string[] {
  if (!parts) return []
  return [parts.problems ? `存在问题：${parts.problems}` : '', parts.next ? `下步计划：${parts.next}` : ''].filter(Boolean)
}

/** Every line the reply and the task's history give about one report. */
export function reportLines(task: Task, u: StoredUpdate): string[] {
  return [...attainmentLines(task, u), ...uncreditedLine(task, u), ...partLines(u.parts), ...(u.done ? ['状态：报完成（待办结销号）'] : [])]
}
