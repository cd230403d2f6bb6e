import { join } from 'node:path'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import { median, percentile } from './stats.js'

/**
 * Sustained progress updates into a real SqliteStore file: one addUpdate per update, each its own
 * IMMEDIATE transaction with the store's durability (WAL, synchronous=FULL → an fsync per commit),
 * a fresh source id each time (so the idempotency lookup runs too). Stops at `max` updates or
 * after `seconds`, whichever comes first.
 */

export interface StoreResult {
  updates: number
  seconds: number
  perSecond: number
  p50: number
  p99: number
  max: number
  journalMode: string
  synchronous: number
  integrity: string
}

export async function benchStore(dir: string, max = 2000, seconds = 3): Promise<StoreResult> {
  const store = new SqliteStore(join(dir, 'progress.db'))
  try {
    const samples: number[] = []
    const start = performance.now()
    const deadline = start + seconds * 1000
    for (let i = 0; i < max && performance.now() < deadline; i++) {
      const t0 = performance.now()
      await store.addUpdate({
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
      })
      samples.push(performance.now() - t0)
    }
    const elapsed = (performance.now() - start) / 1000
    const pragmas = store.pragmas()
    return {
      updates: samples.length,
      seconds: elapsed,
      perSecond: samples.length / elapsed,
      p50: median(samples),
      p99: percentile(samples, 99),
      max: Math.max(...samples),
      journalMode: pragmas.journalMode,
      synchronous: pragmas.synchronous,
      integrity: store.integrityCheck(),
    }
  } finally {
    await store.close()
  }
}
