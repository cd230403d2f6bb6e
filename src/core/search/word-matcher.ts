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

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>
  values: T[]
}

/** Lower-cases A–Z only, so string length and offsets never change. */
export function foldLatin(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase())
}

function isLatin(char: string | undefined): boolean {
  return char !== undefined && /[a-z0-9]/.test(char)
}
