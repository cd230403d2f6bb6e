import { SqliteStore } from '../../src/core/progress/sqlite-store.js'

/**
 * Child-process writer for the crash and concurrency tests:
 *   node --import tsx tests/helpers/store-writer.ts <db> <n> [prefix] [per-second]
 * Opens a SqliteStore on <db> and stores <n> updates with source ids `<prefix>:<i>`, printing each
 * acknowledged update id on its own line right after addUpdate returns (that is, after commit).
 * With <per-second>, paces the writes at that rate. Prints `done` at the end. Exit 2 on bad arguments.
 */

const [file, count, prefix = `w${process.pid}`, rate] = process.argv.slice(2)
const n = Number(count)
const perSecond = rate === undefined ? 0 : Number(rate)
if (!file || !Number.isInteger(n) || n < 0 || !(perSecond >= 0)) {
  process.stderr.write('usage: store-writer.ts <db> <n> [prefix] [per-second]\n')
  process.exit(2)
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const store = new SqliteStore(file)
for (let i = 0; i < n; i++) {
  const result = await store.addUpdate({
    task: 20,
    unit: '知识产权促进科',
    user: `writer:${prefix}`,
    userName: null,
    text: `${prefix} update ${i}: 发明专利申请量${i}件`,
    figures: [{ value: i, unit: '件', target: 0, percent: i / 20 }],
    attainment: i / 20,
    done: false,
    sourceId: `${prefix}:${i}`,
    at: new Date().toISOString(),
  })
  const id = result.stored ? result.update.id : result.duplicateOf.id
  process.stdout.write(`${id}\n`)
  if (perSecond > 0) await pause(1000 / perSecond)
}
await store.close()
process.stdout.write('done\n')
