import { join } from 'node:path'
import { clearChartCache } from '../src/adapters/web/charts.js'
import { renderRoute } from '../src/adapters/web/server.js'
import { boot } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { silentLogger } from '../src/core/log.js'
import { median, timedAsync } from './stats.js'
import { generate } from './summary-bench.js'

/**
 * The leaders' dashboard: time to render the overview page (buildOverview + three ECharts SVG
 * charts + HTML) from updates already read, and with the store read included, plus a task page.
 * The first render is reported apart: ECharts' first chart pays its set-up once per process.
 * Uncached renders draw every chart afresh; cached ones reuse charts whose numbers did not change.
 */

export interface WebBenchOptions {
  /** Plan folder, or null for the bundled seeds. */
  seeds: string | null
  indexDir: string | null
  work: string
  updates: number
  now: string
  runs: number
}

export interface WebBenchResult {
  tasks: number
  updates: number
  firstRenderMs: number
  /** Charts rendered afresh (the first view after new data). */
  overviewUncachedMs: number
  /** Charts from the cache (the same numbers viewed again); HTML and Overview still built. */
  overviewMs: number
  overviewWithReadMs: number
  taskPageMs: number
  overviewKb: number
}

export async function benchWeb(opts: WebBenchOptions): Promise<WebBenchResult> {
  const env = {
    BOT_DB: join(opts.work, 'web.db'),
    BOT_EXPORT_DIR: join(opts.work, 'exports'),
    LOG_LEVEL: 'error',
    ...(opts.seeds ? { BOT_SEEDS: opts.seeds } : {}),
    ...(opts.indexDir ? { BOT_INDEX_DIR: opts.indexDir } : {}),
  }
  const now = new Date(opts.now)
  const runtime = await boot(loadConfig(env, 'cli'), { log: silentLogger, now: () => now })
  try {
    await generate(runtime, opts.updates)
    const updates = await runtime.store.liveUpdates()
    const inMemory = {
      ...runtime.context,
      store: { liveUpdates: async () => updates, cycle: runtime.store.cycle, evidence: runtime.store.evidence },
    }
    const page = async (path: string, source = inMemory) => (await renderRoute(source, new URL(path, 'http://bench.invalid'))) ?? ''
    const [, firstRenderMs] = await timedAsync(() => page('/'))
    const sample = async (fn: () => Promise<string>) => {
      const times: number[] = []
      for (let i = 0; i < opts.runs; i++) times.push((await timedAsync(fn))[1])
      return median(times)
    }
    const task = runtime.plan.tasks.find((t) => t.targets.length > 0) ?? runtime.plan.tasks[0]
    return {
      tasks: runtime.plan.tasks.length,
      updates: updates.length,
      firstRenderMs,
      overviewUncachedMs: await sample(() => {
        clearChartCache()
        return page('/')
      }),
      overviewMs: await sample(() => page('/')),
      overviewWithReadMs: await sample(() => page('/', runtime.context)),
      taskPageMs: await sample(() => page(`/task/${task?.number ?? 1}`)),
      overviewKb: Buffer.byteLength(await page('/')) / 1024,
    }
  } finally {
    await runtime.close()
  }
}

/** The bench table: one row per plan, against the aims (≤ 50 ms bundled, ≤ 1 s at 10,000 tasks). */
export function webTable(results: { label: string; aim: number; r: WebBenchResult }[]): string {
  const n = (v: number) => v.toLocaleString('en-US')
  const lines = results.map(
    ({ label, aim, r }) =>
      `  ${label} (${n(r.tasks)} tasks, ${n(r.updates)} updates): overview ${r.overviewUncachedMs.toFixed(1)} ms charts drawn afresh (aim ≤ ${aim} ms: ${r.overviewUncachedMs <= aim ? 'met' : 'MISSED'}), ${r.overviewMs.toFixed(1)} ms charts cached, with store read ${r.overviewWithReadMs.toFixed(1)} ms, task page ${r.taskPageMs.toFixed(1)} ms, first render ${r.firstRenderMs.toFixed(0)} ms, page ${r.overviewKb.toFixed(0)} KB`,
  )
  return ["\n7. Leaders' dashboard — overview page render (median; charts as server-side SVG)", ...lines].join('\n')
}
