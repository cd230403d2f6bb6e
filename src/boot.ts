import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { dashboardLinks } from './adapters/web/links.js'
import { bindingPolicy, type Config, startupWarnings } from './config.js'
import type { AnswerContext } from './core/answer/context.js'
import { createBot } from './core/bot.js'
import { loadIntents } from './core/intents/loader.js'
import { createLogger, type Logger } from './core/log.js'
import type { Bot } from './core/message.js'
import { readSeeds } from './core/plan/load-seeds.js'
import type { Plan } from './core/plan/types.js'
import { UnitDirectory } from './core/plan/unit-directory.js'
import { SqliteStore } from './core/progress/sqlite-store.js'
import type { ProgressStore } from './core/progress/store.js'
import { openPlanIndex, type PlanIndex, seedsHash } from './core/search/plan-index.js'
import { loadLexicon, PlanSearch } from './core/search/plan-search.js'

/**
 * Composition root shared by every entry point: config → plan → index → store → bot.
 * Adapters receive a Runtime and call only `runtime.bot.handle`, plus `store.claimMessage` for dedupe.
 */
export interface Runtime {
  config: Config
  bot: Bot
  plan: Plan
  store: ProgressStore
  context: AnswerContext
  log: Logger
  /** Closes the database. Safe to call twice. */
  close(): void
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

/** The progress database file for a config: BOT_DB, else data/bot.db in the project. */
export function databasePath(config: Config): string {
  return projectPath(config.BOT_DB, 'data/bot.db')
}

/**
 * Says at start how the plan was read: files skipped (no task in them), files not used, every
 * problem with file and line, and a warning with counts when many tasks name no unit.
 */
function reportPlan(index: PlanIndex, log: Logger): void {
  const { plan } = index
  if (index.rebuilt) log.info('index: rebuilt from seeds', { tasks: plan.tasks.length })
  for (const s of index.skippedFiles) log.warn(`seeds: ${s.name} skipped: ${s.why}`)
  if (index.ignoredFiles.length) log.warn('seeds: more than one plan file; using the last by name', { ignored: index.ignoredFiles })
  for (const p of plan.problems) log.warn(`plan: ${p.file}:${p.line}${p.ref ? ` (${p.ref})` : ''}: ${p.message}`)
  const withoutUnits = plan.tasks.filter((t) => !t.lead && t.partners.length === 0).length
  if (withoutUnits > 0 && withoutUnits >= plan.tasks.length * 0.2)
    log.warn(`plan: ${withoutUnits} of ${plan.tasks.length} tasks name no responsible unit; questions about who leads them get no answer`)
}

export async function boot(config: Config, options: BootOptions = {}): Promise<Runtime> {
  const log = options.log ?? createLogger(config.LOG_LEVEL)
  const now = options.now ?? (() => new Date())
  const seedsDir = projectPath(config.BOT_SEEDS, 'seeds')
  const seeds = readSeeds(seedsDir)
  const index = await openPlanIndex(seeds, indexDir(config, seedsDir, seedsHash(seeds)))
  reportPlan(index, log)
  const lexicon = loadLexicon()
  const units = new UnitDirectory(index.plan, lexicon.unitAbbreviations)
  const store = new SqliteStore(databasePath(config), { log })
  for (const warning of startupWarnings(config)) log.warn(warning)
  const context: AnswerContext = {
    plan: index.plan,
    search: new PlanSearch(index.plan, index.search, lexicon),
    units,
    intents: loadIntents(join(PROJECT_ROOT, 'intents')),
    store,
    now,
    settings: {
      bindingPolicy: bindingPolicy(config),
      admins: config.BOT_ADMINS,
      staleDays: config.BOT_STALE_DAYS,
      reportPeriod: config.BOT_REPORT_PERIOD,
      timezone: config.BOT_TIMEZONE,
      exportDir: projectPath(config.BOT_EXPORT_DIR, 'data/exports'),
      leaders: config.BOT_LEADERS,
      dashboard: dashboardLinks(config, now),
    },
  }
  return {
    config,
    bot: createBot(context, log),
    plan: index.plan,
    store,
    context,
    log,
    close: () => store.close(),
  }
}
