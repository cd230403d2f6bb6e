import { UNIT_SUFFIX, type UnitDirectory, type UnitMatch, type UnitMeaning } from '../../plan/unit-directory.js'
import { SoundIndex } from '../slips.js'

/**
 * Units named anywhere in a question: the plan's names and aliases (知识产权促进科, 米粉办), the
 * abbreviations and other standard names the unit directory resolves (执法支队, 知产保护科, 价格监督科),
 * group words (相关科室, 各县级局), and slips of typing or hearing (消包科 → 消保科, 人是科 → 人事科),
 * which carry the name they were read as. 「我们科」「本单位」 is the sender's own unit. A word for a
 * kind of unit that asks (哪个科室, 这个单位) names none.
 */

export interface UnitFound {
  start: number
  end: number
  typed: string
  match?: UnitMatch
  /** The plan's name a slip was read as (one clear candidate). */
  readAs?: string
  /** A slip that sounds like several units: which one is meant is asked. */
  choices?: string[]
  /** 「我们科」, 「本单位」, or a bare 「我们」 (weak: it counts only when nothing else names a unit). */
  self?: 'strong' | 'weak'
  /** Written like a unit's name (法务科) but no unit of the plan, nor a slip of one. */
  unknown?: boolean
}

/** Last characters of unit names that questions use whatever the plan (科, 办, 局, 中心 …; 课 is 科 mistyped). */
const STANDARD_ENDINGS = '科办所心队局处站委班室组股院会部厅府团社馆课'
/** A candidate that starts like this asks about a unit or points at one; it names none. */
const NOT_A_NAME = /^(?:哪|什么|啥|这|那|该|每|几|谁|多少|是|有|的|和|与|及|跟|给|在|由|让|请|问|找|把|被|为|对|向|从|如|其|我|咱)/
const SELF_UNIT = /(?:我们|咱们|我|咱|本)(?:科室|科|单位|部门|处室|处|所|中心|办|支队|局)/g
const SELF_BARE =
  /(?:我们|咱们|我|咱)(?=(?:还|要|需要|都|也|得|这边|今年|具体)*(?:牵头|配合|负责|参与|承担|有哪些|有什么|要做|要干|要报|没报|还没|的任务|的工作|的活))/g
const MAX_NAME = 20
/** Names resolved per plan kept for the next question (the same few are asked about all day). */
const RESOLVE_MEMO = 20_000
/** Pointing words inside a name: 价格监督那个科. */
const POINTING = /(?:那个|这个)(?=科|单位|处|中心|所)/
/** 「标准化那边」: a stem followed by a word for where a unit sits. */
const STEM_THEN_PLACE = /([\p{Script=Han}]{2,8}?)(?:那边|这边|那里|这里|那儿|这儿)/gu
/** A unit described by its work: 管标准的那个科室, 负责电梯的科, 抓食品抽检的单位. */
const DESCRIBED = /(?:管|负责|抓|分管|主管|搞|做)([^的，,。?？\s]{1,12}?)(?:工作)?的(?:那个|那家|这个|哪个)?(?:科室|科|单位|部门|处室|处)/g

/**
 * 「咱们局里哪个科室牵头最多」: a bureau named with 里/内 is the place the question ranges over (the
 * whole plan), not the sender's unit; 「我们局牵头哪些」 stays the sender's own (a county bureau).
 */
function insideTheBureau(typed: string, after: string): boolean {
  return typed.endsWith('局') && /^(?:里|里面|内|中|当中)/.test(after)
}

export class UnitFinder {
  private readonly endings: Set<string>
  private sounds: SoundIndex | null = null
  private readonly resolved = new Map<string, UnitMatch | null>()

  constructor(
    private readonly units: UnitDirectory,
    private readonly meaning: UnitMeaning,
  ) {
    const names = this.keys()
    this.endings = new Set([...STANDARD_ENDINGS, ...names.map((n) => n.at(-1) ?? '')])
  }

  /** The names with their level prefix dropped too; the directory reads either back to the unit. */
  private heardKeys(): string[] {
    const keys = this.keys()
    const bare = keys.map((k) => k.replace(/^[市县区]/, '')).filter((k) => k.length >= 3 && this.units.resolve(k))
    return [...new Set([...keys, ...bare])]
  }

  /** Every name a user may write for a plan unit: names, aliases, spellings, group words. */
  private keys(): string[] {
    const keys = this.units.units.flatMap((u) => [u.name, ...u.aliases, ...u.spellings])
    return [...new Set([...keys, ...this.units.placeholderTasks().keys()])]
  }

  /**
   * Candidates, longest first at each end; the parser picks among overlapping ones. `bounds` are
   * jieba's word boundaries: a name starts at one (法务科 is not read as 务科 → 财务科).
   */
  find(text: string, bounds?: ReadonlySet<number>): UnitFound[] {
    const found: UnitFound[] = []
    for (const m of text.matchAll(SELF_UNIT))
      if (!insideTheBureau(m[0], text.slice((m.index ?? 0) + m[0].length)))
        found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, typed: m[0], self: 'strong' })
    for (const m of text.matchAll(SELF_BARE))
      found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, typed: m[0], self: 'weak' })
    for (const m of text.matchAll(DESCRIBED)) {
      const unit = this.units.byMeaning(m[1] as string, this.meaning)
      if (unit) found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, typed: m[0], match: { kind: 'unit', unit } })
    }
    // 「标准化那边」「审批办这边」: a unit named by its stem, then where it sits.
    for (const m of text.matchAll(STEM_THEN_PLACE)) {
      const typed = m[1] as string
      const match = this.resolve(typed)
      if (match && match.kind !== 'shared') found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, typed, match })
    }
    for (let end = 2; end <= text.length; end++) {
      if (!this.endings.has(text[end - 1] as string)) continue
      const hit = this.nameEndingAt(text, end, bounds)
      if (hit) found.push(hit)
    }
    return found
  }

  private nameEndingAt(text: string, end: number, bounds?: ReadonlySet<number>): UnitFound | null {
    let slip: UnitFound | null = null
    let unknown: UnitFound | null = null
    for (let start = Math.max(0, end - MAX_NAME); start <= end - 2; start++) {
      if (bounds && !bounds.has(start)) continue
      const typed = text.slice(start, end).replace(POINTING, '')
      if (/[\s,，。、;；:：?？!！()（）「」“”"']/.test(typed)) continue
      const exact = this.units.get(typed)
      if (exact) return { start, end, typed, match: { kind: 'unit', unit: exact } }
      const group = this.units.placeholderTasks().get(typed)
      if (group) return { start, end, typed, match: { kind: 'placeholder', name: typed, tasks: group } }
      if (NOT_A_NAME.test(typed)) continue
      const match = this.resolve(typed)
      // 「市场监管局」「市发改局」: a city-level 局 is this bureau or another department, not the county bureaus.
      if (match && !(match.kind === 'shared' && !/县|区/.test(typed))) return { start, end, typed, match }
      if (!slip && typed.length <= 8) slip = this.slip(typed, start, end)
      if (!unknown && typed.length >= 3 && typed.length <= 8 && UNIT_SUFFIX.test(typed)) unknown = { start, end, typed, unknown: true }
    }
    return slip ?? unknown
  }

  /** The plan unit a name stands for: the directory's reading, else a standard name of the same unit; memoised. */
  resolve(typed: string): UnitMatch | null {
    const known = this.resolved.get(typed)
    if (known !== undefined) return known
    const match = this.resolveNow(typed)
    if (this.resolved.size >= RESOLVE_MEMO) this.resolved.clear()
    this.resolved.set(typed, match)
    return match
  }

  private resolveNow(typed: string): UnitMatch | null {
    const direct = this.units.resolve(typed)
    if (direct) return direct
    const standard = this.meaning.canonicalOf(typed)
    if (!standard) return null
    const same = this.units.units.find((u) => [u.name, ...u.aliases].some((n) => this.meaning.canonicalOf(n) === standard))
    return same ? { kind: 'unit', unit: same } : null
  }

  /**
   * A name that sounds like plan units (消包科 ~ 消保科): one is read as such, several are asked about.
   * Names are also heard without their 市/县/区 (知识产权保户中心 ~ 市知识产权保护中心), as they are said.
   */
  private slip(typed: string, start: number, end: number): UnitFound | null {
    if (!this.sounds) this.sounds = new SoundIndex(this.heardKeys())
    const names = [...new Set(this.sounds.candidates(typed).map((n) => this.units.get(n)?.name ?? n))]
    if (names.length === 0) return null
    if (names.length > 1) return { start, end, typed, choices: names }
    const name = names[0] as string
    const match = this.units.resolve(name)
    return match ? { start, end, typed, match, readAs: name } : null
  }
}
