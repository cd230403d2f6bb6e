import { UNIT_SUFFIX, type UnitDirectory, type UnitMatch, type UnitMeaning } from '../plan/unit-directory.js'
import { type DomainLexicon, loadDomainLexicon } from '../search/domain-lexicon.js'
import type { IntentId } from './ids.js'
import type { Intent } from './loader.js'

/**
 * Recognises commands (进度 20 …, 绑定, 撤回, 汇总, 导出台账, 批准 …): command intents in priority
 * order, the first pattern that matches and whose slots check out wins (a `unit` slot must name a
 * unit of the plan). Then keywords. Anything else is a question, read from its parts by
 * src/core/query/ — `route` returns null for it.
 */

export interface Routed {
  intent: IntentId
  slots: Record<string, string>
  /** The resolved unit when the intent has a `unit` slot. */
  unit?: UnitMatch
}

export class Router {
  private readonly commands: Intent[]

  constructor(
    intents: Intent[],
    private readonly units: UnitDirectory,
    private readonly meaning: UnitMeaning = domainMeaning(loadDomainLexicon()),
  ) {
    this.commands = intents.filter((i) => i.kind === 'command')
  }

  route(text: string): Routed | null {
    for (const intent of this.commands) {
      for (const regex of intent.regexes) {
        const m = regex.exec(text)
        if (!m) continue
        const routed = this.accept(intent, slotsOf(m.groups))
        if (routed) return routed
      }
    }
    for (const intent of this.commands) {
      if (intent.keywords.some((k) => text.includes(k))) return { intent: intent.id, slots: { topic: text } }
    }
    return null
  }

  private accept(intent: Intent, slots: Record<string, string>): Routed | null {
    for (const [name, kind] of Object.entries(intent.slots)) {
      if (kind !== 'unit') continue
      const typed = slots[name] ? trimFiller(slots[name]) : undefined
      // 「我们科有哪些任务」: the sender's own unit, which only their binding can tell.
      if (typed && SELF.test(typed)) return { intent: intent.id, slots: { ...slots, self: typed } }
      const unit = typed ? this.units.resolve(typed) : null
      if (unit) return { intent: intent.id, slots, unit }
      // 「价格监督科」 for the plan's 价监科: both are names of one standard unit (the domain lexicon).
      const standard = typed ? this.meaning.canonicalOf(typed.replace(/(?:那个|这个)(?=科|单位|处)/, '')) : undefined
      const same = standard
        ? this.units.units.find((u) => [u.name, ...u.aliases].some((n) => this.meaning.canonicalOf(n) === standard))
        : undefined
      if (same) return { intent: intent.id, slots, unit: { kind: 'unit', unit: same } }
      // 「管标准的那个科室」: a unit described by the work it handles.
      const work = typed?.match(DESCRIBED_UNIT)?.[1]
      const meant = work ? this.units.byMeaning(work, this.meaning) : undefined
      if (meant) return { intent: intent.id, slots, unit: { kind: 'unit', unit: meant } }
      // 「法规科负责什么」: it names a unit the plan lacks. Saying so (with the closest names) beats a
      // keyword search that would show unrelated tasks.
      return typed && looksLikeUnitName(typed) ? { intent: intent.id, slots } : null
    }
    return { intent: intent.id, slots }
  }
}

/** A unit described by its work: 管标准的那个科室, 负责电梯的科, 抓食品抽检的单位. */
const DESCRIBED_UNIT = /^(?:管|负责|抓|分管|主管|搞|做)(.{1,12}?)(?:工作)?的(?:那个|那家|这个|哪个)?(?:科室|科|单位|部门|处室|处)$/

/** Words for the sender's own unit: 我们科, 我的, 本单位, 咱们局. */
const SELF = /^(?:我|我们|咱们|咱|本|我的|我们的|咱们的)(?:科|科室|单位|部门|局|处|所|中心|办|支队)?(?:的)?$/

/** Adverbs and filler around a unit name: 「执法支队一共」, 「请问价监科」. */
function trimFiller(typed: string): string {
  return (
    typed
      .replace(/^(?:请问|麻烦问下|问下|想问下?|想问一下)/, '')
      .replace(/(?:一共|总共|总计|合计|都|还|也|又|要|主要|具体|到底|分别|目前|现在|今年|全年|那边|这边|那里|这里|那块|这块)+$/, '')
      // 「价格监督那个科」: the pointing word inside a unit name.
      .replace(/(?:那个|这个)(?=科|处|单位|中心|所)/, '')
      .trim()
  )
}

function looksLikeUnitName(typed: string): boolean {
  // 「电梯安全是哪个科」 asks which unit; it does not name one.
  return typed.length <= 12 && !/\s/.test(typed) && !/哪|谁|什么/.test(typed) && UNIT_SUFFIX.test(typed)
}

/** Named groups that matched; `task2`, `period2` … (alternative spellings) fold into `task`, `period`. */
function slotsOf(groups: Record<string, string | undefined> | undefined): Record<string, string> {
  const slots: Record<string, string> = {}
  for (const [name, value] of Object.entries(groups ?? {})) {
    if (value === undefined) continue
    const key = name.replace(/^([a-z_]+?)\d+$/, '$1')
    slots[key] ??= value.trim()
  }
  return slots
}

/** The domain lexicon as the unit directory asks it: standard units of a work, standard name of a unit. */
export function domainMeaning(lexicon: DomainLexicon): UnitMeaning {
  return {
    unitsFor: (work) => lexicon.unitsFor(work).map((u) => u.name),
    canonicalOf: (name) => lexicon.unitNames(name)?.canonical,
  }
}
