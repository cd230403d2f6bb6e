import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import type { Plan } from '../src/core/plan/types.js'
import { unitsOf } from '../src/core/plan/types.js'

/**
 * The baseline: SQLite FTS5 with the trigram tokenizer over the same fields the bot indexes
 * (task text, unit names with aliases, section title), in memory. A question becomes:
 *   1. NFKC (width folding only; no traditional → simplified, no jieba, no synonyms),
 *   2. the bot's own question-word list (lexicon/question-words.json) removed, longest first,
 *   3. runs of CJK letters/digits; every 3-character window of each run, quoted, joined with OR,
 *      ranked by bm25 with the bot's field weights (text 2, units 1.5, section 0.5), top 10.
 * Trigram cannot match fewer than 3 characters, so a question left with only 1–2 character runs
 * (「商标」) falls back to an unranked LIKE '%run%' scan over text and units, first 10 by task number.
 */

const QUESTION_WORDS = new URL('../lexicon/question-words.json', import.meta.url)

export class FtsBaseline {
  private readonly db: Database.Database
  private readonly phrases: string[]
  private readonly match: Database.Statement<[string], { id: number }>
  private readonly like: Database.Statement<[string, string], { id: number }>

  constructor(plan: Plan) {
    this.db = new Database(':memory:')
    this.db.exec(`CREATE VIRTUAL TABLE fts USING fts5(text, units, section, tokenize='trigram')`)
    const insert = this.db.prepare('INSERT INTO fts (rowid, text, units, section) VALUES (?, ?, ?, ?)')
    const titles = new Map(plan.sections.map((s) => [s.number, s.title]))
    this.db.transaction(() => {
      for (const t of plan.tasks) {
        const units = unitsOf(t)
          .flatMap((u) => [u.name, u.alias ?? ''])
          .join(' ')
        insert.run(t.number, t.text, units, titles.get(t.section) ?? '')
      }
    })()
    const words = JSON.parse(readFileSync(QUESTION_WORDS, 'utf8')) as { phrases: string[] }
    this.phrases = [...words.phrases].sort((a, b) => b.length - a.length)
    this.match = this.db.prepare('SELECT rowid AS id FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 2.0, 1.5, 0.5) LIMIT 10')
    this.like = this.db.prepare('SELECT rowid AS id FROM fts WHERE text LIKE ? OR units LIKE ? ORDER BY rowid LIMIT 10')
  }

  /** The FTS5 query for a question, or the runs for the LIKE fallback. */
  queryOf(question: string): { match: string | null; runs: string[] } {
    let text = question.normalize('NFKC')
    for (const p of this.phrases) text = text.replaceAll(p, ' ')
    const runs = text.match(/[\p{Script=Han}A-Za-z0-9.%]+/gu) ?? []
    const grams = new Set<string>()
    for (const run of runs) {
      const chars = [...run]
      for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''))
    }
    if (grams.size === 0) return { match: null, runs }
    return { match: [...grams].map((g) => `"${g.replace(/"/g, '""')}"`).join(' OR '), runs }
  }

  /** Task numbers, best first (at most 10). */
  search(question: string): number[] {
    const { match, runs } = this.queryOf(question)
    if (match) return this.match.all(match).map((r) => r.id)
    const run = runs.filter((r) => r.length >= 2).sort((a, b) => b.length - a.length)[0]
    if (!run) return []
    const pattern = `%${run}%`
    return this.like.all(pattern, pattern).map((r) => r.id)
  }

  close(): void {
    this.db.close()
  }
}
