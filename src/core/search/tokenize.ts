import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { datesIn } from '../plan/targets.js'
import { foldText } from '../text/normalise.js'

/**
 * The search tokenizer, used identically to build and to query the index (the only importer of
 * nodejieba). Tokens: month-day dates as `d3-15`; numbers kept whole (2000, 7.6); Latin words;
 * CJK bigrams (single characters are too common to tell tasks apart); and jieba words from `cutForSearch(text, true)` — HMM on, since without it "2000"
 * splits into digits. Real words appear both as a bigram and as a word, so they outweigh bigrams
 * that straddle two words.
 */

const require = createRequire(import.meta.url)
type Jieba = typeof import('nodejieba')
let jieba: Jieba | null = null
let loadedDictionary: string | null = null
const IDF_STUB = fileURLToPath(new URL('../../../lexicon/jieba-idf-stub.utf8', import.meta.url))

/**
 * Loads jieba with a dictionary (the plan-sized one from index/). Call before tokenizing; a second
 * call with the same path is free. Paths are checked first: nodejieba aborts the process on a
 * missing file instead of throwing.
 */
export function loadDictionary(dictPath: string): void {
  if (loadedDictionary === dictPath) return
  if (!existsSync(dictPath)) throw new Error(`tokenize: dictionary file not found: ${dictPath}`)
  const lib = require('nodejieba') as Jieba
  const { DEFAULT_HMM_DICT, DEFAULT_USER_DICT, DEFAULT_STOP_WORD_DICT } = lib as unknown as Record<string, string>
  for (const p of [DEFAULT_HMM_DICT, DEFAULT_USER_DICT, DEFAULT_STOP_WORD_DICT, IDF_STUB])
    if (!p || !existsSync(p)) throw new Error(`tokenize: nodejieba data file missing: ${p}`)
  // The 6 MB idf table only serves keyword extraction, which the bot does not use.
  lib.load({
    dict: dictPath,
    hmmDict: DEFAULT_HMM_DICT,
    userDict: DEFAULT_USER_DICT,
    idfDict: IDF_STUB,
    stopWordDict: DEFAULT_STOP_WORD_DICT,
  })
  jieba = lib
  loadedDictionary = dictPath
  tokenSets.clear()
  dictionaryLoads++
}

let dictionaryLoads = 0

/** Changes whenever another dictionary loads, so caches of segmentation know to start afresh. */
export function dictionaryVersion(): number {
  return dictionaryLoads
}

const CJK_RUN = /[\u3400-\u9fff]+/g
const NUMBER = /\d+(?:\.\d+)?/g
const LATIN = /[a-z]{2,}/g

export function tokenize(text: string): string[] {
  if (!jieba) throw new Error('tokenize: call loadDictionary() first')
  const folded = foldText(text).toLowerCase()
  const tokens: string[] = datesIn(folded).map((d) => dateToken(d.month, d.day))
  for (const m of folded.matchAll(NUMBER)) tokens.push(m[0])
  for (const m of folded.matchAll(LATIN)) tokens.push(m[0])
  for (const m of folded.matchAll(CJK_RUN)) {
    const run = m[0]
    for (let i = 0; i + 1 < run.length; i++) tokens.push(run.slice(i, i + 2))
    for (const word of jieba.cutForSearch(run, true)) if (word.length > 1) tokens.push(word)
  }
  return tokens
}

/** A word and its jieba part-of-speech tag (n, v, r, uj, y …; x when jieba does not know it). */
export interface TaggedWord {
  word: string
  tag: string
}

/**
 * Words of a text with their part of speech, for the grammar of filler (topic.ts). The text is
 * folded like search text; the dictionary is the one `loadDictionary` loaded.
 */
export function tagWords(text: string): TaggedWord[] {
  if (!jieba) throw new Error('tokenize: call loadDictionary() first')
  return jieba.tag(foldText(text).toLowerCase())
}

export function dateToken(month: number, day: number): string {
  return `d${month}-${day}`
}

/** Plan sentences, metrics and titles are tokenized again and again by answers; they never change. */
const tokenSets = new Map<string, ReadonlySet<string>>()
const TOKEN_SET_CACHE_LIMIT = 50_000

/** The distinct tokens of a text, cached (bounded; cleared when a new dictionary loads). */
export function tokenSet(text: string): ReadonlySet<string> {
  let set = tokenSets.get(text)
  if (!set) {
    if (tokenSets.size >= TOKEN_SET_CACHE_LIMIT) tokenSets.clear()
    set = new Set(tokenize(text))
    tokenSets.set(text, set)
  }
  return set
}

/**
 * True when jieba's dictionary (the plan-sized one) holds the word whole: segmented without HMM it
 * stays one piece. Slips of typing (商表, 专立) are not words; 公式 and 期中 are.
 */
export function isDictionaryWord(word: string): boolean {
  if (!jieba) throw new Error('tokenize: call loadDictionary() first')
  return jieba.cut(foldText(word).toLowerCase(), false).length === 1
}

/**
 * The words of a text, two characters or more, as jieba segments it with and without HMM (which
 * also finds words its dictionary lacks, such as names): the plan's vocabulary. No bigrams.
 */
export function dictionaryWords(text: string): string[] {
  if (!jieba) throw new Error('tokenize: call loadDictionary() first')
  const folded = foldText(text).toLowerCase()
  const words = [...jieba.cut(folded, false), ...jieba.cut(folded, true)]
  return [...new Set(words)].filter((w) => w.length > 1 && /\p{Script=Han}/u.test(w))
}
