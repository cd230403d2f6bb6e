import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/**
 * A plan-sized jieba dictionary. nodejieba spends ~0.8 s loading its 5 MB default dictionary, which
 * would dominate cold start. Segmentation of a sentence only ever uses dictionary words that occur
 * in it, so keeping the words that occur in the plan segments the plan exactly as the full
 * dictionary does, provided word weights stay the same: jieba weighs a word by log(freq / total),
 * so a filler entry keeps the total, and the rarest entry is kept so unknown characters weigh the
 * same. Questions use words the plan lacks, and the grammar of filler (topic.ts) needs their part of
 * speech: everyday words (frequent ones), function words (pronouns, particles, conjunctions,
 * prepositions, adverbs, measure words) and the filler words of the lexicon are kept too. They do
 * not change how the plan is segmented, since only words occurring in a sentence can segment it.
 * The domain lexicon's everyday words are kept whole as well (see lexiconVocabulary).
 */

const require = createRequire(import.meta.url)
/** Longest dictionary word (in characters) worth looking for in the plan. */
const MAX_WORD = 8
/** Dictionary words at least this frequent are everyday vocabulary, kept for questions. */
const EVERYDAY_FREQ = 500
/** Part-of-speech tags of function words, kept whatever their frequency. */
const FUNCTION_TAGS = new Set(['r', 'c', 'p', 'd', 'u', 'uj', 'ul', 'uz', 'ug', 'uv', 'ud', 'y', 'e', 'o', 'ad', 'f', 'q', 'mq'])
const LEXICON_DIR = fileURLToPath(new URL('../../../lexicon/', import.meta.url))

/** A code point no plan uses (CJK Extension A), carrying the frequency of the words left out. */
const FILLER = '㐀㐀'

function defaultDictionaryPath(): string {
  return require('nodejieba').DEFAULT_DICT as string
}

/** Builds the trimmed dictionary text for these texts plus extra words (unit names). */
export function buildPlanDictionary(texts: string[], extraWords: string[], fullDictPath = defaultDictionaryPath()): string {
  if (!existsSync(fullDictPath)) throw new Error(`dictionary: jieba dictionary not found at ${fullDictPath}`)
  const entries = new Map<string, { freq: number; tag: string }>()
  let total = 0
  let rarest: [string, number, string] | null = null
  for (const line of readFileSync(fullDictPath, 'utf8').split('\n')) {
    const [word, freqText, tag = 'x'] = line.trim().split(/\s+/)
    const freq = Number(freqText)
    if (!word || !Number.isFinite(freq)) continue
    total += freq
    entries.set(word, { freq, tag })
    if (!rarest || freq < rarest[1]) rarest = [word, freq, tag]
  }
  const kept = new Map<string, string>()
  const lexiconWords = new Set(lexiconVocabulary())
  for (const [word, entry] of entries) {
    if (entry.freq >= EVERYDAY_FREQ || FUNCTION_TAGS.has(entry.tag) || lexiconWords.has(word))
      kept.set(word, `${word} ${entry.freq} ${entry.tag}`)
  }
  for (const text of new Set(texts)) {
    for (let i = 0; i < text.length; i++) {
      for (let len = 1; len <= MAX_WORD && i + len <= text.length; len++) {
        const word = text.slice(i, i + len)
        const entry = entries.get(word)
        if (entry && !kept.has(word)) kept.set(word, `${word} ${entry.freq} ${entry.tag}`)
      }
    }
  }
  // Place names of lexicon/out-of-scope.json are places (ns) whatever else jieba calls them (合肥 n,
  // 保定 v): the closed world takes a place only as a place word. Their frequency stays jieba's, so
  // they segment as the full dictionary segments them (确保|定期, not 确|保定|期).
  const places = placeVocabulary().filter((w) => w.length > 1 && w.length <= MAX_WORD)
  for (const word of places) kept.set(word, `${word} ${entries.get(word)?.freq ?? 500} ns`)
  // Words that hold a place name (复合肥 holds 合肥) stay too, or the place would split them.
  const holdsPlace = places.length ? new RegExp(places.join('|')) : null
  if (holdsPlace)
    for (const [word, entry] of entries)
      if (!kept.has(word) && word.length <= MAX_WORD && holdsPlace.test(word) && !places.includes(word))
        kept.set(word, `${word} ${entry.freq} ${entry.tag}`)
  if (rarest && !kept.has(rarest[0])) kept.set(rarest[0], rarest.join(' '))
  let keptTotal = 0
  for (const word of kept.keys()) keptTotal += entries.get(word)?.freq ?? 0
  // Plan vocabulary (unit names, aliases) is added with a middling frequency so it is not split.
  for (const word of extraWords) if (!kept.has(word) && word.length > 1) kept.set(word, `${word} 1000 nt`)
  // Lexicon words jieba lacks (液化气罐, 价监科) are added as nouns so a question keeps them whole.
  for (const word of lexiconWords) if (!kept.has(word) && word.length > 1 && word.length <= MAX_WORD) kept.set(word, `${word} 500 n`)
  const filler = Math.max(1, total - keptTotal)
  return `${[...kept.values()].join('\n')}\n${FILLER} ${filler} x\n`
}

/**
 * The lexicon files whose words a question must keep whole: the grammar of filler's, and the
 * closed world's (手机号, 年假), which it matches as whole words.
 */
const FILLER_FILES = ['function-words.json', 'question-words.json', 'out-of-scope.json']

/**
 * Words a question must keep whole: every CJK word of the filler lexicon files, and the everyday
 * words, abbreviations and unit names of the domain lexicon (电子秤, 直播带货, 价监科), which
 * jieba's dictionary lacks and would otherwise split (电子|秤准). Official terms and unit functions
 * are left out: they are the plan's own words and jieba already segments them as the plan does.
 * So are the words of government.json: many hold a word of another department's field that the
 * closed world must see whole (消防 in 消防安全, 低保 in 低保户), and the domain lexicon finds
 * them in the raw text whatever jieba does.
 */
export function lexiconVocabulary(dir = LEXICON_DIR): string[] {
  return [...fillerVocabulary(dir), ...domainVocabulary(dir)]
}

function domainVocabulary(dir: string): string[] {
  const read = (file: string): unknown => {
    const path = `${dir}/domain/${file}`
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}
  }
  const terms = read('terms.json') as { entries?: { everyday?: string[] }[] }
  const abbreviations = read('abbreviations.json') as { entries?: { abbreviation?: string[] }[] }
  const units = read('units.json') as { units?: { name?: string; short?: string[]; variants?: string[] }[] }
  const words = [
    ...(terms.entries ?? []).flatMap((e) => e.everyday ?? []),
    ...(abbreviations.entries ?? []).flatMap((e) => e.abbreviation ?? []),
    ...(units.units ?? []).flatMap((u) => [u.name ?? '', ...(u.short ?? []), ...(u.variants ?? [])]),
  ]
  return words.filter((w) => /^[\u3400-\u9fff]{2,}$/.test(w))
}

/** The provinces and cities of lexicon/out-of-scope.json `places`. */
export function placeVocabulary(dir = LEXICON_DIR): string[] {
  const path = `${dir}/out-of-scope.json`
  if (!existsSync(path)) return []
  const places = (JSON.parse(readFileSync(path, 'utf8')) as { places?: unknown }).places
  return Array.isArray(places) ? places.filter((w): w is string => typeof w === 'string' && /^[\u3400-\u9fff]{2,}$/.test(w)) : []
}

function fillerVocabulary(dir: string): string[] {
  const words: string[] = []
  const walk = (value: unknown): void => {
    if (typeof value === 'string') words.push(...(value.match(/[\u3400-\u9fff]{2,}/g) ?? []))
    else if (Array.isArray(value)) value.forEach(walk)
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        if (key.startsWith('$')) continue
        walk(key)
        walk(inner)
      }
  }
  for (const file of FILLER_FILES) {
    const path = `${dir}/${file}`
    if (existsSync(path)) walk(JSON.parse(readFileSync(path, 'utf8')))
  }
  return words
}
