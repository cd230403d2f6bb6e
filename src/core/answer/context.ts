import type { Intent } from '../intents/loader.js'
import type { Routed } from '../intents/router.js'
import type { BotReply, IncomingMessage } from '../message.js'
import type { Plan } from '../plan/types.js'
import type { UnitDirectory } from '../plan/unit-directory.js'
import type { PlanIdentity } from '../plans/identity.js'
import type { PlanLibrary } from '../plans/library.js'
import type { ProgressStore } from '../progress/store.js'
import type { PlanSearch } from '../search/plan-search.js'

/** Settings the answerers need, taken from Config by the composition root. */
export interface BotSettings {
  bindingPolicy: 'open' | 'approval'
  admins: string[]
  /** Reporting periods in a row without a report that put a task on the leaders' list (BOT_SILENT_PERIODS). */
  silentPeriods: number
  /** Largest 佐证材料 file kept, in bytes (BOT_EVIDENCE_MAX_MB). */
  evidenceMaxBytes: number
  reportPeriod: 'week' | 'month' | 'quarter'
  timezone: string
  exportDir: string
  /** User ids (namespaced like admins) who may open the dashboard and export the 台账. */
  leaders?: string[]
  /** Signed dashboard links; absent or returning null when the web door cannot sign (no BOT_WEB_SECRET). */
  dashboard?: DashboardLinks
}

/** Makes a signed, expiring link to the leaders' dashboard for one user (see src/adapters/web/). */
export interface DashboardLinks {
  link(user: string): string | null
}

/**
 * Everything an answerer may read or change, for one plan. Built once per loaded plan at start-up;
 * `store` is that plan's view of the store (ProgressStore.forPlan), so an answer reads and writes
 * progress of this plan's tasks only.
 */
export interface AnswerContext {
  plan: Plan
  /** Who issued the plan, its year and title, its store key (absent in single-plan test setups). */
  identity?: PlanIdentity
  /** Every loaded plan, each with its own context (for 「有哪些工作要点」 and naming plans in answers). */
  library?: PlanLibrary<AnswerContext>
  search: PlanSearch
  units: UnitDirectory
  intents: Intent[]
  store: ProgressStore
  settings: BotSettings
  now: () => Date
}

/** The message after normalisation, as answerers see it. */
export interface Question extends IncomingMessage {
  /** Normalised text (NFKC, simplified, no leading mention, Arabic task numbers). */
  text: string
  /** The text as received, for storing what the user wrote. */
  original: string
}

export type Answerer = (ctx: AnswerContext, routed: Routed, question: Question) => BotReply | Promise<BotReply>
