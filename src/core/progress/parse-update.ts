import { MEASURES } from '../plan/targets.js'
import type { Target } from '../plan/types.js'
import { arabiseFigures } from '../text/chinese-numerals.js'
import type { MatchedFigure } from './store.js'

/**
 * Reads a progress text: the figures in it (1200件, 2.1亿元, 60%), each matched to the task's
 * target with the same measure word whose metric words appear nearest before it, and whether the
 * text declares the task done. Pure.
 */

const FIGURE_RE = new RegExp(
  String.raw`(?<![\d.])(?<!\d,)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(${[...MEASURES]
    .sort((a, b) => b.length - a.length)
    .map((m) => m.replace(/[%]/g, '\\%'))
    .join('|')})`,
  'g',
)
/**
 * 已完成 and its kin ending a clause: 「全年任务已完成」, 「已完成。」. Not 未完成 / 尚未全部完成 /
 * 未能全面完成, and not 已完成60% or 已完成发明专利申请量1200件 or 已完成部分工作, which report a part done.
 */
const DONE_RE =
  /(?<![未没尚不]|未能|没能|不能|无法)(?:已完成|已经完成|全部完成|全面完成|圆满完成|已办结|已全部落实)(?:全部|全年|年度|本年度)?(?:的)?(?:任务|工作|目标|计划)?(?=\s*(?:[，。；！,.;!]|$))/

export interface ReadUpdate {
  figures: MatchedFigure[]
  attainment: number | null
  done: boolean
}

export function readUpdate(typed: string, targets: Target[]): ReadUpdate {
  // 六千五百条次 counts like 6500条次.
  const text = arabiseFigures(typed, MEASURES)
  const figures: MatchedFigure[] = []
  let previousEnd = 0
  for (const m of text.matchAll(FIGURE_RE)) {
    const index = m.index ?? 0
    const value = Number((m[1] ?? '').replace(/,/g, ''))
    const unit = m[2] ?? ''
    const context = text.slice(previousEnd, index)
    previousEnd = index + m[0].length
    const target = bestTarget(targets, unit, context)
    const goal = target === null ? null : targets[target]
    const percent =
      goal && goal.value > 0 ? Math.round(((value * scale(unit).factor) / (goal.value * scale(goal.unit).factor)) * 1000) / 10 : null
    figures.push({ value, unit, target, percent })
  }
  const percents = figures.map((f) => f.percent).filter((p): p is number => p !== null)
  // A figure short of its target outweighs the word: 「已完成，申请量1200件」 against 2000件 is not done.
  const done = DONE_RE.test(text) && percents.every((p) => p >= 100)
  const attainment = done ? 100 : percents.length ? Math.round((percents.reduce((a, b) => a + b, 0) / percents.length) * 10) / 10 : null
  return { figures, attainment, done }
}

/** 万件 = 10⁴ 件, 亿元 = 10⁸ 元: a figure in 万户 can meet a target in 户 and the reverse. */
function scale(unit: string): { base: string; factor: number } {
  if (unit.length > 1 && unit.startsWith('亿')) return { base: unit.slice(1), factor: 1e8 }
  if (unit.length > 1 && unit.startsWith('万')) return { base: unit.slice(1), factor: 1e4 }
  return { base: unit, factor: 1 }
}

/** Index of the target with this measure word whose metric shares most characters with the context. */
function bestTarget(targets: Target[], unit: string, context: string): number | null {
  const base = scale(unit).base
  let best: { index: number; score: number } | null = null
  targets.forEach((t, index) => {
    if (scale(t.unit).base !== base) return
    const score = sharedBigrams(t.metric, context)
    if (!best || score > best.score) best = { index, score }
  })
  const found = best as { index: number; score: number } | null
  if (!found) return null
  const sameUnit = targets.filter((t) => scale(t.unit).base === base).length
  // With several targets in the same unit, a figure whose words match none of them is not guessed.
  return sameUnit === 1 || found.score > 0 ? found.index : null
}

function sharedBigrams(a: string, b: string): number {
  const grams = new Set<string>()
  for (let i = 0; i + 1 < a.length; i++) grams.add(a.slice(i, i + 2))
  let n = 0
  for (let i = 0; i + 1 < b.length; i++) if (grams.has(b.slice(i, i + 2))) n++
  return n
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
