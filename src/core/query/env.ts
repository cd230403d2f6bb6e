import type { Plan } from '../plan/types.js'
import type { UnitDirectory, UnitMeaning } from '../plan/unit-directory.js'
import type { PlanSearch } from '../search/plan-search.js'
import { tokenize, tokenSet } from '../search/tokenize.js'
import { loadCues } from './cues.js'
import type { ParseEnv } from './parse.js'
import { UnitFinder } from './parts/units.js'
import { PlanWords } from './slips.js'

/** A section title naming at least this share of the words' tokens is the section they mean. */
const TITLE_SHARE = 0.5

/** What the parser needs to know of one plan, built once per plan. */
export function parseEnvFor(plan: Plan, search: PlanSearch, units: UnitDirectory, meaning: UnitMeaning): ParseEnv {
  return {
    cues: loadCues(),
    units: new UnitFinder(units, meaning),
    words: new PlanWords(plan),
    sections: plan.sections.length,
    sectionByTitle: (words) => sectionByTitle(plan, search, words),
  }
}

/** The section whose title holds at least half the words' tokens (食品安全 → 「…保障食品安全」). */
export function sectionByTitle(plan: Plan, search: PlanSearch, words: string): number | undefined {
  const wanted = new Set(tokenize(search.cleanQuery(words)))
  if (wanted.size === 0) return undefined
  let best: { number: number; score: number } | undefined
  for (const s of plan.sections) {
    const score = [...tokenSet(s.title)].filter((t) => wanted.has(t)).length / wanted.size
    if (!best || score > best.score) best = { number: s.number, score }
  }
  return best && best.score >= TITLE_SHARE ? best.number : undefined
}
