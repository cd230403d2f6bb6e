import { statSync } from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { boot, type Runtime } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { silentLogger } from '../src/core/log.js'
import type { Task } from '../src/core/plan/types.js'
import type { NewUpdate } from '../src/core/progress/store.js'
import { updatesOnly } from '../src/core/summary/facts.js'
import { ledgerRows } from '../src/core/summary/ledger.js'
import { writeLedger } from '../src/core/summary/ledger-files.js'
import { taskStates } from '../src/core/summary/status.js'
import { median, prng, timedAsync } from './stats.js'

/**
 * Summaries at scale: a Runtime booted on the synthetic plan with a fresh database, filled with
 * `updates` progress updates through SqliteStore.addUpdate (the real code path, wrapped in outer
 * transactions of BATCH so that 100,000 updates do not cost 100,000 fsyncs), then the time of
 * 「汇总」 and friends through bot.handle, and of the 台账 export as xlsx, csv and md.
 */

export interface SummaryOptions {
  seeds: string
  /** A built index for these seeds (so boot loads instead of rebuilding), or null. */
  indexDir: string | null
  work: string
  updates: number
  /** Fixed clock for statuses, ISO. */
  now: string
  runs: number
  /** BOT_DB: a PostgreSQL URL (a fresh database), else a SQLite file in `work`. */
  db?: string
}

export interface Timing {
  label: string
  runs: number
  median: number
  detail: string
}

export interface SummaryResult {
  store: string
  fillWriters: number
  tasks: number
  updates: number
  bootMs: number
  generateMs: number
  batchedTransactions: boolean
  timings: Timing[]
  rss: number
  peakRss: number
}

const BATCH = 5000
/** A network store is filled by this many callers at once (each addUpdate its own commit). */
const FILL_WRITERS = 16
const YEAR_START = Date.parse('2023-01-05T01:00:00Z')
const YEAR_SPAN = Date.parse('2023-06-28T09:00:00Z') - YEAR_START

function makeUpdate(i: number, tasks: Task[], rand: () => number): NewUpdate {
  let task = tasks[Math.floor(rand() * tasks.length)] as Task
  // Every tenth task never reports, so summaries have 未报送 rows too.
  if (task.number % 10 === 3) task = tasks[task.number % tasks.length] ?? task
  const target = task.targets[0]
  const percent = Math.round(rand() * 1200) / 10
  const value = target ? Math.round((target.value * percent) / 100) : 0
  const month = 1 + Math.floor(rand() * 6)
  const text = target
    ? `截至${month}月底${target.metric}${value}${target.unit}`
    : `第${task.number}条本月推进情况：已召开专题会议${1 + (i % 5)}次`
  return {
    task: task.number,
    unit: task.lead?.name ?? '相关科室',
    user: `bench:user${i % 500}`,
    userName: `报送员${i % 500}`,
    text,
    figures: target ? [{ value, unit: target.unit, target: 0, percent }] : [],
    attainment: target ? percent : null,
    done: rand() < 0.03,
    sourceId: `bench-${i}`,
    at: new Date(YEAR_START + Math.floor(rand() * YEAR_SPAN)).toISOString(),
  }
}

/** Fills the store; returns whether outer transactions could be used. */
export async function generate(runtime: Runtime, count: number): Promise<boolean> {
  const rand = prng(7)
  const tasks = runtime.plan.tasks
  // SqliteStore keeps its connection private; reaching it lets one commit cover BATCH updates.
  // better-sqlite3 turns the store's own transaction into a savepoint inside ours.
  const db = (runtime.store as unknown as { db?: Database.Database }).db
  const batched = typeof db?.transaction === 'function'
  for (let start = 0; start < count; start += BATCH) {
    const end = Math.min(count, start + BATCH)
    if (db && batched) {
      // SqliteStore does its work before its promise settles, so every call runs inside this
      // transaction; the promises are awaited once it has committed.
      const stored = db.transaction(() => {
        const calls: Promise<unknown>[] = []
        for (let i = start; i < end; i++) calls.push(runtime.store.addUpdate(makeUpdate(i, tasks, rand)))
        return calls
      })()
      await Promise.all(stored)
    } else {
      const pending = Array.from({ length: end - start }, (_, k) => makeUpdate(start + k, tasks, rand))
      const writer = async () => {
        for (let u = pending.shift(); u; u = pending.shift()) await runtime.store.addUpdate(u)
      }
      await Promise.all(Array.from({ length: FILL_WRITERS }, writer))
    }
  }
  return batched
}

async function repeat(label: string, runs: number, fn: () => Promise<string> | string): Promise<Timing> {
  const samples: number[] = []
  let detail = ''
  for (let r = 0; r < runs; r++) {
    const [out, elapsed] = await timedAsync(async () => fn())
    samples.push(elapsed)
    detail = out
  }
  return { label, runs, median: median(samples), detail }
}

const kb = (path: string) => `${(statSync(path).size / 1024).toFixed(0)} KB`

export async function benchSummary(opts: SummaryOptions): Promise<SummaryResult> {
  const env = {
    BOT_SEEDS: opts.seeds,
    BOT_DB: opts.db ?? join(opts.work, 'summary.db'),
    BOT_EXPORT_DIR: join(opts.work, 'exports'),
    LOG_LEVEL: 'error',
    // 「导出台账」 is for leaders and admins only.
    BOT_LEADERS: 'bench:leader',
    ...(opts.indexDir ? { BOT_INDEX_DIR: opts.indexDir } : {}),
  }
  const now = new Date(opts.now)
  const [runtime, bootMs] = await timedAsync(() => boot(loadConfig(env, 'cli'), { log: silentLogger, now: () => now }))
  try {
    const [batched, generateMs] = await timedAsync(() => generate(runtime, opts.updates))
    const ask = async (text: string) => {
      const reply = await runtime.bot.handle({ text, user: 'bench:leader', platform: 'jsonl' })
      return `${reply.intent}, ${reply.reply.length.toLocaleString('en-US')} chars${reply.file ? `, ${kb(reply.file.path)}` : ''}`
    }
    const statusOpts = { now, timezone: runtime.context.settings.timezone, period: runtime.context.settings.reportPeriod }
    const timings: Timing[] = []
    const add = async (label: string, runs: number, fn: () => Promise<string> | string) => {
      timings.push(await repeat(label, runs, fn))
    }
    await add('store.liveUpdates()', opts.runs, async () => `${(await runtime.store.liveUpdates()).length.toLocaleString('en-US')} rows`)
    const updates = await runtime.store.liveUpdates()
    await add('taskStates(plan, updates)', opts.runs, () => `${taskStates(runtime.plan, updates, statusOpts).length} states`)
    await add('「汇总」 via bot.handle', opts.runs, () => ask('汇总'))
    await add('「哪些单位还没报送」', opts.runs, () => ask('哪些单位还没报送'))
    await add('「红灯任务」', opts.runs, () => ask('红灯任务'))
    await add('「第三部分汇总」', opts.runs, () => ask('第三部分汇总'))
    await add('「导出台账」 (xlsx) via bot.handle', 1, () => ask('导出台账'))
    const facts = updatesOnly(updates)
    const rows = ledgerRows(runtime.plan, facts, statusOpts)
    await add('ledgerRows(plan, updates)', opts.runs, () => `${ledgerRows(runtime.plan, facts, statusOpts).length} rows`)
    for (const format of ['xlsx', 'csv', 'md'] as const) {
      const path = join(opts.work, 'exports', `ledger.${format}`)
      await add(`writeLedger ${format}`, format === 'xlsx' ? 1 : opts.runs, async () => kb(await writeLedger(rows, format, path)))
    }
    return {
      store: opts.db ? 'PostgreSQL' : 'SQLite',
      fillWriters: batched ? 1 : FILL_WRITERS,
      tasks: runtime.plan.tasks.length,
      updates: opts.updates,
      bootMs,
      generateMs,
      batchedTransactions: batched,
      timings,
      rss: process.memoryUsage().rss,
      peakRss: process.resourceUsage().maxRSS * 1024,
    }
  } finally {
    await runtime.close()
  }
}
