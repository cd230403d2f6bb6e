/**
 * Every intent the bot knows. Each id has one JSON file in intents/ and one answerer; the
 * `Record<IntentId, Answerer>` in the bot makes a missing answerer a type error, and the loader
 * makes a missing or unknown file a start-up error.
 */
export const INTENT_IDS = [
  'help',
  'small_talk',
  'whoami',
  'unbind',
  'bind',
  'approve',
  'pending',
  'withdraw',
  'log_progress',
  'evidence',
  'close_task',
  'confirm_close',
  'decline_close',
  'reopen_task',
  'extend_deadline',
  'approve_extension',
  'decline_extension',
  'cycle_pending',
  'cycle_help',
  'progress_query',
  'unreported',
  'red_tasks',
  'export',
  'dashboard',
  'summary',
  'scoped_summary',
  'show_task',
  'section',
  'unit_tasks',
  'co_units',
  'lead',
  'target',
  'event',
  'timeline',
  'plan_text',
  'search',
  'plans',
] as const satisfies readonly string[]

export type IntentId = (typeof INTENT_IDS)[number]

export function isIntentId(id: string): id is IntentId {
  return (INTENT_IDS as readonly string[]).includes(id)
}
