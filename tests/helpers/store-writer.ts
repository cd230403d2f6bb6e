import { SqliteStore } from '../../src/core/progress/sqlite-store.js'

/**
 * Child-process writer for the crash and concurrency tests:
 *   node --import tsx tests/helpers/store-writer.ts <db> <n> [prefix]
 * Opens a SqliteStore on <db> and stores <n> updates with source ids `<prefix>:<i>`, printing each
 * acknowledged update id on its own line right after addUpdate returns (that is, after commit).
 * Prints `done` at the end. Exit 2 on bad arguments.
 */

const [file, count, prefix = `w${process.pid}`] = process.argv.slice(2)
const n = Number(count)
if (!file || !Number.isInteger(n) || n < 0) {
  process.stderr.write('usage: store-writer.ts <db> <n> [prefix]\n')
  process.exit(2)
}

const store = new SqliteStore(file)
for (let i = 0; i < n; i++) {
  const result = store.addUpdate({
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
}
store.close()
process.stdout.write('done\n')
