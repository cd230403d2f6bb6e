import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/**
 * The cue words of questions (lexicon/question-cues.json), validated and compiled. A cue names a
 * part of a question (what is asked, a relation, an aggregate …) and the forms that say it; a form
 * is words with {macro} references to word lists and the regular-expression marks ? ( ) |, found
 * anywhere in a message. Adding a way of asking is a data change with an example, which the tests
 * parse.
 */

export const CUE_PARTS = [
  'ask',
  'relation',
  'aggregate',
  'ordinal',
  'document',
  'shape',
  'among',
  'figure',
  'literal',
  'due',
  'unreported',
  'chat',
  'bot',
] as const
export type CuePart = (typeof CUE_PARTS)[number]

const Form = z.string().min(1)
const CueEntry = z.strictObject({
  part: z.enum(CUE_PARTS),
  value: z.string().min(1),
  forms: z.array(Form).min(1),
  examples: z.array(z.string().min(1)).min(1),
})
export const CueFile = z.strictObject({
  $comment: z.string().min(1),
  words: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), z.array(z.string().min(1)).min(1)),
  cues: z.array(CueEntry).min(1),
})
export type CueFile = z.infer<typeof CueFile>

/** One compiled cue: its part, value, and one global regular expression over all its forms. */
export interface Cue {
  part: CuePart
  value: string
  regex: RegExp
  examples: string[]
}

const CUES_PATH = new URL('../../../lexicon/question-cues.json', import.meta.url)

/** Only these regular-expression marks may appear in a form besides words and macros: ? * ( ) | and \d. */
const ALLOWED_SYNTAX = /^[^[\]{}+^$.]*$/

/** {end}: no Chinese character follows (哪些活, not 什么活动). */
const END = '(?!\\p{Script=Han})'

function escapeWord(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * A form as a regular expression: {macro} → (?:longest|…|shortest); everything else as written.
 * `\d` is allowed (times in notices: 下午3点); other character classes and quantifiers are not.
 */
export function compileForm(form: string, words: Record<string, string[]>, where: string): string {
  const source = form.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (_m, name: string) => {
    if (name === 'end') return END
    const list = words[name]
    if (!list) throw new Error(`${where}: unknown macro {${name}} in form 「${form}」`)
    return `(?:${[...list]
      .sort((a, b) => b.length - a.length)
      .map(escapeWord)
      .join('|')})`
  })
  const bare = source
    .replaceAll(END, '')
    .replace(/\(\?:[^()]*\)/g, '')
    .replace(/\\d\+?/g, '')
  if (!ALLOWED_SYNTAX.test(bare)) throw new Error(`${where}: form 「${form}」 uses syntax other than ? * ( ) | and \\d`)
  // Latin words and digits match only as whole tokens: ok is not in book, 1 is not in 12315.
  const bounded = `${/^[a-z0-9]/i.test(form) ? '(?<![a-z0-9])' : ''}${source}${/[a-z0-9]$/i.test(form) ? '(?![a-z0-9])' : ''}`
  const withGroups = bounded.replace(/\((?![?])/g, '(?:')
  try {
    new RegExp(withGroups, 'u')
  } catch (error) {
    throw new Error(`${where}: form 「${form}」 is not valid: ${(error as Error).message}`)
  }
  return withGroups
}

/** Validates and compiles a cue file; errors name the file and the cue. */
export function compileCues(json: unknown, file = 'lexicon/question-cues.json'): Cue[] {
  const parsed = CueFile.safeParse(json)
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`)
  const { words, cues } = parsed.data
  return cues.map((cue, k) => {
    const where = `${file}: cue ${k + 1} (${cue.part}/${cue.value})`
    const forms = cue.forms.map((form) => compileForm(form, words, where))
    return { part: cue.part, value: cue.value, regex: new RegExp(forms.join('|'), 'giu'), examples: cue.examples }
  })
}

let cached: Cue[] | null = null

/** The project's cues, read once. */
export function loadCues(): Cue[] {
  if (!cached) {
    const path = fileURLToPath(CUES_PATH)
    let json: unknown
    try {
      json = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw new Error(`lexicon/question-cues.json: ${(error as Error).message}`)
    }
    cached = compileCues(json)
  }
  return cached
}

/** A cue found in a message: where, which cue, the words matched. */
export interface CueHit {
  part: CuePart
  value: string
  start: number
  end: number
  text: string
}

/** Every match of every cue in the text (overlaps included; the parser chooses among them). */
export function findCues(text: string, cues: readonly Cue[]): CueHit[] {
  const hits: CueHit[] = []
  for (const cue of cues) {
    cue.regex.lastIndex = 0
    for (const m of text.matchAll(cue.regex)) {
      if (m[0].length === 0) continue
      const start = m.index ?? 0
      hits.push({ part: cue.part, value: cue.value, start, end: start + m[0].length, text: m[0] })
    }
  }
  return hits
}
