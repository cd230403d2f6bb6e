import { createRequire } from 'node:module'
import type { Plan } from '../plan/types.js'
import { dictionaryWords, isDictionaryWord, tagWords } from '../search/tokenize.js'

/**
 * Slips of typing and hearing: a word typed with the wrong character of the same sound (商表 for
 * 商标, 特按科 for 特安科, 知试产权 for 知识产权), the usual result of a pinyin keyboard or of speech
 * input. A typed word is read as a word of the plan (or a unit name) when it is not a word itself
 * (jieba's dictionary splits it), does not occur in the plan, and has the same toneless pinyin as
 * exactly the plan words listed for that sound; with one or several, the caller says how it read
 * the word or asks which was meant. Words of four characters or more also match one changed
 * character (知识产劝). Nothing is built until the first question that needs it.
 */

/** Toneless pinyin of a word, syllables joined by spaces (知识产权 → zhi shi chan quan); memoised. */
export function sound(word: string): string {
  let known = sounds.get(word)
  if (known === undefined) {
    known = pinyinPro().pinyin(word, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ')
    if (sounds.size >= SOUND_MEMO) sounds.clear()
    sounds.set(word, known)
  }
  return known
}

const require = createRequire(import.meta.url)
let loaded: typeof import('pinyin-pro') | null = null

/** pinyin-pro and its dictionary load with the first slip to read, not with every question. */
function pinyinPro(): typeof import('pinyin-pro') {
  loaded ??= require('pinyin-pro') as typeof import('pinyin-pro')
  return loaded
}

const sounds = new Map<string, string>()
const SOUND_MEMO = 50_000

export class SoundIndex {
  private readonly bySound = new Map<string, Set<string>>()
  private readonly byLength = new Map<number, string[]>()

  constructor(words: Iterable<string>) {
    for (const word of new Set(words)) {
      if (word.length < 2) continue
      const key = sound(word)
      const list = this.bySound.get(key) ?? new Set<string>()
      list.add(word)
      this.bySound.set(key, list)
      const same = this.byLength.get(word.length) ?? []
      same.push(word)
      this.byLength.set(word.length, same)
    }
  }

  /** Words that sound like `typed` (itself left out). */
  homophones(typed: string): string[] {
    return [...(this.bySound.get(sound(typed)) ?? [])].filter((w) => w !== typed)
  }

  /** Words of four characters or more that differ from `typed` in one character. */
  oneChange(typed: string): string[] {
    if (typed.length < 4) return []
    return (this.byLength.get(typed.length) ?? []).filter((w) => {
      let diff = 0
      for (let k = 0; k < w.length && diff < 2; k++) if (w[k] !== typed[k]) diff++
      return diff === 1
    })
  }

  /** Homophones first; one-character changes only when no word sounds alike. */
  candidates(typed: string): string[] {
    const same = this.homophones(typed)
    return same.length ? same : this.oneChange(typed)
  }
}

/** A window of the text read as a plan word. */
export interface SlipReading {
  start: number
  end: number
  typed: string
  /** Plan words it may stand for; one is a clear reading, several ask which. */
  candidates: string[]
}

/**
 * The plan's words (and extra words such as lexicon terms) by sound, with a test of whether a
 * string occurs in the plan that does not scan the whole text for every window.
 */
/** A word of a text as jieba segments it, with where it starts (-1 when it could not be placed). */
export interface WordSpan {
  word: string
  start: number
  tag: string
}

/** The text's words with their offsets. */
export function wordSpans(text: string): WordSpan[] {
  let at = 0
  return tagWords(text).map((w) => {
    const start = text.indexOf(w.word, at)
    at = start >= 0 ? start + w.word.length : at
    return { word: w.word, start, tag: w.tag }
  })
}

/** Part-of-speech tags of function words (pronouns, particles, prepositions, adverbs …). */
const FUNCTION_TAGS = new Set(['r', 'c', 'u', 'uj', 'ul', 'uz', 'ug', 'uv', 'ud', 'y', 'e', 'o', 'd', 'p', 'f', 'q', 'm', 'zg'])

/** Plans longer than this many characters are not indexed by character pairs (see PlanWords.has). */
const BIGRAM_SET_LIMIT = 300_000

export class PlanWords {
  private index: SoundIndex | null = null
  private bigrams: Set<string> | null = null
  private readonly text: string

  constructor(
    plan: Plan,
    private readonly extraWords: () => Iterable<string> = () => [],
  ) {
    this.text = [plan.title, plan.preamble, ...plan.sections.map((s) => s.title), ...plan.tasks.map((t) => t.text), ...plan.closing].join(
      '\n',
    )
  }

  /**
   * True when the plan's text holds the string. A plan of ordinary size keeps a set of its
   * character pairs so that most absent words are refused without a scan; a very large one (a
   * province's task list) is scanned directly, which costs less than holding millions of pairs.
   */
  has(word: string): boolean {
    if (this.text.length > BIGRAM_SET_LIMIT) return this.text.includes(word)
    if (!this.bigrams) {
      this.bigrams = new Set()
      for (let i = 0; i + 1 < this.text.length; i++) this.bigrams.add(this.text.slice(i, i + 2))
    }
    for (let i = 0; i + 1 < word.length; i++) if (!this.bigrams.has(word.slice(i, i + 2))) return false
    return this.text.includes(word)
  }

  private sounds(): SoundIndex {
    if (!this.index) this.index = new SoundIndex([...dictionaryWords(this.text), ...this.extraWords()])
    return this.index
  }

  /**
   * Slips in a stretch of a question, by jieba's words: a word that is no dictionary word and is
   * absent from the plan (知试, 商表), alone or joined with a neighbour (知试|产权, 特|按), read as the
   * plan words it sounds like. The longest reading wins; stretches across whole words (城市|验收 →
   * 市验) are never read, since neither word is a slip.
   */
  slipsIn(text: string): SlipReading[] {
    return this.slipsInWords(wordSpans(text))
  }

  /** The same, over words already segmented (offsets into the text they came from). */
  slipsInWords(spans: WordSpan[]): SlipReading[] {
    const found: SlipReading[] = []
    for (let k = 0; k < spans.length; k++) {
      const one = spans[k] as WordSpan
      if (one.start < 0 || !this.suspect(one.word, one.tag)) continue
      const next = spans[k + 1]
      const previous = found.some((f) => f.end > (spans[k - 1]?.start ?? -1)) ? undefined : spans[k - 1]
      const tries = [
        ...(previous && previous.start >= 0 && previous.start + previous.word.length === one.start
          ? [{ start: previous.start, typed: previous.word + one.word, used: 0 }]
          : []),
        ...(next && next.start === one.start + one.word.length ? [{ start: one.start, typed: one.word + next.word, used: 1 }] : []),
        { start: one.start, typed: one.word, used: 0 },
      ]
      for (const { start, typed, used } of tries) {
        if (typed.length < 2 || typed.length > 8 || !/^\p{Script=Han}+$/u.test(typed) || this.has(typed)) continue
        if (isDictionaryWord(typed)) continue
        const candidates = this.sounds()
          .candidates(typed)
          .filter((w) => this.has(w))
        if (candidates.length === 0) continue
        found.push({ start, end: start + typed.length, typed, candidates })
        k += used
        break
      }
    }
    return found
  }

  /**
   * A word that may be a slip: Chinese, not in the plan, and not a word; or a lone character that
   * is no function word (的, 是, 谁 are never half of a slip).
   */
  private suspect(word: string, tag: string): boolean {
    if (!/^\p{Script=Han}+$/u.test(word)) return false
    if (word.length === 1) return !FUNCTION_TAGS.has(tag)
    return !isDictionaryWord(word) && !this.has(word)
  }
}
