import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { dashboardLinks } from './adapters/web/links.js'
import { bindingPolicy, type Config, readLimits, startupWarnings } from './config.js'
import type { AnswerContext } from './core/answer/context.js'
import { createBot } from './core/bot.js'
import { loadIntents } from './core/intents/loader.js'
import { createLogger, type Logger } from './core/log.js'
import type { Bot } from './core/message.js'
import { listSeeds } from './core/plan/load-seeds.js'
import type { Plan } from './core/plan/types.js'
import { UnitDirectory } from './core/plan/unit-directory.js'
import { planIdentity, readPlanMeta } from './core/plans/identity.js'
import { PlanLibrary } from './core/plans/library.js'
import { describeChange, type SyncReport, syncPlans } from './core/plans/sync.js'
import { openStore } from './core/progress/open-store.js'
import type { ProgressStore } from './core/progress/store.js'
import { isPostgresUrl } from './core/progress/store-target.js'
import { openPlanIndex, type PlanIndex, previouslyServedPlan, seedsHash } from './core/search/plan-index.js'
import { loadLexicon, PlanSearch } from './core/search/plan-search.js'

/**
 * Composition root shared by every entry point: config → plan → index → store → bot.
 * Adapters receive a Runtime and call only `runtime.bot.handle`, plus `store.claimMessage` for dedupe.
 */
export interface Runtime {
  config: Config
  bot: Bot
  /** The default plan (see `plans` for all of them). */
  plan: Plan
  /** The whole store; answerers get plan views of it (ProgressStore.forPlan). */
  store: ProgressStore
  /** The default plan's answer context (tools, the dashboard and reminders start from it). */
  context: AnswerContext
  /** Every loaded plan, each with its answer context. */
  plans: PlanLibrary<AnswerContext>
  log: Logger
  /** Closes the database. Safe to call twice. */
  close(): Promise<void>
}

export interface BootOptions {
  /** Clock for summaries and timestamps; tests pass a fixed one. */
  now?: () => Date
  log?: Logger
}

export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url))

/**
 * Where the built index lives: BOT_INDEX_DIR, else index/ for the bundled seeds, else a folder in
 * the temp directory keyed by the seeds' hash (so a BOT_SEEDS plan never overwrites index/).
 */
function indexDir(config: Config, seedsDir: string, hash: string): string {
  if (config.BOT_INDEX_DIR) return resolve(config.BOT_INDEX_DIR)
  if (seedsDir === resolve(PROJECT_ROOT, 'seeds')) return resolve(PROJECT_ROOT, 'index')
  return join(tmpdir(), `gzyd-index-${hash.slice(0, 16)}`)
}

/** A configured path (relative to the current folder), or the default inside the project. */
function projectPath(configured: string | undefined, fallback: string): string {
  return configured ? resolve(configured) : join(PROJECT_ROOT, fallback)
}

/** The progress database file for a config: BOT_DB, else data/bot.db in the project; a PostgreSQL URL as it is. */
export function databasePath(config: Config): string {
  if (config.BOT_DB && isPostgresUrl(config.BOT_DB)) return config.BOT_DB
  return projectPath(config.BOT_DB, 'data/bot.db')
}

/**
 * Says at start how the plan was read: files skipped (no task in them), files not used, every
 * problem with file and line, and a warning with counts when many tasks name no unit.
 */
function reportPlan(index: PlanIndex, log: Logger): void {
  if (index.rebuilt)
    log.info('index: rebuilt from seeds', { plans: index.plans.length, tasks: index.plans.reduce((n, p) => n + p.plan.tasks.length, 0) })
  for (const s of index.skippedFiles) log.warn(`seeds: ${s.name} skipped: ${s.why}`)
  if (index.ignoredFiles.length)
    log.warn('seeds: files whose tasks name no unit are not used while another plan names units', { ignored: index.ignoredFiles })
  for (const { plan } of index.plans) {
    log.info(`plan: ${plan.tasks[0]?.source.file}: read`, readingCounts(plan))
    for (const p of plan.problems) log.warn(`plan: ${p.file}:${p.line}${p.ref ? ` (${p.ref})` : ''}: ${p.message}`)
    const withoutUnits = plan.tasks.filter((t) => !t.lead && t.partners.length === 0).length
    if (withoutUnits > 0 && withoutUnits >= plan.tasks.length * 0.2)
      log.warn(
        `plan: ${plan.tasks[0]?.source.file}: ${withoutUnits} of ${plan.tasks.length} tasks name no responsible unit; questions about who leads them get no answer`,
      )
  }
}

/**
 * The counts of a plan's reading, for the start-up log: tasks, how many have a lead or any unit, rules
 * applied, and problems by kind (unplaced paragraphs, ignored cells, unused unit phrases …); the
 * details are in the warnings that follow and in `npm run plan -- FILE`.
 */
function readingCounts(plan: Plan): Record<string, number> {
  const counts: Record<string, number> = {
    tasks: plan.tasks.length,
    withLead: plan.tasks.filter((t) => t.lead).length,
    withUnits: plan.tasks.filter((t) => t.lead || t.partners.length).length,
    rules: plan.rules?.length ?? 0,
  }
  for (const p of plan.problems) {
    const key = `problems.${p.kind ?? 'other'}`
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

/** Says at start which plans serve, which is the default, what old rows were given, what a new file changed. */
function reportPlans(library: PlanLibrary<AnswerContext>, sync: SyncReport, log: Logger): void {
  if (library.size > 1)
    log.info('plans: loaded', {
      plans: library.plans.map((p) => `${p.identity.file} → ${p.identity.key}`),
      default: library.default.identity.key,
    })
  if (sync.adopted.updates || sync.adopted.bindings)
    log.info('store: rows from before plan keys were given their plan', { ...sync.adopted })
  for (const r of sync.rekeyed)
    log.warn(`plans: ${r.file} is now recorded as ${r.to} (was ${r.from}); its ${r.moved} updates and bindings moved with it`)
  for (const change of sync.changes) {
    const message = describeChange(change)
    if (message) log.warn(`plans: ${message}`)
    else log.info(`plans: ${change.title}: new file ${change.key}; every task with progress still matches`)
  }
}

export async function boot(config: Config, options: BootOptions = {}): Promise<Runtime> {
  const log = options.log ?? createLogger(config.LOG_LEVEL)
  const now = options.now ?? (() => new Date())
  const seedsDir = projectPath(config.BOT_SEEDS, 'seeds')
  const limits = readLimits(config)
  const { files: seeds, skipped } = listSeeds(seedsDir, limits)
  for (const s of skipped) log.warn(`seeds: ${s.name} 已跳过：${s.why}`)
  const dir = indexDir(config, seedsDir, seedsHash(seeds))
  // Before the index is rebuilt: which plan file the previous (single-plan) version served.
  const previouslyServed = previouslyServedPlan(
    dir,
    seeds.map((s) => s.name),
  )
  const index = await openPlanIndex(seeds, dir, limits)
  reportPlan(index, log)
  const identities = index.plans.map((p) => planIdentity(p.plan, p.seed, readPlanMeta(p.seed.path)))
  const lexicon = loadLexicon()
  const intents = loadIntents(join(PROJECT_ROOT, 'intents'))
  const store = await openStore(databasePath(config), { log })
  for (const warning of startupWarnings(config)) log.warn(warning)
  const settings: AnswerContext['settings'] = {
    bindingPolicy: bindingPolicy(config),
    admins: config.BOT_ADMINS,
    silentPeriods: config.BOT_SILENT_PERIODS,
    evidenceMaxBytes: config.BOT_EVIDENCE_MAX_MB * 1024 * 1024,
    reportPeriod: config.BOT_REPORT_PERIOD,
    timezone: config.BOT_TIMEZONE,
    exportDir: projectPath(config.BOT_EXPORT_DIR, 'data/exports'),
    leaders: config.BOT_LEADERS,
    dashboard: dashboardLinks(config, now),
  }
  let library: PlanLibrary<AnswerContext>
  try {
    const entries = index.plans.map(({ plan, search }, k) => {
      const identity = identities[k] as (typeof identities)[number]
      const value: AnswerContext = {
        plan,
        identity,
        search: new PlanSearch(plan, search, lexicon),
        units: new UnitDirectory(plan, lexicon.unitAbbreviations, config.BOT_GROUP_MEMBERS ?? {}),
        intents,
        // Late-bound: the library is built from these contexts just below.
        store: store.forPlan(identity.key, (other) => library.sameBureau(identity.key, other)),
        now,
        settings,
      }
      return { identity, plan, value }
    })
    library = new PlanLibrary(entries, config.BOT_DEFAULT_PLAN, config.BOT_ROOM_PLANS)
    for (const entry of entries) entry.value.library = library
    reportPlans(
      library,
      await syncPlans(
        store,
        entries.map((e) => ({ identity: e.identity, plan: e.plan, units: e.value.units })),
        { at: now(), timezone: config.BOT_TIMEZONE, previouslyServed },
      ),
      log,
    )
  } catch (error) {
    await store.close()
    throw error
  }
  const context = library.default.value
  return {
    config,
    bot: createBot(library, log),
    plan: context.plan,
    store,
    context,
    plans: library,
    log,
    close: () => store.close(),
  }
}
