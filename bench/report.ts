import { cpus, loadavg, platform, release, totalmem } from 'node:os'
import type { BotResult, Latency } from './bot-bench.js'
import type { ColdRun } from './child.js'
import type { FtsResult } from './fts-bench.js'
import type { IndexResult } from './index-bench.js'
import { mb, median, ms, pct, ratio, table } from './stats.js'
import type { StoreResult } from './store-bench.js'
import type { SummaryResult } from './summary-bench.js'

/** Turns results into the printed tables. Pure formatting; run.ts decides what runs. */

export interface CorpusReport {
  label: string
  written: number | null
  index: IndexResult
  bot: BotResult
  fts: FtsResult
  coldFirst: ColdRun[]
  coldWarm: ColdRun[]
  /** Cold starts through the compiled build (scripts/launch.mjs ask), warm index. */
  coldWarmDist: ColdRun[]
}

/** Load average now, with a warning when other work is competing for the cores. */
export function loadLine(when: string): string {
  const load = loadavg()
  const busy = (load[0] ?? 0) > cpus().length * 0.75
  const text = `Load average at ${when}: ${load.map((l) => l.toFixed(2)).join(' ')} (${cpus().length} cores)`
  return busy ? `${text} — BUSY: other processes share the cores, so wall-clock figures are inflated (child CPU figures are not).` : text
}

export function machine(): string {
  const cpu = cpus()
  return [
    `Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}, ${platform()} ${release()}`,
    loadLine('start'),
  ].join('\n')
}

const coldMedian = (runs: ColdRun[]) => median(runs.map((r) => r.answerMs))
const n = (x: number) => x.toLocaleString('en-US')

export function corpusLine(c: CorpusReport): string {
  const wrote = c.written !== null ? ` (${n(c.written)} task lines written, ${n(c.index.tasks)} parsed)` : ''
  const lost =
    c.written !== null && c.index.tasks < c.written
      ? `\n    NOTE: ${n(c.written - c.index.tasks)} task lines were not read as tasks (see npm run plan on the synthetic seed)`
      : ''
  return `${c.label}: ${n(c.index.tasks)} tasks, ${c.index.sections} sections, ${n(c.index.units)} units${wrote}${lost}`
}

export function searchTable(a: CorpusReport, b: CorpusReport): string {
  const row = (label: string, f: (c: CorpusReport) => number, fmt = ms) => [label, fmt(f(a)), fmt(f(b)), ratio(f(b), f(a))]
  const rows = [
    row(`parse plan (ms, median of ${a.index.runs} / ${b.index.runs})`, (c) => c.index.parseMs),
    row('index build: parse+dict+index+write (ms)', (c) => c.index.buildMs),
    row('index warm load: plans+search+dict (ms)', (c) => c.index.loadMs),
    row('index size on disk', (c) => c.index.indexBytes, mb),
    row('boot() in-process on the warm index (ms)', (c) => c.bot.bootMs),
    [
      `cold start, first build (ms, median of ${a.coldFirst.length} / ${b.coldFirst.length})`,
      ms(coldMedian(a.coldFirst)),
      ms(coldMedian(b.coldFirst)),
      ratio(coldMedian(b.coldFirst), coldMedian(a.coldFirst)),
    ],
    [
      `cold start, warm index (ms, median of ${a.coldWarm.length})`,
      ms(coldMedian(a.coldWarm)),
      ms(coldMedian(b.coldWarm)),
      ratio(coldMedian(b.coldWarm), coldMedian(a.coldWarm)),
    ],
    row('  cold start warm, spawn → exit (ms)', (c) => median(c.coldWarm.map((r) => r.exitMs))),
    row('cold start, warm index, compiled dist/ via npm run ask (ms)', (c) => coldMedian(c.coldWarmDist)),
    row('  compiled: child CPU user+sys (ms)', (c) => median(c.coldWarmDist.map((r) => r.cpuMs))),
    row('  compiled: peak RSS', (c) => median(c.coldWarmDist.map((r) => r.peakRss)), mb),
    row('  cold start warm, child CPU user+sys (ms)', (c) => median(c.coldWarm.map((r) => r.cpuMs))),
    row(`latency p50 (ms, ${a.bot.latency.n} samples)`, (c) => c.bot.latency.p50),
    row('latency p99 (ms)', (c) => c.bot.latency.p99),
    row('latency max (ms)', (c) => c.bot.latency.max),
    row('RSS serving: boot + all passes over the mix', (c) => c.bot.rss, mb),
    row('peak RSS, cold start (ask.ts, warm index)', (c) => median(c.coldWarm.map((r) => r.peakRss)), mb),
    row('peak RSS, index build process', (c) => c.index.peakRss, mb),
  ]
  const slow = [a, b].map((c) => `  slowest on ${c.label}: ${ms(c.bot.latency.max)} ms 「${c.bot.latency.slowest}」`)
  const cold = [a, b].map((c) => `  cold-start answer on ${c.label}: intent ${c.coldWarm[0]?.intent}, ${c.coldWarm[0]?.tasks} tasks`)
  cold.push('  child CPU = user+sys of the whole ask.ts process (all threads: GC, JIT); a load-independent measure of its work.')
  return [
    table(
      '1. Search and answers — bot.handle in-process; cold start = node --import tsx src/ask.ts --json "商标工作谁牵头？"',
      ['metric', a.label, b.label, 'ratio'],
      rows,
    ),
    ...slow,
    ...cold,
  ].join('\n')
}

export function kindTable(a: CorpusReport, b: CorpusReport): string {
  const kinds = Object.keys(a.bot.latency.byKind)
  const cell = (l: Latency, k: string) => {
    const s = l.byKind[k]
    return s ? `${ms(s.p50)} / ${ms(s.p99)}` : '—'
  }
  const rows = kinds.map((k) => [
    k,
    String(a.bot.latency.byKind[k]?.n ?? 0),
    cell(a.bot.latency, k),
    cell(b.bot.latency, k),
    cell(a.fts.latency, k),
    cell(b.fts.latency, k),
  ])
  const intents = (c: CorpusReport) =>
    `  intents on ${c.label}: ${Object.entries(c.bot.intents)
      .sort((x, y) => y[1] - x[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`
  return [
    table(
      '1b. Latency by question kind, p50 / p99 (ms)',
      ['kind', 'questions', `bot ${a.label}`, `bot ${b.label}`, `FTS ${a.label}`, `FTS ${b.label}`],
      rows,
    ),
    intents(a),
    intents(b),
  ].join('\n')
}

export function ftsTable(a: CorpusReport, b: CorpusReport): string {
  const acc = a.bot.accuracy
  const rows: string[][] = []
  for (const c of [a, b]) {
    rows.push([`${c.label}: build (ms)`, ms(c.index.buildMs), ms(c.fts.buildMs), ratio(c.fts.buildMs, c.index.buildMs)])
    rows.push([`${c.label}: latency p50 (ms)`, ms(c.bot.latency.p50), ms(c.fts.latency.p50), ratio(c.fts.latency.p50, c.bot.latency.p50)])
    rows.push([`${c.label}: latency p99 (ms)`, ms(c.bot.latency.p99), ms(c.fts.latency.p99), ratio(c.fts.latency.p99, c.bot.latency.p99)])

    rows.push([`${c.label}: RSS`, mb(c.bot.rss), mb(c.fts.rss), ratio(c.fts.rss, c.bot.rss)])
    rows.push([
      `${c.label}: mix questions with ≥1 task`,
      `${c.bot.questions - (c.bot.intents.not_found ?? 0)}/${c.bot.questions}`,
      `${c.fts.answered}/${c.fts.questions}`,
      '',
    ])
  }
  if (acc && a.fts.top1 !== null) {
    rows.push([`top-1 on dev subset (${acc.top1Total} q)`, pct(acc.top1 / acc.top1Total), pct(a.fts.top1 / a.fts.top1Total), ''])
    rows.push([`score.mjs rules, all ${acc.total} dev q`, pct(acc.passed / acc.total), 'n/a', ''])
  }
  const notes = [
    "  FTS: NFKC, the bot's question words removed, every 3-char window of each CJK/digit run quoted and OR-ed,",
    "       bm25(text 2, units 1.5, section 0.5), top 10; runs < 3 chars fall back to LIKE '%run%' (unranked).",
    '  top-1 subset: lead/target/task/co/any items with expected tasks (top task must be one) + none (no task).',
    `  "≥1 task" for the bot counts every intent but not_found (unit/section lists included).`,
  ]
  if (acc?.fails.length) notes.push(`  bot misses (score.mjs rules): ${acc.fails.join(' | ')}`)
  return [
    table('2. Baseline: SQLite FTS5 trigram vs the bot, same plan, same question mix', ['metric', 'bot', 'FTS5', 'FTS/bot'], rows),
    ...notes,
  ].join('\n')
}

export function storeTable(results: StoreResult[], note = ''): string {
  return [
    table(
      '3. Progress store — addUpdate, one durable transaction per update',
      ['store', 'writers', 'updates', 'seconds', 'updates/s', 'p50 (ms)', 'p99 (ms)', 'max (ms)', 'durability; check'],
      results.map((s) => [
        s.store,
        String(s.writers),
        n(s.updates),
        s.seconds.toFixed(2),
        s.perSecond.toFixed(0),
        ms(s.p50),
        ms(s.p99),
        ms(s.max),
        `${s.durability}; ${s.integrity}`,
      ]),
    ),
    ...(note ? [`  ${note}`] : []),
  ].join('\n')
}

export function summaryTable(s: SummaryResult): string {
  const rows = s.timings.map((t) => [t.label, String(t.runs), ms(t.median), t.detail])
  const how = s.batchedTransactions
    ? `addUpdate in outer transactions of 5,000`
    : `one addUpdate transaction each, ${s.fillWriters} at once`
  return [
    table(
      `4. Summaries at scale — ${n(s.tasks)} tasks, ${n(s.updates)} updates in the ${s.store} store`,
      ['operation', 'runs', 'median ms', 'result'],
      rows,
    ),
    `  boot (warm index): ${ms(s.bootMs)} ms; generating ${n(s.updates)} updates (${how}): ${ms(s.generateMs)} ms = ${((s.generateMs * 1000) / s.updates).toFixed(0)} µs/update`,
    `  RSS after: ${mb(s.rss)}, peak ${mb(s.peakRss)}`,
  ].join('\n')
}

export function aimsTable(a: CorpusReport, b: CorpusReport): string {
  const check = (value: number, limit: number) => (value <= limit ? 'met' : 'MISSED')
  const coldA = coldMedian(a.coldWarm)
  const coldB = coldMedian(b.coldWarm)
  const cpu = (runs: ColdRun[]) => median(runs.map((r) => r.cpuMs))
  const rows = [
    [`p50 in-process, ${a.label}`, '≤ 1 ms', ms(a.bot.latency.p50), check(a.bot.latency.p50, 1), ''],
    [`p99 in-process, ${a.label}`, '≤ 5 ms', ms(a.bot.latency.p99), check(a.bot.latency.p99, 5), ''],
    [`p99 in-process, ${b.label} (${n(b.index.tasks)} tasks)`, '≤ 20 ms', ms(b.bot.latency.p99), check(b.bot.latency.p99, 20), ''],
    [`cold start (warm index), ${a.label}`, '≤ 1500 ms', ms(coldA), check(coldA, 1500), ms(cpu(a.coldWarm))],
    [`cold start (warm index), ${b.label}`, '≤ 1500 ms', ms(coldB), check(coldB, 1500), ms(cpu(b.coldWarm))],
    [
      `cold start compiled (npm run ask), ${a.label}`,
      '≤ 600 ms',
      ms(coldMedian(a.coldWarmDist)),
      check(coldMedian(a.coldWarmDist), 600),
      ms(cpu(a.coldWarmDist)),
    ],
    [
      `peak RSS compiled ask, ${a.label}`,
      '≤ 100 MB',
      mb(median(a.coldWarmDist.map((r) => r.peakRss))),
      check(median(a.coldWarmDist.map((r) => r.peakRss)), 100 * 1024 * 1024),
      '',
    ],
    [
      `cold start (first build), ${a.label}`,
      '≤ 1500 ms',
      ms(coldMedian(a.coldFirst)),
      check(coldMedian(a.coldFirst), 1500),
      ms(cpu(a.coldFirst)),
    ],
  ]
  if (b.index.tasks < 10_000) rows.push([`${b.label} corpus parsed ≥ 10,000 tasks`, '≥ 10,000', n(b.index.tasks), 'MISSED', ''])
  return table('5. Against the aims (verdict on wall-clock time)', ['aim', 'target', 'measured', 'verdict', 'child CPU'], rows)
}
