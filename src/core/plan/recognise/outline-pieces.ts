import { clauseSource } from './clause-text.js'
import { deadlineInText } from './deadlines.js'
import type { ClauseUnits, FoundClause } from './unit-clauses.js'

/** One task inside an item's text: its sentences, up to and without the clause that closes them. */
export interface Piece {
  text: string
  units: ClauseUnits
  source: string
  deadline: string | null
}

/** What closes a sentence, before a clause that ends a task inside a paragraph. */
const SENTENCE_END = /[。；;！!？?]$/

/**
 * An item whose text holds several tasks, each sentence group closed by a clause of its own:
 * 「鼓励创新创业。大力推进…。（A负责）加强…教育服务。（B、C负责）」. Two or more bracketed or labelled
 * clauses, each right after a full sentence and the next one after more text, give one piece each;
 * text after the last clause joins the last piece. Otherwise (clauses side by side, a clause inside
 * a sentence) the item is one task: null.
 */
export function piecesOf(text: string, clauses: FoundClause[]): Piece[] | null {
  const strong = clauses.filter((c) => c.form === 'bracket' || c.form === 'label')
  if (strong.length < 2) return null
  const pieces: Piece[] = []
  let from = 0
  for (const clause of strong) {
    const before = text.slice(from, clause.start).trim()
    if (before.length < 4 || !SENTENCE_END.test(before)) return null
    pieces.push({
      text: before,
      units: clause.units,
      source: clauseSource(text, clause),
      deadline: clause.deadline ?? deadlineInText(before),
    })
    from = clause.end
  }
  const rest = text
    .slice(from)
    .replace(/^[。；;，,\s]+/, '')
    .trim()
  const last = pieces.at(-1)
  if (last && rest) last.text += rest
  return pieces
}
