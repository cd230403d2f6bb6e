import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type MiniSearch from 'minisearch'
import type { Plan, Task } from '../plan/types.js'
import { unitsOf } from '../plan/types.js'
import { foldText } from '../text/normalise.js'
import { type Concept, conceptMatch, conceptsOf } from './concepts.js'
import { loadDepartmentAbbreviations } from './department-names.js'
import { type DomainLexicon, type Expansion, loadDomainLexicon } from './domain-lexicon.js'
import { searchOptions, type TaskDocument, toDocument } from './index-options.js'
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
  /** Weighted share of the query's concepts the task covers, 0–1 (see conceptMatch). */
  coverage: number
}

interface Lexicon {
  synonyms: Record<string, string[]>
  /** Unit-name short forms → stems (知产 → 知识产权, 人社 → 人力资源社会保障) for the unit directory. */
  unitAbbreviations: Record<string, string>
}

const LEXICON_DIR = new URL('../../../lexicon/', import.meta.url)

export function loadLexicon(): Lexicon {
  const read = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(name, LEXICON_DIR)), 'utf8'))
  const synonyms = read('synonyms.json')
  return { synonyms: synonyms.search as Record<string, string[]>, unitAbbreviations: loadDepartmentAbbreviations() }
}

/** 第3条, 任务12, 第5项, 37条… at the start — not 第1部分, 第2季度, 第一方阵, 10000条次. */
const TASK_REFERENCE =
  /(?:第|任务)\s*(\d+)(?!\d)\s*(?:条|项|号)?(?!\s*(?:部分|大项|章|季度|届|批|名|轮|期|方阵|年|月|天|周|个|次))|^(\d{1,5})\s*(?:条|号任务|号)(?!次)/

/** Coverage below this is not an answer; see the class comment. */
export const MIN_COVERAGE = 0.55
/** The same, for a task of the unit whose functions the question names (see suggestedUnits). */
export const MIN_OWNED_COVERAGE = 0.35
/** A runner-up within this share of the top score is shown beside it. */
export const CLOSE_SCORE = 0.7

/** Plans up to this many tasks are scanned for abbreviations when the index finds nothing. */
const ABBREVIATION_SCAN_LIMIT = 2000
/** The weight of an official term's tokens against the user's own word's (see find). */
const EXPANSION_BOOST = 0.5
/** Tasks of the unit whose functions the question names rank this much higher. */
const UNIT_BOOST = 1.25

export class PlanSearch {
  private readonly byNumber: Map<number, Task>
  private byCanonical: Map<string, string[]> | null = null
  private readonly taskChars = new Map<number, ReadonlySet<string>>()
  private readonly frequencies = new Map<string, number>()
  private readonly searchable = new Map<number, string>()
  private readonly folded = new Map<number, string>()
  /** Results of the last few searches (see find): a handful, so that only one question's repeats hit. */
  private readonly recent = new RecentResults(RECENT_RESULTS)

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
    return this.recent.remember(`x\u0000${text}`, () => {
      const legacy = Object.entries(this.lexicon.synonyms)
        .filter(([key]) => text.includes(key))
        .map(([word, official]) => ({ word, official }))
      return [...this.domain.expand(text), ...legacy]
    })
  }

  /**
   * Relevant tasks, best first; empty when the plan does not cover the query. One question asks
   * this several times (the answer, the closed world, a near miss): the last few results are kept.
   */
  find(text: string, limit = 10): Hit[] {
    return this.recent.remember(`f\u0000${limit}\u0000${text}`, () => this.search(text, limit))
  }

  private search(text: string, limit: number): Hit[] {
    // 「第3条谁牵头」: a task named by number is the answer, not a search.
    const named = text.match(TASK_REFERENCE)
    const task = named ? this.byNumber.get(Number(named[1] ?? named[2])) : undefined
    if (task) return [{ task, score: 1, coverage: 1 }]
    const concepts = conceptsOf(text, this.expansions(text)).filter((c) => c.alternatives.length > 0)
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
    const { searched, common } = this.splitCommon(tokens)
    const options = { ...searchOptions, tokenize: () => searched, boostTerm: (t: string) => counts.get(t) ?? 1 }
    const total = concepts.reduce((sum, c) => sum + c.weight, 0)
    const owners = this.suggestedUnits(text)
    const hits: Hit[] = []
    // Results come best raw score first, and coverage ≤ 1 never raises a score above raw × boost:
    // once that is below the limit-th best adjusted score, no later result can enter the top `limit`.
    for (const result of this.index.search(searched.join(' '), options)) {
      if (hits.length >= limit && result.score * UNIT_BOOST < (hits[limit - 1]?.score ?? 0)) break
      const task = this.byNumber.get(Number(result.id))
      if (!task) continue
      const matched = new Set(result.terms)
      for (const t of common) if (this.holds(task, t)) matched.add(t)
      const owned = unitsOf(task).some((u) => owners.has(u.name))
      const coverage =
        concepts.reduce((sum, c) => sum + c.weight * conceptMatch(c, matched, task.text, owned, this.charsOf(task)), 0) / total
      // The unit the question's words belong to vouches for a looser match on its own tasks.
      if (coverage < (owned ? MIN_OWNED_COVERAGE : MIN_COVERAGE)) continue
      const boost = owned ? UNIT_BOOST : 1
      insertByScore(hits, { task, score: result.score * coverage * boost, coverage })
    }
    if (hits.length === 0) return this.byAbbreviation(concepts, total, limit)
    return hits.slice(0, limit)
  }

  /**
   * A large plan (a province's 10,000 tasks) finds its candidates by the query's rarer tokens:
   * a token in thousands of tasks (企业, 开展) costs most to score and, with its low IDF, ranks
   * least. It still counts for coverage, checked on each candidate's own text (`holds`), so what
   * a task must cover is unchanged. Small plans search every token, as always.
   */
  private splitCommon(tokens: string[]): { searched: string[]; common: string[] } {
    const docs = this.index.documentCount
    if (docs < LARGE_PLAN) return { searched: tokens, common: [] }
    const common = tokens.filter((t) => this.frequency(t) > docs * COMMON_SHARE)
    if (common.length === 0 || common.length === tokens.length) return { searched: tokens, common: [] }
    return { searched: tokens.filter((t) => !common.includes(t)), common }
  }

  /** How many tasks hold a token, counted once per token. */
  private frequency(token: string): number {
    let n = this.frequencies.get(token)
    if (n === undefined) {
      n = this.index.search(token, { ...searchOptions, tokenize: () => [token] }).length
      this.frequencies.set(token, n)
    }
    return n
  }

  /** A task's text folded as questions are (simplified, half-width, lower case); kept per task. */
  foldedText(task: Task): string {
    let text = this.folded.get(task.number)
    if (text === undefined) {
      text = foldText(task.text).toLowerCase()
      this.folded.set(task.number, text)
    }
    return text
  }

  /** True when a task's indexed fields hold the token (the fields index-options.ts builds). */
  private holds(task: Task, token: string): boolean {
    let text = this.searchable.get(task.number)
    if (text === undefined) {
      const doc = toDocument(this.plan, task)
      text = foldText([doc.text, doc.units, doc.section, doc.events].join(' ')).toLowerCase()
      this.searchable.set(task.number, text)
    }
    return text.includes(token)
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
      const coverage = concepts.reduce((sum, c) => sum + c.weight * conceptMatch(c, none, task.text, false, this.charsOf(task)), 0) / total
      if (coverage >= MIN_COVERAGE) insertByScore(hits, { task, score: coverage, coverage })
    }
    return hits.slice(0, limit)
  }

  /** The characters of a task's text, cached: character-level matches look them up per query. */
  private charsOf(task: Task): ReadonlySet<string> {
    let set = this.taskChars.get(task.number)
    if (!set) {
      set = new Set(task.text)
      this.taskChars.set(task.number, set)
    }
    return set
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

const RECENT_RESULTS = 32
/** Plans of this many tasks or more search by their rarer tokens (see splitCommon). */
const LARGE_PLAN = 2000
/** A token in more than this share of the tasks is common. */
const COMMON_SHARE = 0.05

/** A small least-recently-used memo of pure results. */
class RecentResults {
  private readonly entries = new Map<string, unknown>()

  constructor(private readonly size: number) {}

  remember<T>(key: string, compute: () => T): T {
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as T
      this.entries.delete(key)
      this.entries.set(key, value)
      return value
    }
    const value = compute()
    this.entries.set(key, value)
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string)
    return value
  }
}

/** Inserts keeping `hits` sorted by score, best first (stable for equal scores). */
function insertByScore(hits: Hit[], hit: Hit): void {
  let at = hits.length
  while (at > 0 && (hits[at - 1] as Hit).score < hit.score) at--
  hits.splice(at, 0, hit)
}
