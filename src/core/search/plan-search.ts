import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type MiniSearch from 'minisearch'
import type { Plan, Task } from '../plan/types.js'
import { unitsOf } from '../plan/types.js'
import { type DomainLexicon, type Expansion, loadDomainLexicon } from './domain-lexicon.js'
import { searchOptions, type TaskDocument } from './index-options.js'
import { tokenize } from './tokenize.js'
import { topicOf } from './topic.js'

/**
 * Search over the plan with a closed-world guard. The query is its content words (topic.ts); an
 * everyday word also stands for its official terms (domain lexicon: 液化气罐 → 气瓶). A task counts
 * only when it covers enough of the query's concepts: BM25 alone would rank *something* first for
 * 「哪个科室负责火星移民」, and the bot must answer 「工作要点未提及」 instead. Tasks of the unit
 * whose functions the question names (电梯 → 特安科) rank higher.
 */

export interface Hit {
  task: Task
  score: number
  /** Weighted share of the query's tokens found in the task, 0–1. */
  coverage: number
}

interface Lexicon {
  phrases: string[]
  synonyms: Record<string, string[]>
  /** Unit-name abbreviations (知产 → 知识产权) for the unit directory. */
  unitAbbreviations: Record<string, string>
}

const LEXICON_DIR = new URL('../../../lexicon/', import.meta.url)

export function loadLexicon(): Lexicon {
  const read = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(name, LEXICON_DIR)), 'utf8'))
  const phrases = (read('question-words.json').phrases as string[]).sort((a, b) => b.length - a.length)
  const synonyms = read('synonyms.json')
  return { phrases, synonyms: synonyms.search as Record<string, string[]>, unitAbbreviations: synonyms.units as Record<string, string> }
}

/** 第3条, 任务12, 第5项 — not 第1部分, 第2季度, 第一方阵 (a section, a period, a rank). */
const TASK_REFERENCE = /(?:第|任务)\s*(\d+)(?!\d)\s*(?:条|项|号)?(?!\s*(?:部分|大项|章|季度|届|批|名|轮|期|方阵|年|月|天|周|个|次))/

/** Coverage below this is not an answer; see the class comment. */
export const MIN_COVERAGE = 0.55
/** The same, for a task of the unit whose functions the question names (see suggestedUnits). */
export const MIN_OWNED_COVERAGE = 0.35
/** A runner-up within this share of the top score is shown beside it. */
export const CLOSE_SCORE = 0.7

/** A question's content word and the token lists that would cover it (its own, its official terms'). */
interface Concept {
  word: string
  weight: number
  alternatives: string[][]
}

/** An abbreviation (换标率 ~ 换标使用率) counts this much of a word matched by tokens. */
const ABBREVIATION_MATCH = 0.8
/** Plans up to this many tasks are scanned for abbreviations when the index finds nothing. */
const ABBREVIATION_SCAN_LIMIT = 2000
/** How many extra characters an abbreviation may skip. */
const ABBREVIATION_SLACK = 3
const HAN = /\p{Script=Han}/u
/** A looser in-order match: this many extra characters, counted at CHAR_WEIGHT. */
const CHAR_SLACK = 6
/** A character-level match counts this much of a word matched by tokens (see conceptMatch). */
const CHAR_WEIGHT = 0.3
/** The weight of an official term's tokens against the user's own word's (see find). */
const EXPANSION_BOOST = 0.5
/** Tasks of the unit whose functions the question names rank this much higher. */
const UNIT_BOOST = 1.25

export class PlanSearch {
  private readonly byNumber: Map<number, Task>
  private byCanonical: Map<string, string[]> | null = null

  constructor(
    readonly plan: Plan,
    private readonly index: MiniSearch<TaskDocument>,
    private readonly lexicon: Lexicon = loadLexicon(),
    private readonly domain: DomainLexicon = loadDomainLexicon(),
  ) {
    this.byNumber = new Map(plan.tasks.map((t) => [t.number, t]))
  }

  task(number: number): Task | undefined {
    return this.byNumber.get(number)
  }

  /** The query as searched: the topic's content words (topic.ts) and their official terms. */
  cleanQuery(text: string): string {
    const extra = this.expansions(text).flatMap((e) => e.official)
    return [...topicOf(text).words, ...extra].join(' ').replace(/\s+/g, ' ').trim()
  }

  /** Everyday words and abbreviations in the text with their official terms (domain lexicon, synonyms). */
  private expansions(text: string): Expansion[] {
    const legacy = Object.entries(this.lexicon.synonyms)
      .filter(([key]) => text.includes(key))
      .map(([word, official]) => ({ word, official }))
    return [...this.domain.expand(text), ...legacy]
  }

  /**
   * The query as concepts: each content word, with the official terms of any everyday word it is
   * part of as alternatives (液化气罐 or 气瓶). A concept counts as covered by its best alternative.
   */
  private concepts(text: string): Concept[] {
    const expansions = this.expansions(text).map((e) => ({ ...e, at: spanOf(text, e.word, 0) }))
    let from = 0
    return topicOf(text).words.map((word) => {
      const at = spanOf(text, word, from)
      if (at.start >= 0) from = at.end
      const alternatives = [tokenize(word)]
      // An everyday word attaches to every content word it overlaps (电子秤 to 电子 and 秤).
      for (const e of expansions)
        if (overlaps(at, e.at) || e.word.includes(word)) for (const term of e.official) alternatives.push(tokenize(term))
      return { word, weight: conceptWeight(word), alternatives: alternatives.filter((a) => a.length > 0) }
    })
  }

  /** Relevant tasks, best first; empty when the plan does not cover the query. */
  find(text: string, limit = 10): Hit[] {
    // 「第3条谁牵头」: a task named by number is the answer, not a search.
    const named = text.match(TASK_REFERENCE)
    const task = named ? this.byNumber.get(Number(named[1])) : undefined
    if (task) return [{ task, score: 1, coverage: 1 }]
    const concepts = this.concepts(text).filter((c) => c.alternatives.length > 0)
    // Each token is searched once, boosted by how often the query has it (a word appears both as a
    // bigram and as a jieba word): the same scores as repeating it, for less work.
    const counts = new Map<string, number>()
    // Official terms stand in for the user's word; they rank at half its weight, so a task naming
    // the user's own word (专精特新) outranks one that only shares an expansion (中小企业).
    for (const c of concepts)
      c.alternatives.forEach((alt, k) => {
        for (const t of alt) counts.set(t, (counts.get(t) ?? 0) + (k === 0 ? 1 : EXPANSION_BOOST))
      })
    const tokens = [...counts.keys()]
    if (tokens.length === 0) return []
    const options = { ...searchOptions, tokenize: () => tokens, boostTerm: (t: string) => counts.get(t) ?? 1 }
    const total = concepts.reduce((sum, c) => sum + c.weight, 0)
    const owners = this.suggestedUnits(text)
    const hits: Hit[] = []
    // Results come best raw score first, and coverage ≤ 1 never raises a score above raw × boost:
    // once that is below the limit-th best adjusted score, no later result can enter the top `limit`.
    for (const result of this.index.search(tokens.join(' '), options)) {
      if (hits.length >= limit && result.score * UNIT_BOOST < (hits[limit - 1]?.score ?? 0)) break
      const task = this.byNumber.get(Number(result.id))
      if (!task) continue
      const matched = new Set(result.terms)
      const owned = unitsOf(task).some((u) => owners.has(u.name))
      const coverage = concepts.reduce((sum, c) => sum + c.weight * this.conceptMatch(c, matched, task, owned), 0) / total
      // The unit the question's words belong to vouches for a looser match on its own tasks.
      if (coverage < (owned ? MIN_OWNED_COVERAGE : MIN_COVERAGE)) continue
      const boost = owned ? UNIT_BOOST : 1
      insertByScore(hits, { task, score: result.score * coverage * boost, coverage })
    }
    if (hits.length === 0) return this.byAbbreviation(concepts, total, limit)
    return hits.slice(0, limit)
  }

  /**
   * When no token matched anywhere (固投 for 固定资产投资), the tasks whose text the question's words
   * abbreviate, scored by coverage alone (words of three characters or more: 广场 ~ 广告市场 shows a
   * two-character one is too loose). Only for plans small enough to scan.
   */
  private byAbbreviation(concepts: Concept[], total: number, limit: number): Hit[] {
    if (this.plan.tasks.length > ABBREVIATION_SCAN_LIMIT || total === 0) return []
    const none = new Set<string>()
    const hits: Hit[] = []
    for (const task of this.plan.tasks) {
      const coverage = concepts.reduce((sum, c) => sum + c.weight * this.conceptMatch(c, none, task), 0) / total
      if (coverage >= MIN_COVERAGE) insertByScore(hits, { task, score: coverage, coverage })
    }
    return hits.slice(0, limit)
  }

  /**
   * How well a task covers a concept, 0–1: the best alternative's weighted share of tokens, or,
   * when no token of it matched, a low-weighted share of its characters (乡镇监管所 ~ 一乡一所), so a
   * partial overlap counts a little without ever carrying a query alone.
   */
  private conceptMatch(concept: Concept, matched: ReadonlySet<string>, task: Task, owned = false): number {
    let best = 0
    for (const alt of concept.alternatives) {
      const all = alt.reduce((sum, t) => sum + weight(t), 0)
      const got = alt.filter((t) => matched.has(t)).reduce((sum, t) => sum + weight(t), 0)
      best = Math.max(best, all ? got / all : 0)
    }
    // 换标率 for 换标使用率: a word written in order, a few characters apart, is an abbreviation.
    if (best < ABBREVIATION_MATCH && concept.word.length >= 3 && abbreviates(concept.word, task.text)) return ABBREVIATION_MATCH
    if (best > 0) return best
    // Characters count written close together, in order (乡镇监管所 ~ 一乡一所); scattered over a task
    // (高…铁) they say nothing, unless the task is the unit's the question's words belong to.
    if (abbreviates(concept.word, task.text, CHAR_SLACK)) return CHAR_WEIGHT
    if (!owned) return 0
    const own = [...concept.word].filter((c) => HAN.test(c))
    return own.length ? (CHAR_WEIGHT * own.filter((c) => task.text.includes(c)).length) / own.length : 0
  }

  /** Plan unit names of the standard units the question's words belong to (电梯 → 特安科). */
  private suggestedUnits(text: string): ReadonlySet<string> {
    const names = new Set<string>()
    for (const { name } of this.domain.unitsFor(text).slice(0, 2)) for (const planName of this.planUnitsOf(name)) names.add(planName)
    return names
  }

  /** The plan's names for a standard unit, worked out once for all units of the plan. */
  private planUnitsOf(canonical: string): readonly string[] {
    if (!this.byCanonical) {
      this.byCanonical = new Map()
      for (const t of this.plan.tasks)
        for (const u of unitsOf(t)) {
          const standard = this.domain.unitNames(u.alias ?? u.name)?.canonical ?? this.domain.unitNames(u.name)?.canonical
          if (!standard) continue
          const list = this.byCanonical.get(standard) ?? []
          if (!list.includes(u.name)) list.push(u.name)
          this.byCanonical.set(standard, list)
        }
    }
    return this.byCanonical.get(canonical) ?? []
  }

  /** The top hit plus runners-up whose score is close to it (at most `max`). */
  closeHits(hits: Hit[], max = 3): Hit[] {
    const top = hits[0]
    if (!top) return []
    return hits.filter((h) => h.score >= top.score * CLOSE_SCORE).slice(0, max)
  }
}

/** Inserts keeping `hits` sorted by score, best first (stable for equal scores). */
function insertByScore(hits: Hit[], hit: Hit): void {
  let at = hits.length
  while (at > 0 && (hits[at - 1] as Hit).score < hit.score) at--
  hits.splice(at, 0, hit)
}

/** True when the characters of `word` occur in order in `text` within a span a little longer than it. */
export function abbreviates(word: string, text: string, slack = ABBREVIATION_SLACK): boolean {
  const span = word.length + slack
  for (let at = text.indexOf(word[0] as string); at >= 0; at = text.indexOf(word[0] as string, at + 1)) {
    let k = at
    let ok = true
    for (const ch of word.slice(1)) {
      k = text.indexOf(ch, k + 1)
      if (k < 0 || k - at >= span) {
        ok = false
        break
      }
    }
    if (ok) return true
  }
  return false
}

/** A concept's weight: numbers and dates say most, then long words; a single character says little. */
function conceptWeight(word: string): number {
  if (/\d/.test(word)) return 2
  if (word.length === 1) return 0.5
  return word.length >= 3 ? 1.5 : 1
}

interface Span {
  start: number
  end: number
}

/** Where `word` occurs in `text` at or after `from` (start −1 when it does not, e.g. after folding). */
function spanOf(text: string, word: string, from: number): Span {
  const start = text.indexOf(word, from)
  return { start, end: start < 0 ? -1 : start + word.length }
}

function overlaps(a: Span, b: Span): boolean {
  return a.start >= 0 && b.start >= 0 && a.start < b.end && b.start < a.end
}

/** Longer tokens (whole words, numbers, dates) say more than a bigram. */
function weight(token: string): number {
  if (/^d\d/.test(token) || /^\d/.test(token)) return 2
  return token.length >= 3 ? 1.5 : 1
}
