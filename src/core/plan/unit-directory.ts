import { type BodyMatch, countyGroupKind, type GroupMemberList, GroupMembers } from './group-members.js'
import type { Plan, Task, UnitMention } from './types.js'
import { unitsOf } from './types.js'

/**
 * Every unit the plan names, with the tasks it leads and co-operates on, and a resolver for the
 * ways users write them: full names, <aliases> (米粉办), abbreviations (审批办, 执法支队, 知产运用科),
 * and the "市" prefix some lists add (市食检所 is 食检所). Built once per plan. Group words and who
 * they stand for (members, county bureaus binding by name) are group-members.ts, asked through here.
 */

export interface UnitEntry {
  name: string
  aliases: string[]
  /** Spellings seen in the plan, e.g. 食检所 and 市食检所. */
  spellings: string[]
  led: number[]
  partnered: number[]
  /** Tasks the unit answers for as the bureau's own office (a 责任处室 beside the 牵头单位). */
  offices: number[]
}

export type UnitMatch =
  | { kind: 'unit'; unit: UnitEntry }
  /** A group word the plan uses (各县级局, 相关科室) and the tasks that list it. */
  | { kind: 'placeholder'; name: string; tasks: number[] }
  /**
   * The closing paragraph's bodies named only as a kind (县局, 各区县(市)市场监督管理局, a county
   * bureau not on the configured list): told what the paragraph says, not bindable.
   */
  | { kind: 'shared'; name: string }
  /**
   * A body that is no task's own unit but a member of the plan's group words: a county bureau
   * (津市局 → 津市市场监督管理局, one the closing paragraph names) or a configured member. It binds
   * by this name and reports on the tasks of its groups.
   */
  | ({ kind: 'member' } & BodyMatch)

/**
 * What the domain lexicon knows about units, as the directory needs it: the standard units a
 * piece of work belongs to, and the standard name a plan's unit name stands for.
 */
export interface UnitMeaning {
  unitsFor(work: string): string[]
  canonicalOf(name: string): string | undefined
}

const NO_MEANING: UnitMeaning = { unitsFor: () => [], canonicalOf: () => undefined }

/** Below this an in-order match is too loose to name a unit (知促科 ~ 知识产权促进科 is 3/7). */
const MIN_ABBREVIATION_SCORE = 0.4

/** Below this a name is too unlike what was typed to be worth suggesting. */
const MIN_SUGGESTION_SCORE = 0.3

/** Endings that mark a word as a unit name in a question. */
export const UNIT_SUFFIX = /(?:科|办|所|中心|支队|大队|局|处|站|委|专班|秘书处|办公室|事务所)$/

export class UnitDirectory {
  readonly units: UnitEntry[]
  private readonly byKey = new Map<string, UnitEntry>()
  private readonly placeholders = new Map<string, number[]>()
  /** Who the group words stand for (group-members.ts). */
  readonly groups: GroupMembers

  /** `groups`: configured members of group words (BOT_GROUP_MEMBERS), the whole truth for those words. */
  constructor(
    private readonly plan: Plan,
    private readonly abbreviations: Record<string, string> = {},
    groups: GroupMemberList = {},
  ) {
    const names = new Set(plan.tasks.flatMap((t) => unitsOf(t).map((u) => u.name)))
    // 市食检所 is 食检所; 区市场监督管理局 is the 市场监督管理局 a later list writes without its 区.
    const canonical = (n: string) => (/^[市区县]/.test(n) && names.has(n.slice(1)) ? n.slice(1) : n)
    for (const task of plan.tasks) {
      unitsOf(task).forEach((mention, k) => {
        this.add(task, mention, k === 0 && task.lead !== null, canonical(mention.name))
      })
      for (const office of task.offices ?? []) this.add(task, office, 'office', canonical(office.name))
    }
    this.units = [...new Set(this.byKey.values())]
    const unitNames = this.units.map((u) => u.name)
    this.groups = new GroupMembers(plan, { names: unitNames, canonical: (n) => this.get(n)?.name }, this.placeholders.keys(), groups)
  }

  private add(task: Task, mention: UnitMention, role: boolean | 'office', name: string): void {
    if (mention.placeholder) {
      const list = this.placeholders.get(mention.name) ?? []
      if (!list.includes(task.number)) list.push(task.number)
      this.placeholders.set(mention.name, list)
      return
    }
    let entry = this.byKey.get(name)
    if (!entry) {
      entry = { name, aliases: [], spellings: [], led: [], partnered: [], offices: [] }
      this.byKey.set(name, entry)
    }
    for (const spelling of [mention.name, name]) if (!entry.spellings.includes(spelling)) entry.spellings.push(spelling)
    if (mention.alias && !entry.aliases.includes(mention.alias)) entry.aliases.push(mention.alias)
    for (const key of [mention.name, mention.alias]) if (key) this.byKey.set(key, entry)
    const list = role === 'office' ? entry.offices : role ? entry.led : entry.partnered
    if (!list.includes(task.number)) list.push(task.number)
  }

  /** The canonical entry for a unit name exactly as the plan writes it (or its alias). */
  get(name: string): UnitEntry | undefined {
    return this.byKey.get(name) ?? this.byKey.get(name.replace(/^[市区县]/, ''))
  }

  /** Placeholder words of the plan and the tasks that use them. */
  placeholderTasks(): ReadonlyMap<string, number[]> {
    return this.placeholders
  }

  /** The units a group word stands for that can be bound and reminded (group-members.ts). */
  membersOf(word: string): string[] {
    return this.groups.membersOf(word)
  }

  /** Whether a group word covers a unit or bound body, so that it may report the word's tasks. */
  covers(word: string, unit: string): boolean {
    return this.groups.covers(word, unit)
  }

  /**
   * Who answers for a task as its lead, for 未报送 and 催报: the lead as written; for a group word
   * (食品相关科室) its members, or the task's named partners when the word narrows nothing (相关科室
   * covers every unit); the word itself when it has no member that can be bound. Empty with no lead.
   */
  leadsOf(task: Task): string[] {
    const lead = task.lead
    if (!lead) return []
    if (!lead.placeholder) return [lead.name]
    const members = this.membersOf(lead.name)
    if (members.length === 0) return [lead.name]
    if (!this.groups.isConfigured(lead.name) && this.units.every((u) => members.includes(u.name))) {
      const named = task.partners.filter((p) => !p.placeholder).map((p) => this.get(p.name)?.name ?? p.name)
      if (named.length) return [...new Set(named)]
    }
    return members
  }

  /**
   * Resolves a name a user typed. Order: exact name or alias; abbreviation expansion; a unique
   * containing name (审批办 → 行政审批办); an in-order abbreviation with the same ending
   * (知产运用科 → 知识产权运用科); placeholders; members of group words (county bureaus, configured
   * members); the closing paragraph's shared bodies named only as a kind.
   */
  resolve(typed: string): UnitMatch | null {
    const raw = typed
      .trim()
      .replace(/^(?:我们|我|咱们|本)/, '')
      .replace(/的$/, '')
    if (!raw) return null
    const expanded = expand(raw, this.abbreviations)
    for (const candidate of new Set([raw, expanded])) {
      const exact = this.get(candidate)
      if (exact) return { kind: 'unit', unit: exact }
    }
    const placeholder = this.placeholders.get(raw)
    if (placeholder) return { kind: 'placeholder', name: raw, tasks: placeholder }
    // The name as typed first: 市场监管局 is in 区市场监管局, though its expansion 市场监督管理局 is not.
    const best = this.closest(raw) ?? (expanded !== raw ? this.closest(expanded) : undefined)
    if (best) return { kind: 'unit', unit: best }
    const member = this.groups.body(raw) ?? (expanded !== raw ? this.groups.body(expanded) : null)
    if (member) return { kind: 'member', ...member }
    const shared = this.sharedBody(expanded)
    if (shared) return { kind: 'shared', name: shared }
    return null
  }

  /** The best unit for an abbreviation, or undefined when none fits well enough. */
  private closest(typed: string): UnitEntry | undefined {
    const scored = [...this.byKey]
      .map(([key, entry]) => ({ entry, score: abbreviationScore(typed, key) }))
      .filter((s) => s.score >= MIN_ABBREVIATION_SCORE)
      .sort((a, b) => b.score - a.score)
    const [best, second] = scored
    // Two different units fitting equally well is a guess, not a resolution.
    if (!best || (second && second.entry !== best.entry && second.score === best.score)) return undefined
    return best.entry
  }

  private sharedBody(typed: string): string | null {
    for (const name of this.plan.sharedUnits?.names ?? []) if (name.includes(typed) || abbreviationScore(typed, name) >= 0.3) return name
    // 县局 / 区县局 / 县市场监管局: any county-level bureau, of the closing paragraph or a task's 各县级局.
    const kind = this.plan.sharedUnits?.names[0] ?? this.groups.words.find((w) => /^$|局$/.test(countyGroupKind(w) ?? '-'))
    if (/县|区|市/.test(typed) && /局$/.test(typed)) return kind ?? null
    return null
  }

  /**
   * The unit a description names by what it handles: 「管标准的那个科室」 → 标准化科. A unit whose
   * name contains the work (标准 → 标准化科) if only one does; else the standard unit the domain
   * lexicon gives for the work, when the plan has it.
   */
  byMeaning(work: string, meaning: UnitMeaning = NO_MEANING): UnitEntry | undefined {
    const named = this.units.filter((u) => u.name.includes(work) || u.aliases.some((a) => a.includes(work)))
    if (named.length === 1) return named[0]
    for (const canonical of meaning.unitsFor(work)) {
      const entry = this.units.find((u) => [u.name, ...u.aliases].some((n) => meaning.canonicalOf(n) === canonical))
      if (entry) return entry
    }
    return undefined
  }

  /** Names ranked by similarity, for 「你是不是想说」 suggestions. */
  suggest(typed: string, limit = 3): string[] {
    return this.units
      .map((u) => ({ name: u.name, score: Math.max(...[u.name, ...u.aliases].map((k) => similarity(typed, k))) }))
      .filter((s) => s.score >= MIN_SUGGESTION_SCORE)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((s) => s.name)
  }
}

function expand(typed: string, abbreviations: Record<string, string>): string {
  let out = typed
  for (const [short, long] of Object.entries(abbreviations)) if (!out.includes(long)) out = out.replaceAll(short, long)
  return out
}

/**
 * How well `typed` abbreviates `name`: 1 for a substring, otherwise the share of `name` covered by
 * an in-order match that keeps the first and last characters (知产运用科 ~ 知识产权运用科).
 */
export function abbreviationScore(typed: string, name: string): number {
  if (typed.length < 2 || typed.length > name.length) return 0
  if (name.includes(typed)) return UNIT_SUFFIX.test(typed) || typed.length >= 3 ? 0.5 + typed.length / name.length / 2 : 0
  if (typed.at(-1) !== name.at(-1)) return 0
  let at = 0
  for (const ch of typed) {
    at = name.indexOf(ch, at)
    if (at < 0) return 0
    at++
  }
  // 农业局 abbreviates 县农业农村局, 网信办 区委网络安全和信息化委员会办公室: an administrative prefix
  // (县, 市, 区, 省, and the party committee's 县委, 区委 …) may be left out.
  const bare = name.replace(ADMIN_PREFIX, '')
  return typed[0] === name[0] || typed[0] === bare[0] ? typed.length / name.length : 0
}

const ADMIN_PREFIX = /^[县市区省]委?/

/**
 * Similarity for suggestions: shared characters and shared bigrams (Dice), so 法规科 finds 法制科
 * and 知识产权科 finds 知识产权运用科.
 */
function similarity(a: string, b: string): number {
  const dice = (x: Set<string>, y: Set<string>) => {
    let shared = 0
    for (const g of x) if (y.has(g)) shared++
    return (2 * shared) / Math.max(1, x.size + y.size)
  }
  const grams = (s: string) => new Set([...s].map((c, k) => c + (s[k + 1] ?? '')).filter((g) => g.length === 2))
  return (dice(new Set(a), new Set(b)) + dice(grams(a), grams(b))) / 2
}
