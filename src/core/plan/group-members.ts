import { z } from 'zod'
import { escapeRegExp } from '../text/regexp.js'
import type { Plan } from './types.js'
import { isPlaceholder, placeholderCovers } from './units.js'

/**
 * Who a group word stands for. A plan names some units only as a group: 食品相关科室, 机关各科室,
 * 各县级局, and a closing paragraph making 「各区县(市)及A、B市场监督管理局」 share every business task.
 * Members are, in this order:
 *
 * - a configured list (BOT_GROUP_MEMBERS), which is then the whole truth for that word;
 * - for a word of units inside the bureau (食品相关科室): the plan's own units it covers (placeholderCovers);
 * - for a county word (各县级局, 各区县(市)市场监督管理局, 各区县市消保委): the bodies of that kind the
 *   closing paragraph names (柳叶湖旅游度假区市场监督管理局), the configured members of county words of
 *   that kind, and, while no county word of that kind has a configured list, any body written as a
 *   place, a county level and that kind (武陵区局, 津市市场监管局 → 武陵区市场监督管理局, 津市市场监督管理局).
 *
 * A member that is no task's own unit can bind by name and report on the tasks its group words are
 * on. Pure: the plan and the configured lists in, answers out; nothing is guessed beyond that grammar.
 */

/** Configured members by group word, e.g. { 各县级局: ['武陵区市场监督管理局', '津市市场监督管理局'] }. */
export type GroupMemberList = Readonly<Record<string, readonly string[]>>

export class GroupMembersError extends Error {
  constructor(message: string) {
    super(`BOT_GROUP_MEMBERS: ${message}`)
    this.name = 'GroupMembersError'
  }
}

const EXAMPLE = '各县级局=武陵区市场监督管理局|津市市场监督管理局;食品相关科室=食品生产科|食品抽检科'

/** The JSON form of BOT_GROUP_MEMBERS: {"各县级局": ["武陵区市场监督管理局", …]}. */
export const GroupMemberJson = z.record(
  z.string().trim().min(1, '统称不能为空'),
  z.array(z.string().trim().min(1, '单位名称不能为空')).min(1, '至少写一个单位'),
)
export type GroupMemberJson = z.infer<typeof GroupMemberJson>

/**
 * Reads BOT_GROUP_MEMBERS: `词=单位1|单位2;词2=…` (also ；, newlines, ＝, ｜ and 、) or a JSON object of
 * lists. Every key must be a group word (各…, …相关…, 机关各…). Throws GroupMembersError saying what is wrong.
 */
export function parseGroupMembers(text: string): Record<string, string[]> {
  const trimmed = text.trim()
  if (!trimmed) return {}
  if (trimmed.startsWith('{')) {
    let json: unknown
    try {
      json = JSON.parse(trimmed)
    } catch (error) {
      throw new GroupMembersError(
        `not valid JSON (${(error as Error).message}); write {"各县级局": ["武陵区市场监督管理局"]} or ${EXAMPLE}`,
      )
    }
    const parsed = GroupMemberJson.safeParse(json)
    if (!parsed.success)
      throw new GroupMembersError(
        parsed.error.issues.map((i) => `${i.path.length ? `「${i.path.join('.')}」` : ''}${i.message}`).join('；'),
      )
    return checked(Object.entries(parsed.data))
  }
  const entries: [string, string[]][] = []
  for (const entry of trimmed
    .split(/[;；\n]+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = entry.match(/^([^=＝]*)[=＝](.*)$/)
    if (!m) throw new GroupMembersError(`「${entry}」应写成 统称=单位1|单位2，例如 ${EXAMPLE}`)
    const word = (m[1] ?? '').trim()
    const members = (m[2] ?? '')
      .split(/[|｜、]/)
      .map((s) => s.trim())
      .filter(Boolean)
    if (!word) throw new GroupMembersError(`「${entry}」缺少统称（等号前），例如 ${EXAMPLE}`)
    if (members.length === 0) throw new GroupMembersError(`「${word}」后没有写单位，例如 ${EXAMPLE}`)
    entries.push([word, members])
  }
  return checked(entries)
}

function checked(entries: [string, string[]][]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [word, members] of entries) {
    if (!isPlaceholder(word))
      throw new GroupMembersError(`「${word}」不是统称（如 各县级局、食品相关科室、机关各科室）；只有工作要点用统称写的单位需要配置成员`)
    if (out[word]) throw new GroupMembersError(`「${word}」写了两次`)
    out[word] = [...new Set(members)]
  }
  return out
}

/** Bureau names and their short forms; 市场监管局 is how 市场监督管理局 is said. */
const BUREAU = /(?:市场监督管理局|市场监管局|监督管理局|监管局|分局|局)$/
const FULL_BUREAU = /(?:市场监督管理局|市场监管局)$/
/** The county levels of a 各-word: 各县级局, 各区县(市)…, 各区、县级市, 各县市区… */
const COUNTY_RUN = /^((?:[区县市级]|[(（][区县市、]+[)）]|[、和及])+)(.*)$/
/** The level a body's place ends with; the special zones are named by the closing paragraph, not guessed. */
const LEVEL =
  /(?:经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新区|经开区|开发区|旅游度假区|度假区|风景名胜区|风景区|名胜区|管理区|新区|自治县|区|县|市|旗)$/
const ADMIN_LEVELS = new Set(['区', '县', '市', '自治县', '旗'])
/** Words before a level that name no place: 各区, 全市, 本县, 该区, 市 alone. */
const NOT_A_PLACE = /^(?:各|全|本|该|某|我|你|所有|其他|相关|有关|基层|下属)|^(?:省|市|县|区|州)$/

/**
 * The kind of body a county word stands for: 各县级局 → 局, 各区县(市)市场监督管理局 → 市场监督管理局,
 * 各区县市消保委 → 消保委, 各区、县级市 → '' (any county body); null for other words.
 */
export function countyGroupKind(word: string): string | null {
  if (!word.startsWith('各')) return null
  let rest = word.slice(1)
  const full = rest.match(FULL_BUREAU)?.[0] ?? ''
  rest = rest.slice(0, rest.length - full.length)
  const m = rest.match(COUNTY_RUN)
  if (!m?.[1] || !/[区县]/.test(m[1])) return null
  return `${m[2] ?? ''}${full}`
}

/** A county body's name taken apart: 武陵区市场监管局 → core 武陵区, place 武陵, level 区, body 市场监管局. */
export interface CountyBody {
  core: string
  place: string
  level: string
  body: string
}

/** Bureau kinds (局, 市场监督管理局, '') share one family of endings; another kind (消保委) is its own. */
function familyOf(kind: string): { key: string; ending: RegExp } {
  if (kind === '' || /局$/.test(kind)) return { key: '局', ending: BUREAU }
  return { key: kind, ending: new RegExp(`${escapeRegExp(kind)}$`) }
}

export function countyBody(name: string, ending: RegExp = BUREAU): CountyBody | null {
  const body = name.match(ending)?.[0]
  if (!body) return null
  const core = name.slice(0, name.length - body.length)
  const level = core.match(LEVEL)?.[0] ?? ''
  return { core, place: core.slice(0, core.length - level.length), level, body }
}

/** 武陵区局, 澧县市场监管局: a name written as one county's body (a place, a county level, a bureau ending). */
export function namesOneCounty(name: string): boolean {
  const b = countyBody(name)
  return b !== null && isCountyPlace(b)
}

/** 武陵区 / 津市 / 澧县: a place (not 各, 全, 本…) and an administrative county level. */
function isCountyPlace(b: CountyBody): boolean {
  return ADMIN_LEVELS.has(b.level) && /^[\u4e00-\u9fff]{1,8}$/.test(b.place) && !NOT_A_PLACE.test(b.place)
}

/** Whether every character of `typed` appears in `name`, in order (发改委 in 发展改革委员会). */
export function inOrder(typed: string, name: string): boolean {
  let at = 0
  for (const ch of typed) {
    at = name.indexOf(ch, at)
    if (at < 0) return false
    at++
  }
  return true
}

/** A body a user named, with the group words of the plan it belongs to. */
export interface BodyMatch {
  /** Its full name: as the closing paragraph or the configured list writes it, else place + level + the plan's bureau name. */
  name: string
  /** Group words of the plan's tasks that cover it (各县级局 …); may be empty for a closing-paragraph body. */
  groups: string[]
  /** The closing paragraph's sentence applies to it (named there, or one of its 各区县(市) bodies). */
  shared: boolean
}

/** The plan's own units as the directory knows them. */
export interface PlanUnits {
  names: readonly string[]
  /** The directory's name for a spelling the plan uses (市食检所 → 食检所), undefined for none. */
  canonical(name: string): string | undefined
}

export class GroupMembers {
  /** Group words of the tasks, then the closing paragraph's own (各区县(市)市场监督管理局). */
  readonly words: string[]
  private readonly closingWords: Set<string>
  /** Bodies the closing paragraph names one by one. */
  private readonly named: string[]
  private readonly configured: GroupMemberList
  private text: string | undefined

  constructor(
    private readonly plan: Plan,
    private readonly units: PlanUnits,
    taskWords: Iterable<string>,
    configured: GroupMemberList = {},
  ) {
    const shared = plan.sharedUnits?.names ?? []
    this.closingWords = new Set(shared.filter(isPlaceholder))
    this.named = shared.filter((n) => !isPlaceholder(n))
    this.words = [...new Set([...taskWords, ...this.closingWords])]
    this.configured = configured
  }

  /** True when BOT_GROUP_MEMBERS lists this word's members. */
  isConfigured(word: string): boolean {
    return this.configured[word] !== undefined
  }

  /**
   * The units a word stands for that can be bound and reminded, by their directory names. A closing
   * paragraph's own 各-word without a configured list has none that can be listed (any county body
   * of it may still bind, see `body`).
   */
  membersOf(word: string): string[] {
    const list = this.configured[word]
    if (list) return [...new Set(list.map((m) => this.units.canonical(m) ?? m))]
    const kind = countyGroupKind(word)
    if (kind === null) return this.units.names.filter((n) => placeholderCovers(word, n))
    if (this.closingWords.has(word)) return []
    return this.known(familyOf(kind))
  }

  /** Whether a unit (a directory name, or a bound body's name) is one of the word's members. */
  covers(word: string, unit: string): boolean {
    const list = this.configured[word]
    if (list) return list.some((m) => this.sameBody(m, unit))
    const kind = countyGroupKind(word)
    if (kind === null) return this.units.canonical(unit) === unit && placeholderCovers(word, unit)
    const family = familyOf(kind)
    if (!family.ending.test(unit) || this.units.canonical(unit) !== undefined) return false
    // 「各区县(市)及常德经开区、柳叶湖…市场监督管理局」: the named bodies stand beside the 各-word, not in it.
    if (this.closingWords.has(word) && this.named.includes(unit)) return false
    if (this.known(family).some((k) => this.sameBody(k, unit))) return true
    return this.grammarAllowed(family) && this.fromGrammar(unit, family) === unit
  }

  /**
   * The body a user named (津市局, 武陵区市场监管局, 柳叶湖局, a configured member), or null when the
   * name is no member of any group word of the plan, or could be several.
   */
  body(typed: string): BodyMatch | null {
    const name = this.countyName(typed) ?? this.configuredName(typed)
    if (!name) return null
    const groups = this.words.filter((w) => !this.closingWords.has(w) && this.covers(w, name))
    const shared = this.named.includes(name) || [...this.closingWords].some((w) => this.covers(w, name))
    return groups.length || shared ? { name, groups, shared } : null
  }

  /** Bodies that can be listed for a 「请写明具体单位」 reply: the named and configured ones. */
  listedBodies(): string[] {
    const configured = this.words.filter((w) => countyGroupKind(w) !== null).flatMap((w) => this.configured[w] ?? [])
    return [...new Set([...this.named, ...configured])]
  }

  private countyName(typed: string): string | null {
    const families = new Map(
      this.words
        .map((w) => countyGroupKind(w))
        .filter((k): k is string => k !== null)
        .map((k) => familyOf(k))
        .map((f) => [f.key, f]),
    )
    for (const family of families.values()) {
      const matches = this.known(family).filter((k) => this.namesBody(typed, k, family.ending))
      const exact = matches.find((k) => k === typed)
      if (exact || matches.length === 1) return exact ?? (matches[0] as string)
      if (matches.length > 1) return null
      if (this.grammarAllowed(family)) {
        const made = this.fromGrammar(typed, family)
        if (made) return made
      }
    }
    return null
  }

  private configuredName(typed: string): string | null {
    const all = [...new Set(Object.values(this.configured).flat())].filter((m) => this.units.canonical(m) === undefined)
    return all.find((m) => m === typed) ?? null
  }

  /** The bodies of a family that are known by name: the closing paragraph's and the configured ones. */
  private known(family: { key: string; ending: RegExp }): string[] {
    const configured = this.words
      .filter((w) => {
        const kind = countyGroupKind(w)
        return kind !== null && familyOf(kind).key === family.key
      })
      .flatMap((w) => this.configured[w] ?? [])
    return [...new Set([...this.named.filter((n) => family.ending.test(n)), ...configured])]
  }

  /** No county word of this kind has a configured list: a well-formed 区/县/市 body may bind. */
  private grammarAllowed(family: { key: string }): boolean {
    return !this.words.some((w) => {
      const kind = countyGroupKind(w)
      return kind !== null && familyOf(kind).key === family.key && this.isConfigured(w)
    })
  }

  /**
   * 武陵区局 → 武陵区市场监督管理局: a place, a county level and the family's ending, in the plan's own
   * bureau name. Not a place a named body is called after (常德 of 常德经济技术开发区: that is the city).
   */
  private fromGrammar(typed: string, family: { key: string; ending: RegExp }): string | null {
    const b = countyBody(typed, family.ending)
    if (!b || !isCountyPlace(b)) return null
    if (this.named.some((n) => countyBody(n, family.ending)?.place === b.place)) return null
    return `${b.core}${family.key === '局' ? this.bureauName(b.body) : b.body}`
  }

  /** The plan's bureau name (市场监督管理局 from the closing paragraph), else the typed one in full. */
  private bureauName(typed: string): string {
    const planName = [...(this.plan.sharedUnits?.names ?? []), ...this.words].map((n) => n.match(FULL_BUREAU)?.[0]).find(Boolean)
    const name = planName ?? typed
    return name === '市场监管局' ? '市场监督管理局' : name
  }

  /**
   * Whether what was typed names a known body: its full name; or its place with or without a
   * shorter ending (柳叶湖局, 柳叶湖区局, 经开区局, 西湖管理区局, 西洞庭局). A place the plan also writes as
   * a city (常德 in 常德市) is not enough for a zone called after it.
   */
  private namesBody(typed: string, known: string, ending: RegExp): boolean {
    if (typed === known) return true
    const k = countyBody(known, ending)
    if (!k) return false
    const t = countyBody(typed, ending)?.core ?? typed
    if (t.length < 2) return false
    if (t === k.core) return true
    if (t === k.place && !ADMIN_LEVELS.has(k.level) && this.writesAsCity(t)) return false
    if (k.core.startsWith(t) || (t.length >= 3 && k.core.includes(t))) return true
    return t.at(-1) === k.core.at(-1) && inOrder(t, k.core) && (t[0] === k.core[0] || t[0] === k.level[0])
  }

  private writesAsCity(place: string): boolean {
    this.text ??= [this.plan.title, this.plan.preamble, ...this.plan.tasks.map((t) => t.text), ...this.plan.closing].join('\n')
    let at = this.text.indexOf(`${place}市`)
    while (at >= 0) {
      if (this.text[at + place.length + 1] !== '场') return true
      at = this.text.indexOf(`${place}市`, at + 1)
    }
    return false
  }

  /** The same body under two spellings: equal names, directory names, or cores with the same ending kind. */
  private sameBody(a: string, b: string): boolean {
    if (a === b || (this.units.canonical(a) ?? a) === (this.units.canonical(b) ?? b)) return true
    const x = countyBody(a)
    const y = countyBody(b)
    return x !== null && y !== null && x.core !== '' && x.core === y.core
  }
}
