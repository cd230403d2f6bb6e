import type { StoredTaskEvent } from '../progress/cycle-log.js'
import type { StoredEvidence } from '../progress/evidence-log.js'
import type { ProgressStore, StoredUpdate } from '../progress/store.js'

/**
 * Everything the leaders' views are computed from, read from the store in one place: the live
 * updates, the 督办 cycle events and the 佐证材料 rows (without their bytes). 「汇总」, the dashboard
 * and the 台账 all start here and then call the same pure functions (status.ts, overview.ts).
 */
export interface ProgressFacts {
  updates: StoredUpdate[]
  events: StoredTaskEvent[]
  evidence: StoredEvidence[]
}

export type FactsStore = Pick<ProgressStore, 'liveUpdates' | 'cycle' | 'evidence'>

/** The facts of the store (a plan view reads one plan's). */
export async function readFacts(store: FactsStore): Promise<ProgressFacts> {
  const [updates, events, evidence] = await Promise.all([store.liveUpdates(), store.cycle.list(), store.evidence.list()])
  return { updates, events, evidence }
}

/** Facts with only updates (tests, tools that have no cycle yet). */
export function updatesOnly(updates: StoredUpdate[]): ProgressFacts {
  return { updates, events: [], evidence: [] }
}
