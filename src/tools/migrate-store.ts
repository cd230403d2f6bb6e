import { existsSync } from 'node:fs'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import Database from 'better-sqlite3'
import { PgStore } from '../core/progress/pg-store.js'
import { SqliteStore } from '../core/progress/sqlite-store.js'
import { isPostgresUrl, redactUrl } from '../core/progress/store-target.js'
import { runTool } from './run-tool.js'
import { copyTables, pgCounts, sqliteCounts } from './store-copy.js'

/**
 * `npm run migrate-store -- --from data/bot.db --to postgres://…`: moves a bureau from its SQLite
 * file to PostgreSQL. The source is first opened as the bot opens it (checked, brought to the
 * current schema), and refused while a bot still has it open; the target is migrated and refused
 * unless every table is empty; everything is copied in one transaction, then the rows of every table
 * are counted on both sides. Exit 0 when every count matches, 1 otherwise, 2 for wrong arguments.
 */

const USAGE = 'usage: npm run migrate-store -- --from data/bot.db --to postgres://用户:密码@主机:5432/库名\n'

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}

/** Processes on this machine that still have the SQLite file open as a store, by pid. */
function liveBots(file: string): number[] {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'instances'`).get()
    if (!hasTable) return []
    const rows = db.prepare('SELECT pid, host FROM instances').all() as { pid: number; host: string }[]
    return rows
      .filter((r) => r.host === hostname())
      .map((r) => r.pid)
      .filter((pid) => {
        try {
          process.kill(pid, 0)
          return true
        } catch (error) {
          return (error as NodeJS.ErrnoException).code === 'EPERM'
        }
      })
  } finally {
    db.close()
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2)
  const from = arg(argv, '--from')
  const to = arg(argv, '--to')
  if (!from || !to || argv.length !== 4) {
    process.stderr.write(USAGE)
    return 2
  }
  const file = resolve(from)
  if (!existsSync(file)) {
    process.stderr.write(`migrate-store: 找不到 SQLite 数据库文件 ${file}（--from）。\n`)
    return 2
  }
  if (!isPostgresUrl(to)) {
    process.stderr.write(`migrate-store: --to 应是 PostgreSQL 地址（postgres://…），而不是「${redactUrl(to)}」。\n${USAGE}`)
    return 2
  }
  const running = liveBots(file)
  if (running.length) {
    process.stderr.write(
      `migrate-store: 机器人仍在使用 ${file}（进程 ${running.join('、')}）。请先停止机器人，再迁移，以免遗漏迁移期间的写入。\n`,
    )
    return 1
  }
  await new SqliteStore(file).close() // checks the file and brings it to the current schema
  const source = new Database(file, { readonly: true })
  const target = await PgStore.open(to)
  try {
    const before = await pgCounts(target.query)
    const occupied = [...before].filter(([, n]) => n > 0)
    if (occupied.length) {
      process.stderr.write(
        `migrate-store: 目标数据库不是空的（${occupied.map(([t, n]) => `${t} ${n} 行`).join('，')}），未做任何修改。请换一个新建的空库（createdb 库名）。\n`,
      )
      return 1
    }
    const expected = sqliteCounts(source)
    await target.transaction((query) => copyTables(source, query))
    const after = await pgCounts(target.query)
    let ok = true
    for (const [table, n] of expected) {
      const got = after.get(table) ?? 0
      if (got !== n) ok = false
      process.stdout.write(`${table.padEnd(16)} ${String(n).padStart(8)} → ${String(got).padStart(8)}${got === n ? '' : '  不一致'}\n`)
    }
    process.stdout.write(
      ok
        ? `migrate-store: 已复制到 ${redactUrl(to)}，各表行数一致。之后把 BOT_DB 设为该地址启动机器人。\n`
        : 'migrate-store: 行数不一致，请勿切换；请检查后用新的空库重试。\n',
    )
    return ok ? 0 : 1
  } finally {
    source.close()
    await target.close()
  }
}

runTool(main, 'migrate-store failed')
