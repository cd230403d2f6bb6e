import { readFileSync } from 'node:fs'
import { readSeeds } from '../src/core/plan/load-seeds.js'
import { parsePlan } from '../src/core/plan/parse-plan.js'
import { type CorpusOptions, type Latency, measureMix } from './bot-bench.js'
import { FtsBaseline } from './fts.js'
import { seedsDirOf } from './index-bench.js'
import { inTop1Subset, top1Correct } from './judge.js'
import { questionMix, readDevItems } from './questions.js'
import { timed } from './stats.js'

/** The FTS5 trigram baseline on the same plan and the same question mix, in its own process. */

export interface FtsResult {
  tasks: number
  buildMs: number
  latency: Latency
  /** Questions of the mix that got at least one hit. */
  answered: number
  questions: number
  rss: number
  top1: number | null
  top1Total: number
}

export async function benchFts(opts: CorpusOptions): Promise<FtsResult> {
  const seeds = readSeeds(seedsDirOf(opts.seeds))
  const chosen = seeds.at(-1)
  if (!chosen) throw new Error('no plan file')
  const plan = parsePlan(readFileSync(chosen.path, 'utf8'), chosen.name)
  const [fts, buildMs] = timed(() => new FtsBaseline(plan))
  try {
    const mix = questionMix(plan)
    const answered = mix.filter((m) => fts.search(m.q).length > 0).length
    const latency = await measureMix(mix, opts.passes, (q) => fts.search(q))
    let top1: number | null = null
    let top1Total = 0
    if (opts.accuracy) {
      const subset = readDevItems().filter(inTop1Subset)
      top1Total = subset.length
      top1 = subset.filter((item) => top1Correct(item, fts.search(item.q))).length
    }
    return { tasks: plan.tasks.length, buildMs, latency, answered, questions: mix.length, rss: process.memoryUsage().rss, top1, top1Total }
  } finally {
    fts.close()
  }
}
