import { MEASURES } from '../plan/targets.js'
import type { Target } from '../plan/types.js'
import { arabiseFigures } from '../text/chinese-numerals.js'
import { chooseTarget } from './figure-targets.js'
import type { MatchedFigure } from './store.js'

/**
 * Reads a progress text: the figures in it (1200件, 2.1亿元, 60%), each credited to the task's
 * target whose metric the words around it name (figure-targets.ts), and whether the text declares
 * the task done. Figures whose words name no target are kept (with why) but credited to none, so
 * the reply can say which figures it understood. Pure.
 */

const FIGURE_RE = new RegExp(
  String.raw`(?<![\d.])(?<!\d,)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(${[...MEASURES]
    .sort((a, b) => b.length - a.length)
    .map((m) => m.replace(/[%]/g, '\\%'))
    .join('|')})`,
  'g',
)
/** Where a figure's words stop: the end of its clause. */
const CLAUSE_END = /[，。；;,！!？?\n]/
/**
 * 已完成 and its kin ending a clause: 「全年任务已完成」, 「已完成。」. Not 未完成 / 尚未全部完成 /
 * 未能全面完成, and not 已完成60% or 已完成发明专利申请量1200件 or 已完成部分工作, which report a part done.
 */
const DONE_RE =
  /(?<![未没尚不]|未能|没能|不能|无法)(?:已完成|已经完成|全部完成|全面完成|圆满完成|已办结|已全部落实)(?:全部|全年|年度|本年度)?(?:的)?(?:任务|工作|目标|计划)?(?=\s*(?:[，。；！,.;!]|$))/

export interface ReadUpdate {
  figures: MatchedFigure[]
  /** Mean of the credited figures' percentages (100 when done), as before per-target states: kept for old readers. */
  attainment: number | null
  done: boolean
}

export function readUpdate(typed: string, targets: Target[]): ReadUpdate {
  // 六千五百条次 counts like 6500条次.
  const text = arabiseFigures(typed, MEASURES)
  const found = [...text.matchAll(FIGURE_RE)]
  const figures: MatchedFigure[] = found.map((m, k) => {
    const index = m.index ?? 0
    const end = index + m[0].length
    const value = Number((m[1] ?? '').replace(/,/g, ''))
    const unit = m[2] ?? ''
    const previous = found[k - 1]
    const next = found[k + 1]
    const from = Math.max(previous ? (previous.index ?? 0) + previous[0].length : 0, lastBoundary(text, index))
    const to = Math.min(next ? (next.index ?? text.length) : text.length, nextBoundary(text, end))
    const choice = chooseTarget(targets, unit, { before: text.slice(from, index), after: text.slice(end, to) }, sameBase)
    const goal = choice.target === null ? null : targets[choice.target]
    const percent =
      goal && goal.value > 0 ? Math.round(((value * scale(unit).factor) / (goal.value * scale(goal.unit).factor)) * 1000) / 10 : null
    return choice.target === null
      ? { value, unit, target: null, percent: null, why: choice.why }
      : { value, unit, target: choice.target, percent }
  })
  const percents = figures.map((f) => f.percent).filter((p): p is number => p !== null)
  // A figure short of its target outweighs the word: 「已完成，申请量1200件」 against 2000件 is not done.
  const done = DONE_RE.test(text) && percents.every((p) => p >= 100)
  const attainment = done ? 100 : percents.length ? Math.round((percents.reduce((a, b) => a + b, 0) / percents.length) * 10) / 10 : null
  return { figures, attainment, done }
}

function lastBoundary(text: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) if (CLAUSE_END.test(text[i] ?? '')) return i + 1
  return 0
}

function nextBoundary(text: string, at: number): number {
  for (let i = at; i < text.length; i++) if (CLAUSE_END.test(text[i] ?? '')) return i
  return text.length
}

/** 万件 = 10⁴ 件, 亿元 = 10⁸ 元: a figure in 万户 can meet a target in 户 and the reverse. */
function scale(unit: string): { base: string; factor: number } {
  if (unit.length > 1 && unit.startsWith('亿')) return { base: unit.slice(1), factor: 1e8 }
  if (unit.length > 1 && unit.startsWith('万')) return { base: unit.slice(1), factor: 1e4 }
  return { base: unit, factor: 1 }
}

function sameBase(a: string, b: string): boolean {
  return scale(a).base === scale(b).base
}

/**
 * False for text that reports nothing: keyboard noise (asdfjkl), only punctuation or emoji, one
 * character repeated. A report needs at least two different Chinese characters; Latin letters and
 * digits alone say nothing a colleague could file.
 */
export function hasContent(text: string): boolean {
  const han = new Set(text.match(/\p{Script=Han}/gu) ?? [])
  return han.size >= 2
}
