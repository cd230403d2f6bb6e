import type { Expansion } from './domain-lexicon.js'
import { tokenize } from './tokenize.js'
import { topicOf } from './topic.js'
import { foldLatin } from './word-matcher.js'

/**
 * A question as concepts, and how well a task's text covers each: the unit of the closed-world
 * coverage in plan-search.ts. A concept is a content word of the question (topic.ts) with the
 * token lists that would cover it: its own, and the official terms of any everyday word it is part
 * of (液化气罐 or 气瓶). Pure.
 */

/** A question's content word and the token lists that would cover it (its own, its official terms'). */
export interface Concept {
  word: string
  weight: number
  alternatives: string[][]
}

/** An abbreviation (换标率 ~ 换标使用率) counts this much of a word matched by tokens. */
const ABBREVIATION_MATCH = 0.8
/** How many extra characters an abbreviation may skip. */
const ABBREVIATION_SLACK = 3
const HAN = /\p{Script=Han}/u
/** A looser in-order match: this many extra characters, counted at CHAR_WEIGHT. */
const CHAR_SLACK = 6
/** A character-level match counts this much of a word matched by tokens (see conceptMatch). */
const CHAR_WEIGHT = 0.3

/**
 * The query as concepts: each content word, with the official terms of any everyday word it is
 * part of as alternatives (液化气罐 or 气瓶). A concept counts as covered by its best alternative.
 */
export function conceptsOf(text: string, found: Expansion[]): Concept[] {
  // Topic words come lower-cased (gdp) while expansions keep the text's case (GDP): compare folded.
  const folded = foldLatin(text)
  const expansions = found.map((e) => ({ ...e, folded: foldLatin(e.word), at: spanOf(folded, foldLatin(e.word), 0) }))
  let from = 0
  return topicOf(text).words.map((word) => {
    const at = spanOf(folded, foldLatin(word), from)
    if (at.start >= 0) from = at.end
    const alternatives = [tokenize(word)]
    // An everyday word attaches to every content word it overlaps (电子秤 to 电子 and 秤).
    for (const e of expansions)
      if (overlaps(at, e.at) || e.folded.includes(foldLatin(word))) for (const term of e.official) alternatives.push(tokenize(term))
    return { word, weight: conceptWeight(word), alternatives: alternatives.filter((a) => a.length > 0) }
  })
}

/**
 * How well a task covers a concept, 0–1: the best alternative's weighted share of tokens, or,
 * when no token of it matched, a low-weighted share of its characters (乡镇监管所 ~ 一乡一所), so a
 * partial overlap counts a little without ever carrying a query alone.
 */
export function conceptMatch(
  concept: Concept,
  matched: ReadonlySet<string>,
  text: string,
  owned = false,
  chars?: ReadonlySet<string>,
): number {
  let best = 0
  for (const alt of concept.alternatives) {
    const all = alt.reduce((sum, t) => sum + weight(t), 0)
    const got = alt.filter((t) => matched.has(t)).reduce((sum, t) => sum + weight(t), 0)
    best = Math.max(best, all ? got / all : 0)
  }
  if (best >= ABBREVIATION_MATCH) return best
  // Every character-level match below needs the characters in the text: a set lookup rules most
  // tasks out before any scan.
  const has = chars ? (c: string) => chars.has(c) : (c: string) => text.includes(c)
  const own = [...concept.word].filter((c) => HAN.test(c))
  const present = own.filter(has).length
  const all = own.length > 0 && present === own.length
  // 换标率 for 换标使用率: a word written in order, a few characters apart, is an abbreviation.
  if (all && concept.word.length >= 3 && abbreviates(concept.word, text)) return ABBREVIATION_MATCH
  if (best > 0) return best
  // Characters count written close together, in order (乡镇监管所 ~ 一乡一所); scattered over a task
  // (高…铁) they say nothing, unless the task is the unit's the question's words belong to.
  if (all && abbreviates(concept.word, text, CHAR_SLACK)) return CHAR_WEIGHT
  if (!owned) return 0
  return own.length ? (CHAR_WEIGHT * present) / own.length : 0
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
