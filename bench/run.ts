import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TempPostgres } from '../scripts/pg-temp-server.js'
import { PROJECT_ROOT } from '../src/boot.js'
import type { BotResult } from './bot-bench.js'
import { type ColdRun, coldStart, runWorker } from './child.js'
import { writeSynthSeeds } from './corpus.js'
import type { FtsResult } from './fts-bench.js'
import type { IndexResult } from './index-bench.js'
import { DEV_QUESTIONS, GENERATED_COUNTS, readDevItems } from './questions.js'
import { readBench } from './read-bench.js'
import {
  aimsTable,
  type CorpusReport,
  corpusLine,
  ftsTable,
  kindTable,
  loadLine,
  machine,
  searchTable,
  storeTable,
  summaryTable,
} from './report.js'
import { table } from './stats.js'
import { benchPgStore, benchStore } from './store-bench.js'
import type { SummaryResult } from './summary-bench.js'
import { type WebBenchResult, webTable } from './web-bench.js'

/**
 * `npm run bench`: tables on stdout, progress on stderr. Everything heavy runs in child processes
 * (bench/worker.ts, src/ask.ts); all files go to one temp folder, removed at the end.
 */

const QUESTION = '商标工作谁牵头？'
const PASSES = 3
const WARM_RUNS = 5
const SYNTH_TASKS = 10_000
const SUMMARY_UPDATES = 100_000
/** Fixed clock for the summaries: mid-year of the plan year, so statuses vary. */
const SUMMARY_NOW = '2023-07-01T01:00:00Z'

const PG_MISSING = 'PostgreSQL rows skipped: PostgreSQL is not installed (apt-get update && apt-get install -y postgresql).'

const GENERATED = Object.entries(GENERATED_COUNTS)
  .map(([k, v]) => `${k} ${v}`)
  .join(', ')

const root = mkdtempSync(join(tmpdir(), 'gzyd-bench-'))
const cleanup = () => rmSync(root, { recursive: true, force: true })
process.on('SIGINT', () => {
  cleanup()
  process.exit(130)
})

const say = (line: string) => process.stdout.write(`${line}\n`)
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`)

interface CorpusSpec {
  label: string
  slug: string
  seeds: string | null
  written: number | null
  /** Cold starts that build the index first (each in a fresh folder). */
  firstRuns: number
  /** In-process index builds and warm loads (median). */
  buildRuns: number
}

async function coldRuns(spec: CorpusSpec, work: string): Promise<{ first: ColdRun[]; warm: ColdRun[]; warmDist: ColdRun[] }> {
  const env = (i: number) => ({
    BOT_INDEX_DIR: join(work, `cold-index-${i}`),
    BOT_DB: join(work, `cold-${i}.db`),
    ...(spec.seeds ? { BOT_SEEDS: spec.seeds } : {}),
  })
  const first: ColdRun[] = []
  for (let i = 0; i < spec.firstRuns; i++) first.push(await coldStart(QUESTION, env(i)))
  const warm: ColdRun[] = []
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await coldStart(QUESTION, env(0)))
  // The compiled build, as `npm run ask` runs it (the first call builds dist/ if it is stale; not timed).
  await coldStart(QUESTION, env(0), 'dist')
  const warmDist: ColdRun[] = []
  for (let i = 0; i < WARM_RUNS; i++) warmDist.push(await coldStart(QUESTION, env(0), 'dist'))
  return { first, warm, warmDist }
}

async function corpus(spec: CorpusSpec): Promise<CorpusReport> {
  const work = join(root, spec.slug)
  progress(`${spec.label}: ${spec.buildRuns}× index build and warm load`)
  const index = await runWorker<IndexResult>('index', { seeds: spec.seeds, work: join(work, 'index'), runs: spec.buildRuns })
  const options = {
    seeds: spec.seeds,
    indexDir: index.indexDir,
    passes: PASSES,
    accuracy: spec.seeds === null && existsSync(DEV_QUESTIONS),
  }
  progress(`${spec.label}: ${PASSES + 2} passes over the question mix through bot.handle`)
  const bot = await runWorker<BotResult>('bot', { ...options, work: join(work, 'bot') })
  progress(`${spec.label}: FTS5 baseline`)
  const fts = await runWorker<FtsResult>('fts', { ...options, work: join(work, 'fts') })
  progress(`${spec.label}: cold starts (${spec.firstRuns} first build, ${WARM_RUNS} warm)`)
  const cold = await coldRuns(spec, join(work, 'cold'))
  return {
    label: spec.label,
    written: spec.written,
    index,
    bot,
    fts,
    coldFirst: cold.first,
    coldWarm: cold.warm,
    coldWarmDist: cold.warmDist,
  }
}

async function main(): Promise<void> {
  say(`工作要点助手 — npm run bench (${new Date().toISOString()})`)
  say(machine())
  const synthSeeds = join(root, 'synthetic-seeds')
  const written = writeSynthSeeds(join(PROJECT_ROOT, 'seeds'), synthSeeds, SYNTH_TASKS)
  const bundled = await corpus({ label: 'bundled', slug: 'bundled', seeds: null, written: null, firstRuns: 3, buildRuns: 3 })
  const synth = await corpus({ label: 'synthetic', slug: 'synthetic', seeds: synthSeeds, written, firstRuns: 1, buildRuns: 1 })
  say(`\nCorpora\n  ${corpusLine(bundled)}\n  ${corpusLine(synth)}`)
  say(
    `  question mix: ${bundled.bot.questions} questions (${readDevItems().length} dev + generated ${GENERATED}, seeded PRNG), 1 warm-up + ${PASSES} timed passes`,
  )
  say(searchTable(bundled, synth))
  say(kindTable(bundled, synth))
  say(ftsTable(bundled, synth))
  progress('progress store: sustained addUpdate (SQLite, then PostgreSQL on a temporary server)')
  const postgres = await TempPostgres.start()
  const stores = [await benchStore(mkdtempSync(join(root, 'store-')))]
  if (postgres) for (const writers of [1, 8]) stores.push(await benchPgStore(await postgres.createDatabase(`store${writers}`), writers))
  say(storeTable(stores, postgres ? '' : PG_MISSING))
  const summaryRun = (db?: string) =>
    runWorker<SummaryResult>('summary', {
      seeds: synthSeeds,
      indexDir: synth.index.indexDir,
      work: join(root, db ? 'summary-pg' : 'summary'),
      updates: SUMMARY_UPDATES,
      now: SUMMARY_NOW,
      runs: 3,
      ...(db ? { db } : {}),
    })
  progress(`summaries: ${SUMMARY_UPDATES.toLocaleString('en-US')} updates into the synthetic plan's store, then 汇总 and exports`)
  say(summaryTable(await summaryRun()))
  if (postgres) {
    progress(`summaries on PostgreSQL: ${SUMMARY_UPDATES.toLocaleString('en-US')} updates, then 汇总 and exports`)
    say(summaryTable(await summaryRun(await postgres.createDatabase('summary'))))
    await postgres.stop()
  } else say(`  ${PG_MISSING}`)
  progress('dashboard: overview page for the bundled plan and for the synthetic plan with 100,000 updates')
  const webBundled = await runWorker<WebBenchResult>('web', {
    seeds: null,
    indexDir: bundled.index.indexDir,
    work: join(root, 'web-bundled'),
    updates: 300,
    now: SUMMARY_NOW,
    runs: 10,
  })
  const webSynth = await runWorker<WebBenchResult>('web', {
    seeds: synthSeeds,
    indexDir: synth.index.indexDir,
    work: join(root, 'web-synthetic'),
    updates: SUMMARY_UPDATES,
    now: SUMMARY_NOW,
    runs: 3,
  })
  say(
    webTable([
      { label: 'bundled', aim: 50, r: webBundled },
      { label: 'synthetic', aim: 1000, r: webSynth },
    ]),
  )
  progress('plan files: read each container, and a 500-task .docx/.xlsx read, recognised and indexed')
  const reads = await readBench()
  say(
    table(
      '6. Reading plan files — median of 5 (first read loads exceljs / pdf.js)',
      ['file', 'median ms'],
      reads.map((r) => [r.name, r.ms.toFixed(1)]),
    ),
  )
  const docxIndex = reads.find((r) => r.name.startsWith('read + recognise + index docx'))
  if (docxIndex)
    say(`  aim: a 500-task .docx read and indexed in under 2 s: ${docxIndex.ms.toFixed(0)} ms, ${docxIndex.ms < 2000 ? 'met' : 'MISSED'}`)
  say(aimsTable(bundled, synth))
  say(`\n${loadLine('end')}`)
}

main()
  .catch((error) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  })
  .finally(cleanup)
