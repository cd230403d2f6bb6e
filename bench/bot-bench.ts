import { join } from 'node:path'
import { boot } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { silentLogger } from '../src/core/log.js'
import type { Bot } from '../src/core/message.js'
import { seedsDirOf } from './index-bench.js'
import { inTop1Subset, judge, top1Correct } from './judge.js'
import { type MixItem, questionMix, readDevItems } from './questions.js'
import { median, percentile, timedAsync } from './stats.js'

/**
 * In-process figures for one corpus, in a process of its own: boot on a warm index, per-question
 * latency of bot.handle over the mix, RSS of the serving bot, and accuracy on the dev questions.
 */

export interface CorpusOptions {
  /** Plan folder; null for the bundled seeds/. */
  seeds: string | null
  /** A warm index for these seeds (from the index worker). */
  indexDir: string
  /** Scratch folder for the database. */
  work: string
  /** Timed passes over the question mix (after one warm-up pass). */
  passes: number
  /** Score the shared dev questions too (bundled plan only: they name its task numbers). */
  accuracy: boolean
}

export interface Latency {
  n: number
  p50: number
  p99: number
  max: number
  slowest: string
  byKind: Record<string, { n: number; p50: number; p99: number }>
}

export interface Accuracy {
  passed: number
  total: number
  top1: number
  top1Total: number
  fails: string[]
}

export interface BotResult {
  /** boot() on the warm index, in-process. */
  bootMs: number
  questions: number
  latency: Latency
  intents: Record<string, number>
  rss: number
  peakRss: number
  accuracy: Accuracy | null
}

/** Latency of `run` over the mix: one warm-up pass, then `passes` timed passes. */
export async function measureMix(mix: MixItem[], passes: number, run: (q: string) => unknown): Promise<Latency> {
  for (const item of mix) await run(item.q)
  const samples: { kind: string; q: string; ms: number }[] = []
  for (let p = 0; p < passes; p++) {
    for (const item of mix) {
      const t0 = performance.now()
      await run(item.q)
      samples.push({ kind: item.kind.replace(/^dev:.*/, 'dev'), q: item.q, ms: performance.now() - t0 })
    }
  }
  const all = samples.map((s) => s.ms)
  const slow = samples.reduce((a, b) => (b.ms > a.ms ? b : a))
  const byKind: Latency['byKind'] = {}
  for (const kind of new Set(samples.map((s) => s.kind))) {
    const list = samples.filter((s) => s.kind === kind).map((s) => s.ms)
    byKind[kind] = { n: list.length / passes, p50: median(list), p99: percentile(list, 99) }
  }
  return {
    n: all.length,
    p50: median(all),
    p99: percentile(all, 99),
    max: slow.ms,
    slowest: slow.q,
    byKind,
  }
}

async function accuracyOf(bot: Bot): Promise<Accuracy> {
  const items = readDevItems()
  let passed = 0
  let top1 = 0
  let top1Total = 0
  const fails: string[] = []
  for (const item of items) {
    const reply = await bot.handle({ text: item.q, user: 'eval', platform: 'jsonl' })
    const why = judge(item, reply)
    if (why) fails.push(`[${item.type}] ${item.q} → ${why}`)
    else passed++
    if (inTop1Subset(item)) {
      top1Total++
      if (
        top1Correct(
          item,
          reply.tasks.map((t) => t.number),
        )
      )
        top1++
    }
  }
  return { passed, total: items.length, top1, top1Total, fails }
}

export async function benchBot(opts: CorpusOptions): Promise<BotResult> {
  const env = {
    BOT_SEEDS: seedsDirOf(opts.seeds),
    BOT_INDEX_DIR: opts.indexDir,
    BOT_DB: join(opts.work, 'bot.db'),
    BOT_EXPORT_DIR: join(opts.work, 'exports'),
    LOG_LEVEL: 'error',
  }
  const [runtime, bootMs] = await timedAsync(() => boot(loadConfig(env, 'cli'), { log: silentLogger }))
  try {
    const mix = questionMix(runtime.plan)
    const ask = (q: string) => runtime.bot.handle({ text: q, user: 'bench', platform: 'jsonl' })
    const intents: Record<string, number> = {}
    for (const item of mix) {
      const reply = await ask(item.q)
      intents[reply.intent] = (intents[reply.intent] ?? 0) + 1
    }
    const latency = await measureMix(mix, opts.passes, ask)
    return {
      bootMs,
      questions: mix.length,
      latency,
      intents,
      rss: process.memoryUsage().rss,
      peakRss: process.resourceUsage().maxRSS * 1024,
      accuracy: opts.accuracy ? await accuracyOf(runtime.bot) : null,
    }
  } finally {
    await runtime.close()
  }
}
