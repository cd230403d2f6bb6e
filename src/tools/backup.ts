import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { databasePath } from '../boot.js'
import { loadConfig } from '../config.js'
import { SqliteStore } from '../core/progress/sqlite-store.js'
import { isPostgresUrl } from '../core/progress/store-target.js'
import { runTool } from './run-tool.js'

/**
 * `npm run backup -- FILE`: an online backup of the progress store (BOT_DB, default data/bot.db in
 * the project, resolved as boot does) to FILE, using SQLite's backup API while the bot may be
 * running. Prints the backup's path and its integrity_check result; exit 1 unless it is "ok",
 * exit 2 without FILE.
 */

async function main(): Promise<number> {
  const [target, ...extra] = process.argv.slice(2)
  if (!target || extra.length > 0 || target.startsWith('-')) {
    process.stderr.write('usage: npm run backup -- FILE   (copies the progress database BOT_DB to FILE)\n')
    return 2
  }
  const config = loadConfig(process.env, 'cli')
  const source = databasePath(config)
  if (isPostgresUrl(source)) {
    process.stderr.write('backup: BOT_DB 是 PostgreSQL 数据库，请用 pg_dump 备份（例如 pg_dump -Fc -f 备份文件 "$BOT_DB"）。\n')
    return 1
  }
  const destination = resolve(target)
  if (!existsSync(source)) {
    process.stderr.write(`backup: no database at ${source} (set BOT_DB)\n`)
    return 1
  }
  if (destination === source) {
    process.stderr.write(`backup: FILE must differ from the database itself (${source})\n`)
    return 1
  }
  const store = new SqliteStore(source)
  try {
    const result = await store.backup(destination)
    process.stdout.write(`backup: ${destination}\nintegrity_check: ${result}\n`)
    return result === 'ok' ? 0 : 1
  } finally {
    await store.close()
  }
}

runTool(main, 'backup failed')
