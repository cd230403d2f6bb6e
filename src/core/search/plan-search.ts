import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type MiniSearch from 'minisearch'
import type { Plan, Task } from '../plan/types.js'
import { searchOptions, type TaskDocument } from './index-options.js'
import { tokenize } from './tokenize.js'
import { topicOf } from './topic.js'

/**
 * Search over the plan with a closed-world guard. The query is stripped of question words
 * (lexicon/question-words.json) and expanded with synonyms (lexicon/synonyms.json). A task counts
 * only when it covers enough of the query: BM25 alone would rank *something* first for
 * 「哪个科室负责火星移民」, and the bot must answer 「工作要点未提及」 instead.
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

const TASK_REFERENCE = /(?:第|任务)\s*(\d+)\s*(?:条|项|号)?/

/** Coverage below this is not an answer; see the class comment. */
export const MIN_COVERAGE = 0.5
/** A runner-up within this share of the top score is shown beside it. */
export const CLOSE_SCORE = 0.7

export class PlanSearch {
  private readonly byNumber: Map<number, Task>

  constructor(
    readonly plan: Plan,
    private readonly index: MiniSearch<TaskDocument>,
    private readonly lexicon: Lexicon = loadLexicon(),
  ) {
    this.byNumber = new Map(plan.tasks.map((t) => [t.number, t]))
  }

  task(number: number): Task | undefined {
    return this.byNumber.get(number)
  }

  /** The query as searched: the topic's content words (topic.ts), synonyms appended. */
  cleanQuery(text: string): string {
    const out = topicOf(text).words.join(' ')
    const extra = Object.entries(this.lexicon.synonyms)
      .filter(([key]) => text.includes(key))
      .flatMap(([, words]) => words)
    return [out, ...extra].join(' ').replace(/\s+/g, ' ').trim()
  }

  /** Relevant tasks, best first; empty when the plan does not cover the query. */
  find(text: string, limit = 10): Hit[] {
    // 「第3条谁牵头」: a task named by number is the answer, not a search.
    const named = text.match(TASK_REFERENCE)
    const task = named ? this.byNumber.get(Number(named[1])) : undefined
    if (task) return [{ task, score: 1, coverage: 1 }]
    const query = this.cleanQuery(text)
    // A word appears both as a bigram and as a jieba word. MiniSearch would look each copy up again;
    // searching each token once with its count as boost gives the same scores for less work.
    const counts = new Map<string, number>()
    for (const t of tokenize(query)) counts.set(t, (counts.get(t) ?? 0) + 1)
    const tokens = [...counts.keys()]
    if (tokens.length === 0) return []
    const options = { ...searchOptions, tokenize: () => tokens, boostTerm: (t: string) => counts.get(t) ?? 1 }
    const total = tokens.reduce((sum, t) => sum + weight(t), 0)
    const hits: Hit[] = []
    // Results come best raw score first, and coverage ≤ 1 never raises a score: once a raw score is
    // below the limit-th best adjusted score, no later result can enter the top `limit`.
    for (const result of this.index.search(query, options)) {
      if (hits.length >= limit && result.score < (hits[limit - 1]?.score ?? 0)) break
      const task = this.byNumber.get(Number(result.id))
      if (!task) continue
      const matched = new Set(result.terms)
      const coverage = tokens.filter((t) => matched.has(t)).reduce((sum, t) => sum + weight(t), 0) / total
      if (coverage < MIN_COVERAGE) continue
      insertByScore(hits, { task, score: result.score * coverage, coverage })
    }
    return hits.slice(0, limit)
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

/** Longer tokens (whole words, numbers, dates) say more than a bigram. */
function weight(token: string): number {
  if (/^d\d/.test(token) || /^\d/.test(token)) return 2
  return token.length >= 3 ? 1.5 : 1
}
