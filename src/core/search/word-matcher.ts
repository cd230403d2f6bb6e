/** A word matcher for the domain lexicon: a trie over words, longest match first. Pure. */

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>
  values: T[]
}

/**
 * Trie over words, case-insensitive for Latin letters. `find` returns non-overlapping matches:
 * longer matches win, then earlier ones (液化气罐 over 气罐, 网上开公司 over 开公司). A word made of
 * Latin letters or digits at an edge only matches at a token boundary there (QC does not fire in QCC).
 */
export class WordMatcher<T> {
  private readonly root: TrieNode<T> = { next: new Map(), values: [] }

  add(word: string, value: T): void {
    let node = this.root
    for (const char of foldLatin(word)) {
      let child = node.next.get(char)
      if (!child) {
        child = { next: new Map(), values: [] }
        node.next.set(char, child)
      }
      node = child
    }
    node.values.push(value)
  }

  /** Non-overlapping matches in text order; `start`/`end` are offsets into `text`. */
  find(text: string): { start: number; end: number; values: T[] }[] {
    const folded = foldLatin(text)
    const candidates: { start: number; end: number; values: T[] }[] = []
    for (let start = 0; start < folded.length; start++) {
      if (isLatin(folded[start]) && isLatin(folded[start - 1])) continue
      let node: TrieNode<T> | undefined = this.root
      for (let end = start; end < folded.length; ) {
        node = node.next.get(folded[end] as string)
        if (!node) break
        end++
        if (node.values.length > 0 && !(isLatin(folded[end - 1]) && isLatin(folded[end]))) {
          candidates.push({ start, end, values: node.values })
        }
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
