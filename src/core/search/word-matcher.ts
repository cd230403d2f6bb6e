/** A word matcher for the domain lexicon: words by their folded form, longest match first. Pure. */

/**
 * Words found in text, case-insensitive for Latin letters. `find` returns non-overlapping matches:
 * longer matches win, then earlier ones (液化气罐 over 气罐, 网上开公司 over 开公司). A word made of
 * Latin letters or digits at an edge only matches at a token boundary there (QC does not fire in
 * QCC). Words are kept in one map by their folded text and looked up for every span of the text up
 * to the longest word's length: a question is a line, and a map of a few thousand words costs a
 * fraction of a trie of one Map per character.
 */
export class WordMatcher<T> {
  private readonly words = new Map<string, T[]>()
  private readonly lengths = new Set<number>()
  private longest = 0

  add(word: string, value: T): void {
    const folded = foldLatin(word)
    const list = this.words.get(folded)
    if (list) list.push(value)
    else this.words.set(folded, [value])
    this.lengths.add(folded.length)
    this.longest = Math.max(this.longest, folded.length)
  }

  /** Non-overlapping matches in text order; `start`/`end` are offsets into `text`. */
  find(text: string): { start: number; end: number; values: T[] }[] {
    const folded = foldLatin(text)
    const candidates: { start: number; end: number; values: T[] }[] = []
    for (let start = 0; start < folded.length; start++) {
      if (isLatin(folded[start]) && isLatin(folded[start - 1])) continue
      const max = Math.min(this.longest, folded.length - start)
      for (let len = 1; len <= max; len++) {
        if (!this.lengths.has(len)) continue
        const end = start + len
        const values = this.words.get(folded.slice(start, end))
        if (values && !(isLatin(folded[end - 1]) && isLatin(folded[end]))) candidates.push({ start, end, values })
      }
    }
    if (candidates.length <= 1) return candidates
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
    const taken = new Uint8Array(folded.length)
    const chosen = candidates.filter((c) => {
      for (let k = c.start; k < c.end; k++) if (taken[k]) return false
      taken.fill(1, c.start, c.end)
      return true
    })
    return chosen.sort((a, b) => a.start - b.start)
  }
}

/** Characters a gap may not hold: punctuation and spaces end a phrase. */
const GAP_BREAK = /[\s，,。.;；:：、？?！!（）()「」“”"'《》]/

/**
 * Words said with other words inside them: 没执照 in 「没办营业执照」, 专利抵押 in 「拿专利去银行
 * 抵押贷款」. Each word of three characters or more is tried split in two, the second part at least
 * two characters, with at most `maxGap` characters between the parts and no punctuation there.
 * Only spans `taken` leaves free are used, and found spans are marked taken (longer words first),
 * so a gapped match never overlaps an exact one or another gapped one. Pure.
 */
export class GappedWords<T> {
  /** Split words by the first character of their head (`find` orders them longest first). */
  private readonly byFirst = new Map<string, { head: string; tail: string; word: string; value: T }[]>()

  constructor(private readonly maxGap = 4) {}

  add(word: string, value: T): void {
    const folded = foldLatin(word)
    const chars = [...folded]
    if (chars.length < 3 || /[a-z0-9]/.test(folded)) return
    const list = this.byFirst.get(chars[0] as string) ?? []
    for (let k = 1; k <= chars.length - 2; k++)
      list.push({ head: chars.slice(0, k).join(''), tail: chars.slice(k).join(''), word: folded, value })
    this.byFirst.set(chars[0] as string, list)
  }

  /** Matches in text order: `start`/`end` span head, gap and tail. `taken` marks offsets already matched. */
  find(text: string, taken: Uint8Array): { start: number; end: number; word: string; value: T }[] {
    const folded = foldLatin(text)
    const found: { start: number; end: number; word: string; value: T }[] = []
    const free = (from: number, to: number) => {
      for (let k = from; k < to; k++) if (taken[k]) return false
      return true
    }
    const candidates = [...new Set(folded)].flatMap((c) => this.byFirst.get(c) ?? []).sort((a, b) => b.word.length - a.word.length)
    for (const w of candidates) {
      for (let at = folded.indexOf(w.head); at >= 0; at = folded.indexOf(w.head, at + 1)) {
        const gapStart = at + w.head.length
        const tailAt = folded.indexOf(w.tail, gapStart + 1)
        if (tailAt < 0 || tailAt - gapStart > this.maxGap) continue
        if (GAP_BREAK.test(folded.slice(gapStart, tailAt))) continue
        const end = tailAt + w.tail.length
        if (!free(at, end)) continue
        taken.fill(1, at, end)
        found.push({ start: at, end, word: w.word, value: w.value })
        break
      }
    }
    return found.sort((a, b) => a.start - b.start)
  }
}

/** Lower-cases A–Z only, so string length and offsets never change. */
export function foldLatin(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase())
}

function isLatin(char: string | undefined): boolean {
  return char !== undefined && /[a-z0-9]/.test(char)
}
