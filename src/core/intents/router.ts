import { UNIT_SUFFIX, type UnitDirectory, type UnitMatch } from '../plan/unit-directory.js'
import type { IntentId } from './ids.js'
import type { Intent } from './loader.js'

/**
 * Picks the intent for a normalised message: intents in priority order, the first pattern that
 * matches and whose slots check out wins (a `unit` slot must name a unit of the plan, so
 * 「价监科负责哪些任务」 is a unit question and 「首席质量官制度是哪个科室负责」 is not). Then
 * keywords. Anything else is a keyword search, which answers 「工作要点未提及」 when nothing fits.
 */

export interface Routed {
  intent: IntentId
  slots: Record<string, string>
  /** The resolved unit when the intent has a `unit` slot. */
  unit?: UnitMatch
}

export class Router {
  constructor(
    private readonly intents: Intent[],
    private readonly units: UnitDirectory,
  ) {}

  route(text: string): Routed {
    for (const intent of this.intents) {
      for (const regex of intent.regexes) {
        const m = regex.exec(text)
        if (!m) continue
        const routed = this.accept(intent, slotsOf(m.groups))
        if (routed) return routed
      }
    }
    for (const intent of this.intents) {
      if (intent.keywords.some((k) => text.includes(k))) return { intent: intent.id, slots: { topic: text } }
    }
    return { intent: 'search', slots: { topic: text } }
  }

  private accept(intent: Intent, slots: Record<string, string>): Routed | null {
    for (const [name, kind] of Object.entries(intent.slots)) {
      if (kind !== 'unit') continue
      const typed = slots[name]
      const unit = typed ? this.units.resolve(typed) : null
      if (unit) return { intent: intent.id, slots, unit }
      // 「法规科负责什么」: it names a unit the plan lacks. Saying so (with the closest names) beats a
      // keyword search that would show unrelated tasks.
      return typed && looksLikeUnitName(typed) ? { intent: intent.id, slots } : null
    }
    return { intent: intent.id, slots }
  }
}

function looksLikeUnitName(typed: string): boolean {
  return typed.length <= 12 && !/\s/.test(typed) && UNIT_SUFFIX.test(typed)
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
