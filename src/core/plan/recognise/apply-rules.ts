import type { Block } from '../read/blocks.js'
import type { Plan, PlanRule, Task } from '../types.js'
import { type FoundRule, rulesIn } from './doc-rules.js'
import { toMention } from './unit-lists.js'

/**
 * The rules a document states once, found in its blocks and applied to the tasks they govern: the
 * lead rule (already used when roles were assigned; recorded here with the tasks it decided), 「以下
 * 均需…配合落实」 (its bodies join the partners of every task after it), 「…参照执行」 (its bodies share
 * every task, as the closing paragraph's 「均为责任单位」 does). Each applied rule is kept for the
 * reading report.
 */

export interface PlacedRule extends FoundRule {
  /** Index of the block that states it. */
  at: number
}

export function findRules(blocks: Block[]): PlacedRule[] {
  const seen = new Set<string>()
  return blocks.flatMap((b, at) =>
    rulesIn(b.kind === 'paragraph' ? b.text : b.cells.join(' '))
      .filter((r) => {
        const key = `${r.kind}|${r.names.join('、')}`
        if (seen.has(key)) return false
        seen.add(key)
        return true
      })
      .map((r) => ({ ...r, at })),
  )
}

/** `taskAt[k]`: the block index of task k, to know which tasks come after a rule. Changes tasks in place. */
export function applyRules(
  rules: PlacedRule[],
  tasks: Task[],
  taskAt: number[],
  ruledLeads: number[],
  sharedUnits: Plan['sharedUnits'],
): { rules: PlanRule[]; sharedUnits: Plan['sharedUnits'] } {
  const applied: PlanRule[] = []
  let shared = sharedUnits
  for (const rule of rules) {
    if (rule.kind === 'lead-first') {
      applied.push({ kind: rule.kind, sentence: rule.sentence, effect: '列第一位的单位为牵头单位', tasks: ruledLeads })
    } else if (rule.kind === 'partners-all') {
      const governed = tasks.filter((_, k) => (taskAt[k] ?? 0) > rule.at)
      for (const task of governed) addPartners(task, rule.names, rule.sentence)
      applied.push({
        kind: rule.kind,
        sentence: rule.sentence,
        effect: `${rule.names.join('、')}为以下各项任务的配合单位`,
        tasks: governed.map((t) => t.number),
      })
    } else {
      shared ??= { names: rule.names, sentence: rule.sentence }
      applied.push({
        kind: rule.kind,
        sentence: rule.sentence,
        effect: `${rule.names.join('、')}参照执行全部任务`,
        tasks: tasks.map((t) => t.number),
      })
    }
  }
  return { rules: applied, sharedUnits: shared }
}

function addPartners(task: Task, names: string[], sentence: string): void {
  const have = new Set([task.lead?.name, ...task.partners.map((p) => p.name)])
  const added = names.filter((n) => !have.has(n)).map(toMention)
  if (added.length === 0) return
  task.partners = [...task.partners, ...added]
  task.unitSource = [task.unitSource, `规则「${sentence.length > 30 ? `${sentence.slice(0, 30)}…` : sentence}」`].filter(Boolean).join('；')
}
