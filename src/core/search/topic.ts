import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dictionaryVersion, tagWords } from './tokenize.js'

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

/** Suffixes that make a metric of the word before them. */
const SUFFIXES = new Set(['率', '量', '额', '值', '数', '度'])

/** Interrogatives HMM may glue to a content word; only these are cut from inside a word. */
const INTERROGATIVES = [
  '多少',
  '什么',
  '哪些',
  '哪个',
  '哪家',
  '哪里',
  '几个',
  '几项',
  '几条',
  '几家',
  '怎么样',
  '怎么',
  '如何',
  '是否',
  '有没有',
  '谁',
]

interface FillerWords {
  filler: ReadonlySet<string>
  deictic: ReadonlySet<string>
  /** Interrogatives at the start or end of a word (增长多少 → 增长). */
  edges: RegExp
}

let cached: FillerWords | null = null

function fillerWords(): FillerWords {
  if (cached) return cached
  const read = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../../lexicon/${name}`, import.meta.url)), 'utf8'))
  const fn = read('function-words.json') as Record<string, string[]>
  const questions = read('question-words.json') as { phrases: string[] }
  const deictic = new Set(fn.deictic ?? [])
  const filler = new Set([...questions.phrases, ...(fn.asking ?? []), ...(fn.vague ?? []), ...(fn.courtesy ?? []), ...deictic])
  const asks = INTERROGATIVES.join('|')
  const edges = new RegExp(`^(?:${asks})+|(?:${asks})+$`, 'gu')
  cached = { filler, deictic, edges }
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
  // One message asks for its topic several times (routing, search, the reply's echo).
  if (memoVersion !== dictionaryVersion()) {
    memo.clear()
    memoVersion = dictionaryVersion()
  }
  const known = memo.get(text)
  if (known) return known
  const topic = readTopic(text)
  if (memo.size >= MEMO_LIMIT) memo.clear()
  memo.set(text, topic)
  return topic
}

const memo = new Map<string, Topic>()
let memoVersion = -1
const MEMO_LIMIT = 2000

function readTopic(text: string): Topic {
  const { filler, deictic, edges } = fillerWords()
  const words: string[] = []
  let pointedBack = false
  // The last kept word, if nothing was dropped since: a neighbour to merge a stray character with.
  let previous: { word: string; tag: string } | null = null
  // 不合格, 未成年: a written negation belongs to the word it negates; dropped alone, it would turn
  // 「抽检不合格食品」 into 「抽检合格食品」.
  let negation = ''
  for (const { word, tag } of tagWords(text.replace(A_NOT_A, ''))) {
    const raw = word.trim()
    if (!raw) continue
    if (NEGATION.has(raw)) {
      negation = raw
      previous = null
      continue
    }
    const negated = negation
    negation = ''
    if (HAS_DIGIT.test(raw)) {
      words.push(raw)
      previous = null
      continue
    }
    // HMM glues question words to content (增长多少, 到多少): cut them off the edges.
    const w = raw.replace(edges, '')
    if (deictic.has(raw)) pointedBack = true
    if (!w || !HAS_WORD_CHAR.test(w) || filler.has(raw) || filler.has(w) || isFunctionWord(w, tag) || HOW_MANY.test(w)) {
      previous = null
      continue
    }
    // 换|标率, 退|烧药: jieba split a word it does not know; a lone character rejoins its neighbour.
    // A measure suffix (公示|率, 申请|量) belongs to the word before it.
    const joins = (previous?.tag === 'x' || tag === 'x') && (previous?.word.length === 1 || w.length === 1)
    if (previous && (joins || SUFFIXES.has(w))) {
      words[words.length - 1] = previous.word + w
      previous = { word: previous.word + w, tag: 'x' }
      continue
    }
    words.push(negated + w)
    previous = negated ? null : { word: w, tag }
  }
  return { words, text: words.join(''), deictic: pointedBack && words.length === 0 }
}

/** Negations of written Chinese that change what a word means (不合格, 不正当, 未成年, 未备案). */
const NEGATION = new Set(['不', '未'])

function isFunctionWord(word: string, tag: string): boolean {
  if (FUNCTION_TAGS.has(tag)) return true
  return word.length === 1 && SINGLE_CHAR_FUNCTION_TAGS.has(tag)
}
