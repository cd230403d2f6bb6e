import type { MatchedFigure, NewUpdate } from './store.js'

/**
 * What the store accepts, whatever a caller computed: well-formed strings and plausible figures.
 * Checked at the store boundary so every door and every parser is covered at once.
 */

/** Larger than any figure a work plan reports (10¹² 件/元/户); beyond it a number is a typo or an attack. */
export const MAX_FIGURE = 1e12
/** An attainment above a million percent is not a measurement. */
export const MAX_PERCENT = 1e6

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Replaces each lone surrogate (which SQLite would store as invalid UTF-8) with U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD')
}

function plausible(f: MatchedFigure): boolean {
  if (!Number.isFinite(f.value) || Math.abs(f.value) > MAX_FIGURE) return false
  return f.percent === null || (Number.isFinite(f.percent) && Math.abs(f.percent) <= MAX_PERCENT)
}

/**
 * The update as it will be stored. Implausible figures are dropped (the text still shows them as
 * typed) and the attainment is then recomputed from the figures that remain, as the parser does.
 */
export function cleanUpdate(u: NewUpdate): NewUpdate {
  const figures = u.figures.filter(plausible).map((f) => ({ ...f, unit: wellFormed(f.unit) }))
  let attainment = u.attainment
  if (figures.length !== u.figures.length || (attainment !== null && !Number.isFinite(attainment))) {
    const percents = figures.map((f) => f.percent).filter((p): p is number => p !== null)
    attainment = u.done ? 100 : percents.length ? Math.round((percents.reduce((a, b) => a + b, 0) / percents.length) * 10) / 10 : null
  }
  return {
    ...u,
    unit: wellFormed(u.unit),
    user: wellFormed(u.user),
    userName: u.userName === null ? null : wellFormed(u.userName),
    text: wellFormed(u.text),
    original: u.original == null ? (u.original ?? null) : wellFormed(u.original),
    sourceId: u.sourceId === null ? null : wellFormed(u.sourceId),
    parts: u.parts
      ? {
          progress: wellFormed(u.parts.progress),
          problems: u.parts.problems === null ? null : wellFormed(u.parts.problems),
          next: u.parts.next === null ? null : wellFormed(u.parts.next),
        }
      : (u.parts ?? null),
    figures,
    attainment,
  }
}
