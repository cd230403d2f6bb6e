import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PROJECT_ROOT } from '../src/boot.js'
import { readSeeds } from '../src/core/plan/load-seeds.js'
import { parsePlan } from '../src/core/plan/parse-plan.js'
import { openPlanIndex } from '../src/core/search/plan-index.js'
import { median, timed, timedAsync } from './stats.js'

/**
 * Index figures for one corpus, in a process of its own: parse, full build (openPlanIndex into a
 * fresh folder: parse, jieba dictionary, MiniSearch, files) and warm load (openPlanIndex on a
 * copy in a new folder, so the jieba dictionary is reloaded too: the same path is skipped).
 */

export interface IndexOptions {
  /** Plan folder; null for the bundled seeds/. */
  seeds: string | null
  work: string
  runs: number
}

export interface IndexResult {
  tasks: number
  sections: number
  units: number
  runs: number
  parseMs: number
  buildMs: number
  loadMs: number
  /** <file>.plan.json + <file>.search.json + jieba.dict.utf8 on disk. */
  indexBytes: number
  /** A warm index folder for these seeds, for the other workers and cold starts. */
  indexDir: string
  peakRss: number
}

export const seedsDirOf = (seeds: string | null): string => (seeds ? resolve(seeds) : join(PROJECT_ROOT, 'seeds'))

export async function benchIndex(opts: IndexOptions): Promise<IndexResult> {
  const seeds = readSeeds(seedsDirOf(opts.seeds))
  const chosen = seeds.at(-1)
  if (!chosen) throw new Error('no plan file')
  const parse: number[] = []
  const build: number[] = []
  const load: number[] = []
  for (let r = 0; r < opts.runs; r++) {
    const text = readFileSync(chosen.path, 'utf8')
    parse.push(timed(() => parsePlan(text, chosen.name))[1])
    const [built, ms] = await timedAsync(() => openPlanIndex(seeds, join(opts.work, `built-${r}`)))
    if (!built.rebuilt) throw new Error('expected a fresh index build')
    build.push(ms)
  }
  let plan = parsePlan(readFileSync(chosen.path, 'utf8'), chosen.name)
  for (let r = 0; r < opts.runs; r++) {
    cpSync(join(opts.work, 'built-0'), join(opts.work, `loaded-${r}`), { recursive: true })
    const [loaded, ms] = await timedAsync(() => openPlanIndex(seeds, join(opts.work, `loaded-${r}`)))
    if (loaded.rebuilt) throw new Error('expected the copied index to load, not rebuild')
    load.push(ms)
    plan = loaded.plan
  }
  const dir = join(opts.work, 'built-0')
  // Every plan's <file>.plan.json and <file>.search.json, and the dictionary (the manifest is tiny).
  const indexBytes = readdirSync(dir)
    .filter((f) => f.endsWith('.plan.json') || f.endsWith('.search.json') || f === 'jieba.dict.utf8')
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0)
  const units = new Set(plan.tasks.flatMap((t) => [t.lead, ...t.partners].flatMap((u) => (u ? [u.name] : []))))
  return {
    tasks: plan.tasks.length,
    sections: plan.sections.length,
    units: units.size,
    runs: opts.runs,
    parseMs: median(parse),
    buildMs: median(build),
    loadMs: median(load),
    indexBytes,
    indexDir: dir,
    peakRss: process.resourceUsage().maxRSS * 1024,
  }
}
