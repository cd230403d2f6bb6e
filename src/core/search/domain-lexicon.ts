import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/**
 * Domain knowledge kept as data in lexicon/domain/: everyday words → official terms of market
 * supervision (市场监管, terms.json) and of the general work of any government (政务公开, 就业,
 * 安全生产, government.json, in the same shape), abbreviations → expansions (abbreviations.json),
 * and the standard units of a city market-supervision bureau with what each handles (units.json).
 *
 * People ask in everyday words (液化气罐谁管, 涨价找谁) while plans use official terms (气瓶, 价格);
 * `expand` bridges the two for search, `unitsFor` says which standard unit a topic belongs to, and
 * `unitNames` maps a unit name as any bureau writes it to the standard unit. Pure after loading.
 */

import { foldLatin, GappedWords, WordMatcher } from './word-matcher.js'

const DOMAIN_LEXICON_DIR = new URL('../../../lexicon/domain/', import.meta.url)

/** A word matched in text: two characters or more, no spaces (so it cannot fire on ordinary text). */
const MatchWord = z.string().min(2, 'must be at least two characters').regex(/^\S+$/, 'must not contain spaces')
const Phrase = z.string().min(1)

const TermsFile = z
  .strictObject({
    $comment: z.string().min(1),
    fields: z.array(Phrase).min(1),
    entries: z.array(
      z.strictObject({
        everyday: z.array(MatchWord).min(1),
        official: z.array(Phrase).min(1),
        field: Phrase,
      }),
    ),
  })
  .superRefine((file, ctx) => {
    file.entries.forEach((entry, k) => {
      if (!file.fields.includes(entry.field)) {
        ctx.addIssue({ code: 'custom', path: ['entries', k, 'field'], message: `unknown field "${entry.field}"` })
      }
    })
  })

const AbbreviationsFile = z.strictObject({
  $comment: z.string().min(1),
  entries: z.array(z.strictObject({ abbreviation: z.array(MatchWord).min(1), expansion: z.array(Phrase).min(1) })),
})

const UnitsFile = z.strictObject({
  $comment: z.string().min(1),
  units: z.array(
    z.strictObject({
      name: MatchWord,
      short: z.array(MatchWord),
      variants: z.array(MatchWord),
      functions: z.array(MatchWord).min(1),
    }),
  ),
})

/** The parsed contents of lexicon/domain/, one property per file. */
export interface DomainLexiconData {
  terms: z.infer<typeof TermsFile>
  government: z.infer<typeof TermsFile>
  abbreviations: z.infer<typeof AbbreviationsFile>
  units: z.infer<typeof UnitsFile>
}

/** An everyday word or abbreviation found in a question and the official terms it stands for. */
export interface Expansion {
  /** The word exactly as it appears in the text (a substring of it). */
  word: string
  /** Official terms to add to a search query, in data order, without duplicates. */
  official: string[]
}

/** A standard unit suggested for a question. */
export interface UnitSuggestion {
  /** Standard full name from units.json, e.g. 价格监督检查科. */
  name: string
  /** The substring of the question that led to the unit (a function, a unit name, or an everyday word). */
  matched: string
}

/** A standard unit as `unitNames` returns it. */
export interface UnitNames {
  canonical: string
  short: string[]
  functions: string[]
}

/**
 * What a word found in a question says about one unit, as points = bonus + perChar × length:
 * the unit's own name (价监科) outweighs everything; a function it handles (电梯) counts its length;
 * an everyday word (液化气罐) counts less, scaled by how well the unit's words cover the word's
 * official term (气瓶). All three live in one matcher, so the longest word decides a span:
 * 专利被抄 (→ 知识产权保护科) is not read as 专利 (→ 知识产权科).
 */
interface UnitCredit {
  unit: number
  bonus: number
  perChar: number
}

const NAME_BONUS = 100
/** A unit reached through an everyday word's official term counts less than a function in the text. */
const EVERYDAY_WEIGHT = 0.5
/** Prefixes plans put before unit names (市食检所, 县局…) that do not change which unit is meant. */
const UNIT_PREFIX = /^(?:市局|县局|区局|市|县|区)/

type Unit = DomainLexiconData['units']['units'][number]

export class DomainLexicon {
  private readonly everyday = new WordMatcher<string[]>()
  /** Everyday words said with words inside them (没办营业执照 for 没执照); see GappedWords. */
  private readonly gapped = new GappedWords<string[]>()
  private readonly unitWords = new WordMatcher<UnitCredit>()
  private readonly units: Unit[]
  private readonly unitByKey = new Map<string, Unit>()

  /** Takes validated data; use `loadDomainLexicon` or `buildDomainLexicon`, which validate it first. */
  constructor(data: DomainLexiconData) {
    const meanings: [string, string[]][] = [
      ...[...data.terms.entries, ...data.government.entries].flatMap((e) => e.everyday.map((w): [string, string[]] => [w, e.official])),
      ...data.abbreviations.entries.flatMap((e) => e.abbreviation.map((w): [string, string[]] => [w, e.expansion])),
    ]
    for (const [word, official] of meanings) {
      this.everyday.add(word, official)
      this.gapped.add(word, official)
    }
    // Official terms and unit words shadow the shorter words inside them: 个体工商户 is not 工商,
    // 质检所 is not 质检. They match with no expansion and are left out of `expand`'s result.
    const official = [
      ...meanings.flatMap(([, terms]) => terms),
      ...data.units.units.flatMap((u) => [u.name, ...u.short, ...u.variants, ...u.functions]),
    ]
    for (const term of new Set(official)) if (term.length >= 2) this.everyday.add(term, [])

    this.units = data.units.units
    this.units.forEach((unit, k) => {
      for (const key of new Set([unit.name, ...unit.short, ...unit.variants])) {
        this.unitByKey.set(foldLatin(key), unit)
        this.unitWords.add(key, { unit: k, bonus: NAME_BONUS, perChar: 1 })
      }
      for (const fn of unit.functions) this.unitWords.add(fn, { unit: k, bonus: 0, perChar: 1 })
    })
    // Computed against unit words only, then added, so everyday words never lead to each other.
    const reached = meanings.map(([word, terms]) => [word, this.unitsCovering(terms)] as const)
    for (const [word, coverage] of reached) {
      for (const [unit, share] of coverage) this.unitWords.add(word, { unit, bonus: 0, perChar: EVERYDAY_WEIGHT * share })
    }
  }

  /**
   * Every everyday word or abbreviation in the text, in text order, with the official terms to add
   * to a search query. Matches never overlap; where words overlap the longest wins, and an official
   * term in the text shadows the words inside it (个体工商户 does not expand 工商). Text without
   * domain words gives []. Expects a normalised message (half-width, simplified characters).
   */
  expand(text: string): Expansion[] {
    const exact = this.everyday.find(text)
    const taken = new Uint8Array(text.length)
    // Only words that expand hold their span: an official term (营业执照) may sit inside a gapped word.
    for (const m of exact) if (m.values.some((v) => v.length > 0)) taken.fill(1, m.start, m.end)
    // Then everyday words with other words inside them (没办营业执照 → 没执照), where nothing matched.
    const gapped = this.gapped.find(text, taken).map((m) => ({ start: m.start, end: m.end, values: [m.value] }))
    return [...exact, ...gapped]
      .sort((a, b) => a.start - b.start)
      .map((m) => ({ word: text.slice(m.start, m.end), official: [...new Set(m.values.flat())] }))
      .filter((e) => e.official.length > 0)
  }

  /**
   * Standard units the text is about, best first: units named in the text (价监科) before units
   * whose functions appear in it (电梯 → 特种设备安全监察科), and those before units reached
   * through an everyday word's official terms (液化气罐 → 气瓶 → 特种设备安全监察科); points add up
   * over the words of the text. A word shared by several units ranks them in data order. Each
   * unit appears once, with the word that credited it most. Text without such words gives [].
   */
  unitsFor(text: string): UnitSuggestion[] {
    const scores = new Map<number, { score: number; matched: string; best: number }>()
    for (const m of this.unitWords.find(text)) {
      const matched = text.slice(m.start, m.end)
      const best = new Map<number, number>()
      for (const c of m.values) best.set(c.unit, Math.max(best.get(c.unit) ?? 0, c.bonus + c.perChar * matched.length))
      for (const [unit, points] of best) {
        const current = scores.get(unit) ?? { score: 0, matched, best: 0 }
        current.score += points
        if (points > current.best) Object.assign(current, { matched, best: points })
        scores.set(unit, current)
      }
    }
    return [...scores.entries()]
      .sort(([a, x], [b, y]) => y.score - x.score || a - b)
      .map(([unit, { matched }]) => ({ name: this.units[unit]?.name ?? '', matched }))
  }

  /**
   * The standard unit a name refers to: its full name, a variant (价格监督检查和反不正当竞争科) or
   * a short name (价监科). Tolerates a 市/县/区 prefix (市食检所) and a plan's alias in brackets
   * (行政审批办<登记注册科>: the whole name first, then each part in order). Latin letters compare
   * case-insensitively. Unknown names give undefined.
   */
  unitNames(name: string): UnitNames | undefined {
    const cleaned = foldLatin(name.replace(/\s+/g, ''))
    const parts = [cleaned, ...cleaned.split(/[<>()（）〈〉《》［］[\]]+/)].filter(Boolean)
    for (const part of parts) {
      const unit = this.unitByKey.get(part) ?? this.unitByKey.get(part.replace(UNIT_PREFIX, ''))
      if (unit) return { canonical: unit.name, short: [...unit.short], functions: [...unit.functions] }
    }
    return undefined
  }

  /** Units whose names or functions appear in the terms → the best share of a term they cover (0–1). */
  private unitsCovering(terms: string[]): Map<number, number> {
    const coverage = new Map<number, number>()
    for (const term of terms) {
      for (const m of this.unitWords.find(term)) {
        const share = (m.end - m.start) / term.length
        for (const { unit } of m.values) coverage.set(unit, Math.max(coverage.get(unit) ?? 0, share))
      }
    }
    return coverage
  }
}

/**
 * Validates raw file contents and builds the lexicon. Throws an Error naming the file (and the
 * path inside it) on a schema violation, and on a word defined twice: an everyday word or
 * abbreviation in two entries of any of terms.json, government.json and abbreviations.json, or a
 * unit name, short name or variant used by two units.
 */
export function buildDomainLexicon(raw: Record<keyof DomainLexiconData, unknown>): DomainLexicon {
  const data: DomainLexiconData = {
    terms: parseFile('terms.json', TermsFile, raw.terms),
    government: parseFile('government.json', TermsFile, raw.government),
    abbreviations: parseFile('abbreviations.json', AbbreviationsFile, raw.abbreviations),
    units: parseFile('units.json', UnitsFile, raw.units),
  }
  rejectDuplicates('terms.json / government.json / abbreviations.json', [
    ...data.terms.entries.flatMap((e) => e.everyday),
    ...data.government.entries.flatMap((e) => e.everyday),
    ...data.abbreviations.entries.flatMap((e) => e.abbreviation),
  ])
  rejectDuplicates(
    'units.json',
    data.units.units.flatMap((u) => [...new Set([u.name, ...u.short, ...u.variants])]),
  )
  return new DomainLexicon(data)
}

/** Reads and validates lexicon/domain/*.json (or the same files in `directory`, for tests). */
export function loadDomainLexicon(directory: URL = DOMAIN_LEXICON_DIR): DomainLexicon {
  // Built once per folder: validating and building the tries costs more than anything else at start.
  const known = loaded.get(directory.href)
  if (known) return known
  const built = readDomainLexicon(directory)
  loaded.set(directory.href, built)
  return built
}

const loaded = new Map<string, DomainLexicon>()

function readDomainLexicon(directory: URL): DomainLexicon {
  const read = (file: string): unknown => {
    const path = fileURLToPath(new URL(file, directory))
    try {
      return JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw new Error(`lexicon/domain/${file}: ${(error as Error).message}`)
    }
  }
  return buildDomainLexicon({
    terms: read('terms.json'),
    government: read('government.json'),
    abbreviations: read('abbreviations.json'),
    units: read('units.json'),
  })
}

function parseFile<T>(file: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
  throw new Error(`lexicon/domain/${file} is invalid: ${issues.join('; ')}`)
}

function rejectDuplicates(file: string, words: string[]): void {
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const word of words.map(foldLatin)) (seen.has(word) ? repeated : seen).add(word)
  if (repeated.size > 0) throw new Error(`lexicon/domain/${file}: defined more than once: ${[...repeated].join(', ')}`)
}
