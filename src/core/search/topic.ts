import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { tagWords } from './tokenize.js'

/**
 * The grammar of filler: what a question is about is what remains once the words that carry no
 * topic are gone. A word goes when jieba tags it as a function word (pronoun, particle, conjunction,
 * preposition, adverb, interjection, single-character locative or measure word), when it is part of
 * an A-not-A question (准不准), when it is a
 * question or filler word of lexicon/question-words.json or lexicon/function-words.json (whole words
 * only: 管 goes, 监管 stays), or when it is punctuation or an emoji. Words with digits always stay.
 * No sample phrase is listed anywhere: 「麻烦问下，饭店后厨的整治是哪个科牵头？」 reduces to its
 * nouns and verbs because of what its words are.
 */

export interface Topic {
  /** Content words in order, e.g. ['饭店', '后厨', '整治']. */
  words: string[]
  /** The words joined: what a reply echoes back (「饭店后厨整治」). */
  text: string
  /** True when the question pointed back at an earlier task (这条, 它) and named nothing else. */
  deictic: boolean
}

/** Tags of words that never carry a topic. */
const FUNCTION_TAGS = new Set(['r', 'c', 'u', 'uj', 'ul', 'uz', 'ug', 'uv', 'ud', 'y', 'e', 'o', 'd', 'ad', 'zg'])
/** Tags whose single-character words carry no topic (里, 上, 条, 个, 在, 对). */
const SINGLE_CHAR_FUNCTION_TAGS = new Set(['f', 'q', 'p'])

interface FillerWords {
  filler: ReadonlySet<string>
  deictic: ReadonlySet<string>
}

let cached: FillerWords | null = null

function fillerWords(): FillerWords {
  if (cached) return cached
  const read = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../../lexicon/${name}`, import.meta.url)), 'utf8'))
  const fn = read('function-words.json') as Record<string, string[]>
  const questions = read('question-words.json') as { phrases: string[] }
  const deictic = new Set(fn.deictic ?? [])
  const filler = new Set([...questions.phrases, ...(fn.asking ?? []), ...(fn.vague ?? []), ...(fn.courtesy ?? []), ...deictic])
  cached = { filler, deictic }
  return cached
}

/**
 * An A-not-A question (准不准, 是不是, 有没有, and 合不合格 at a clause end): the form asks, it names
 * nothing.
 */
const A_NOT_A = /(\p{Script=Han})[不没]\1(?:\p{Script=Han}(?=[\s,，。?？!！]|$))?/gu
/** 几家, 多少件, 几项: the question's measure, not its topic. */
const HOW_MANY = /^(?:几|多少)\p{Script=Han}?$/u
const HAS_DIGIT = /\d/
const HAS_WORD_CHAR = /[\p{Script=Han}a-z0-9]/u

/** The content words of a question and whether it pointed back at an earlier task. */
export function topicOf(text: string): Topic {
  const { filler, deictic } = fillerWords()
  const words: string[] = []
  let pointedBack = false
  for (const { word, tag } of tagWords(text.replace(A_NOT_A, ''))) {
    const w = word.trim()
    if (!w) continue
    if (HAS_DIGIT.test(w)) {
      words.push(w)
      continue
    }
    if (!HAS_WORD_CHAR.test(w)) continue
    if (deictic.has(w)) pointedBack = true
    if (filler.has(w) || isFunctionWord(w, tag) || HOW_MANY.test(w)) continue
    words.push(w)
  }
  return { words, text: words.join(''), deictic: pointedBack && words.length === 0 }
}

function isFunctionWord(word: string, tag: string): boolean {
  if (FUNCTION_TAGS.has(tag)) return true
  return word.length === 1 && SINGLE_CHAR_FUNCTION_TAGS.has(tag)
}

/** True when a word is only filler (你好, 谢谢, 这块): small talk has no topic at all. */
export function isFiller(word: string): boolean {
  return fillerWords().filler.has(word)
}
