import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { Target } from '../plan/types.js'

/**
 * Which target of a task a reported figure counts for. A figure counts for a target only when the
 * words around it (its clause, from the figure before it to the figure after it) name that target's
 * metric: they share a two-character word with it that is not generic (全市, 新增, 企业 name no
 * metric alone), directly or through a synonym in lexicon/metrics.json. Among the targets named,
 * the one sharing most words wins; between equals, the one whose whole metric is named; anything
 * else is a tie, never guessed. A figure right after an action that counts
 * something else (已走访63家) counts only for a target whose metric names that action. Pure.
 */

export const MetricLexicon = z.strictObject({
  $comment: z.string().optional(),
  synonyms: z.array(z.strictObject({ official: z.string().min(2), everyday: z.array(z.string().min(2)).min(1) })),
  actions: z.array(z.string().length(2)),
  generic: z.array(z.string().length(2)),
})
export type MetricLexicon = z.infer<typeof MetricLexicon>

const METRICS_FILE = new URL('../../../lexicon/metrics.json', import.meta.url)

let loaded: MetricLexicon | undefined
/** lexicon/metrics.json, read and validated once. */
export function metricLexicon(): MetricLexicon {
  if (!loaded) {
    const parsed = MetricLexicon.safeParse(JSON.parse(readFileSync(METRICS_FILE, 'utf8')))
    if (!parsed.success) throw new Error(`lexicon/metrics.json is invalid: ${z.prettifyError(parsed.error)}`)
    loaded = parsed.data
  }
  return loaded
}

/** The words on each side of a figure, within its clause and not past a neighbouring figure. */
export interface FigureWords {
  before: string
  after: string
}

/** Why a figure was not credited, for the reply: no target in its unit, no metric named, or two named alike. */
export type Unmatched = 'no target in this unit' | 'metric not named' | 'ambiguous' | 'another action'

export type TargetChoice = { target: number } | { target: null; why: Unmatched }

/** Particles between an action and its figure: 已走访63家, 共检查12次. */
const PARTICLES = /(?:已经|已|共计|共|累计|合计|了|达到|达|为|约|近|超过|超)+$/

function bigrams(text: string): Set<string> {
  const grams = new Set<string>()
  for (let i = 0; i + 1 < text.length; i++) grams.add(text.slice(i, i + 2))
  return grams
}

/** The words with the official word of every synonym they contain appended, so 营业额 reads as 经营额. */
function withSynonyms(words: string, lexicon: MetricLexicon): string {
  const extra = lexicon.synonyms.filter((s) => s.everyday.some((w) => words.includes(w))).map((s) => s.official)
  return extra.length ? `${words}|${extra.join('|')}` : words
}

interface Naming {
  /** Two-character words of the metric found in the report's words. */
  shared: number
  /** Of those, words that are not generic: at least one is needed to name the metric. */
  specific: number
  /** Every two-character word of the metric is there: the report names the whole metric. */
  whole: boolean
}

function naming(metric: string, words: string, lexicon: MetricLexicon): Naming {
  const inMetric = bigrams(metric)
  const generic = new Set(lexicon.generic)
  let shared = 0
  let specific = 0
  for (const gram of bigrams(withSynonyms(words, lexicon))) {
    if (!inMetric.has(gram)) continue
    shared++
    if (!generic.has(gram)) specific++
  }
  return { shared, specific, whole: shared === inMetric.size }
}

/** The action written right before the figure (走访 in 已走访63家), or null. */
function actionBefore(before: string, lexicon: MetricLexicon): string | null {
  const tail = before.replace(PARTICLES, '').slice(-2)
  return lexicon.actions.includes(tail) ? tail : null
}

/**
 * The target a figure in `unit` counts for, given the words around it. `sameBase(a, b)` tells
 * whether two measure words can be compared (万件 and 件 can; 件 and 家 cannot).
 */
export function chooseTarget(
  targets: Target[],
  unit: string,
  words: FigureWords,
  sameBase: (a: string, b: string) => boolean,
  lexicon: MetricLexicon = metricLexicon(),
): TargetChoice {
  const comparable = targets.map((t, index) => ({ t, index })).filter(({ t }) => sameBase(t.unit, unit))
  if (comparable.length === 0) return { target: null, why: 'no target in this unit' }
  const action = actionBefore(words.before, lexicon)
  const around = `${words.before}|${words.after}`
  const named = comparable
    .map(({ t, index }) => ({ index, metric: t.metric, ...naming(t.metric, around, lexicon) }))
    .filter((n) => n.specific > 0)
  if (named.length === 0) return { target: null, why: 'metric not named' }
  // 「重点跟踪企业已走访63家」: the figure counts visits, whatever the clause names before it.
  const fitting = action ? named.filter((n) => n.metric.includes(action)) : named
  if (fitting.length === 0) return { target: null, why: 'another action' }
  const best = Math.max(...fitting.map((n) => n.shared))
  const top = fitting.filter((n) => n.shared === best)
  // 「发明专利拥有量3000件」 names all of 发明专利拥有量 and only part of 每万人有效发明专利拥有量.
  const whole = top.length > 1 ? top.filter((n) => n.whole) : top
  return whole.length === 1 && whole[0] ? { target: whole[0].index } : { target: null, why: 'ambiguous' }
}
