import { join } from 'node:path'
import { PgStore } from '../src/core/progress/pg-store.js'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import type { NewUpdate, ProgressStore } from '../src/core/progress/store.js'
import { median, percentile } from './stats.js'

/**
 * Sustained progress updates into a real store: one addUpdate per update, each its own transaction
 * with the store's durability (SQLite: WAL, synchronous=FULL → an fsync per commit; PostgreSQL:
 * synchronous_commit=on → a WAL flush per commit, shared by commits that arrive together), a fresh
 * source id each time (so the idempotency check runs too). `writers` callers add updates at once,
 * as several chat messages (or several instances) would. Stops at `max` updates or after
 * `seconds`, whichever comes first.
 */

export interface StoreResult {
  store: string
  writers: number
  updates: number
  seconds: number
  perSecond: number
  p50: number
  p99: number
  max: number
  /** How the store commits (journal and synchronous for SQLite, synchronous_commit for PostgreSQL). */
  durability: string
  integrity: string
}

function update(i: number): NewUpdate {
  return {
    task: 1 + (i % 64),
    unit: '知识产权促进科',
    user: `bench:user${i % 20}`,
    userName: '报送员',
    text: `截至6月底发明专利申请量${1000 + i}件`,
    figures: [{ value: 1000 + i, unit: '件', target: 0, percent: 50 }],
    attainment: 50,
    done: false,
    sourceId: `store-bench-${i}`,
    at: new Date(Date.UTC(2023, 5, 1) + i * 1000).toISOString(),
  }
}

async function measure(store: ProgressStore, max: number, seconds: number, writers: number) {
  const samples: number[] = []
  const start = performance.now()
  const deadline = start + seconds * 1000
  let next = 0
  const writer = async () => {
    while (next < max && performance.now() < deadline) {
      const i = next++
      const t0 = performance.now()
      await store.addUpdate(update(i))
      samples.push(performance.now() - t0)
    }
  }
  await Promise.all(Array.from({ length: writers }, writer))
  const elapsed = (performance.now() - start) / 1000
  return {
    writers,
    updates: samples.length,
    seconds: elapsed,
    perSecond: samples.length / elapsed,
    p50: median(samples),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
  }
}

export async function benchStore(dir: string, max = 2000, seconds = 3): Promise<StoreResult> {
  const store = new SqliteStore(join(dir, 'progress.db'))
  try {
    const result = await measure(store, max, seconds, 1)
    const pragmas = store.pragmas()
    return {
      store: 'SQLite',
      ...result,
      durability: `journal ${pragmas.journalMode}, synchronous=${pragmas.synchronous}`,
      integrity: store.integrityCheck(),
    }
  } finally {
    await store.close()
  }
}

/** The same against PostgreSQL (a fresh database at `url`), with `writers` at once. */
export async function benchPgStore(url: string, writers: number, max = 20_000, seconds = 3): Promise<StoreResult> {
  const store = await PgStore.open(url, { poolSize: Math.max(10, writers) })
  try {
    const result = await measure(store, max, seconds, writers)
    const [sync] = await store.query<{ synchronous_commit: string }>('SHOW synchronous_commit')
    const [count] = await store.query<{ n: number; distinct: number }>(
      'SELECT COUNT(*)::int AS n, COUNT(DISTINCT source_id)::int AS distinct FROM updates',
    )
    return {
      store: 'PostgreSQL',
      ...result,
      durability: `synchronous_commit=${sync?.synchronous_commit}`,
      integrity: count?.n === result.updates && count.distinct === result.updates ? 'ok (every update stored once)' : 'MISMATCH',
    }
  } finally {
    await store.close()
  }
}
